"""Writes of the plan cycle: draft the next plan from the last one, put a plan in force,
discard a draft. Each function checks the role, validates everything first (collecting
every problem) and then writes in one transaction: nothing is ever half-saved.

A drafted and an imported plan follow one set of rules (`plan_header_errors`, the column
limits of planning/limits.py, a continuing indicator's approved baseline), checked again
when the plan is put in force. Drafting, importing and putting in force lock the base's
row first, so parallel writers take turns and the later ones get a message.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import format_decimal, to_decimal
from core.people import display_name, local_time
from core.records import require_permission
from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.names import ParsedName, parse_indicator_name
from indicators.progress import IndicatorKind
from indicators.rules import unit_errors
from plans.models import PUT_IN_FORCE_PERMISSION, Base, Plan, PlanState, Unit
from platforms.models import Platform
from projects.models import Project, ProjectStatus
from work.models import (
    Goal,
    Policy,
    Programme,
    Spotlight,
    WorkItem,
    WorkProgress,
    WorkStatus,
)

from . import importers
from .limits import field_errors
from .listeners import plan_put_in_force_listeners


@dataclass
class CarriedIndicator:
    """An indicator of the source plan carried into the draft, with its new target."""

    source: Indicator
    target: object  # typed text or a Decimal
    name: str = ""  # "" keeps the source's name
    unit: str | None = None  # None keeps the source's unit


@dataclass
class NewIndicator:
    """An indicator the draft adds (no series before it)."""

    name: str  # may carry its unit in brackets, as in the annexes: 科技型企业数（家）
    baseline: object
    target: object
    key: object = None  # how the form names the row in messages


@dataclass
class DraftRequest:
    """What a manager asks for when drafting the next plan from `source`."""

    source: Plan
    name: str
    first_year: int
    last_year: int
    carried: list[CarriedIndicator] = field(default_factory=list)
    added: list[NewIndicator] = field(default_factory=list)
    carry_platforms: bool = True
    carry_projects: bool = True
    carry_work: bool = True
    source_document: str = ""


@dataclass(frozen=True)
class CarriedBaseline:
    """The approved actual a carried indicator starts from, and who approved it."""

    value: Decimal
    year: int
    approval: YearApproval


def carried_baselines(source, year):
    """{indicator pk: CarriedBaseline or None} for the source plan's indicators: the
    approved actual of `year` (the new plan's baseline year); None if there is none."""
    approval = YearApproval.objects.for_year(year)
    indicators = list(Indicator.objects.of_plan(source).order_by("serial"))
    actuals = {
        a.indicator_id: a.value
        for a in IndicatorActual.objects.filter(
            year=year, indicator_id__in=[i.series_key for i in indicators]
        )
    }
    baselines = {}
    for indicator in indicators:
        value = actuals.get(indicator.series_key)
        baselines[indicator.pk] = (
            CarriedBaseline(value, year, approval) if value is not None and approval else None
        )
    return baselines


def _draft_errors(request, baselines):
    """{field: [message]} for a draft request; empty when it may be saved."""
    errors = plan_header_errors(request, request.source)

    def add(key, message):
        errors.setdefault(key, []).append(message)

    baseline_year = request.first_year - 1
    if not request.carried and not request.added:
        add("__all__", _("新规划至少要有一项指标：请选择延续的指标或新增指标。"))
    names = {}
    for carried in request.carried:
        row = f"carried-{carried.source.serial}"
        name = carried.name.strip() or carried.source.name
        if baselines.get(carried.source.pk) is None and "first_year" not in errors:
            add(
                row,
                _("“%(name)s”没有 %(year)s 年的已审定实际值，不能作为基期。")
                % {"name": carried.source.name, "year": baseline_year},
            )
        for message in field_errors(Indicator, "name", carried.name.strip() or None, _("新名称")):
            add(row, message)
        for message in field_errors(Indicator, "unit", carried.unit):
            add(row, message)
        _check_target(add, row, carried.target, carried.unit or carried.source.unit)
        names.setdefault(name, []).append(row)
    for new in request.added:
        row = f"added-{new.key}"
        parsed = parse_indicator_name(new.name)
        if not parsed.name:
            add(row, _("新增指标的名称不能为空。"))
            continue
        for message in indicator_name_errors(new.name.strip(), parsed, _("指标名称")):
            add(row, message)
        for label, raw in ((_("基期值"), new.baseline), (_("目标值"), new.target)):
            try:
                value = to_decimal(raw, label)
            except ValidationError as error:
                add(row, error.messages[0])
            else:
                for message in unit_errors(value, parsed.unit, label, whole=False):
                    add(row, message)
        names.setdefault(parsed.name, []).append(row)
    for name, rows in names.items():
        if len(rows) > 1:
            add(
                "__all__",
                _("指标名称“%(name)s”重复：同一规划中指标名称不能相同。") % {"name": name},
            )
    return errors


def indicator_name_errors(name_as_written, parsed: ParsedName, label):
    """[message] when an indicator's name does not fit its columns: the whole text, else
    the first of the short name, unit and note parsed from it that does not."""
    if messages := field_errors(Indicator, "name_as_written", name_as_written, label):
        return messages
    for field_name, value in (
        ("name", parsed.name),
        ("unit", parsed.unit),
        ("scope_note", parsed.scope_note),
    ):
        part = Indicator._meta.get_field(field_name).verbose_name
        part_label = _("%(label)s中的%(part)s") % {"label": label, "part": part}
        if messages := field_errors(Indicator, field_name, value, part_label):
            return messages
    return []


def continuing_baseline_error(continues, value, baselines, year):
    """The message when an indicator continuing `continues` would not start from the
    approved actual of `year` (the new plan's baseline year, `baselines` from
    `carried_baselines`); None when it does."""
    approved = baselines.get(continues.pk)
    if approved is None:
        return _("“%(name)s”没有 %(year)s 年的已审定实际值，不能作为基期。") % {
            "name": continues.name,
            "year": year,
        }
    if value != approved.value:
        return _(
            "“基期值”应为 %(year)s 年已审定实际值 %(approved)s（延续上一期指标“%(name)s”），"
            "而不是 %(value)s。"
        ) % {
            "year": year,
            "approved": format_decimal(approved.value),
            "name": continues.name,
            "value": format_decimal(value),
        }
    return None


def _check_target(add, row, raw, unit):
    label = _("目标值")
    try:
        value = to_decimal(raw, label)
    except ValidationError as error:
        add(row, error.messages[0])
        return
    for message in unit_errors(value, unit, label, whole=False):
        add(row, message)


@transaction.atomic
def plan_draft(*, user, request: DraftRequest) -> Plan:
    """Draft the next plan from `request.source`: carried indicators start from their
    approved actual of the new baseline year and continue their series; platforms in
    force and projects not finished are carried when asked. Returns the draft."""
    require_permission(user, "plans.add_plan", _("只有基地管理员可以起草规划。"))
    source = request.source
    _lock_plans_of(source.base)
    baseline_year = request.first_year - 1
    baselines = carried_baselines(source, baseline_year)
    errors = _draft_errors(request, baselines)
    if errors:
        raise ValidationError(errors)

    plan = Plan(
        base=source.base,
        name=request.name.strip(),
        baseline_year=baseline_year,
        first_year=request.first_year,
        last_year=request.last_year,
        state=PlanState.DRAFT,
        source_document=request.source_document.strip(),
        previous=source,
        created_by=user,
    )
    _save_new_plan(plan, user)
    serial = 0
    for carried in sorted(request.carried, key=lambda c: c.source.serial):
        serial += 1
        old = carried.source
        baseline = baselines[old.pk]
        unit = old.unit if carried.unit is None else carried.unit
        _save(
            Indicator(
                plan=plan,
                serial=serial,
                name_as_written=carried.name.strip() or old.name_as_written,
                name=carried.name.strip() or old.name,
                unit=unit,
                scope_note=old.scope_note,
                baseline_year=baseline_year,
                baseline_value=baseline.value,
                target_year=request.last_year,
                target_value=to_decimal(carried.target),
                kind=old.kind,
                source_ref=_("延续%(plan)s第 %(serial)s 项指标")
                % {"plan": source.period_label, "serial": old.serial},
                remark=_("基期值为 %(year)s 年已审定实际值（%(who)s 于 %(when)s 审定）。")
                % {
                    "year": baseline_year,
                    "who": display_name(baseline.approval.approved_by),
                    "when": local_time(baseline.approval.approved_at),
                },
                continues=old,
                series_origin_id=old.series_key,
            ),
            user,
        )
    for new in request.added:
        serial += 1
        parsed = parse_indicator_name(new.name)
        _save(
            Indicator(
                plan=plan,
                serial=serial,
                name_as_written=new.name.strip(),
                name=parsed.name,
                unit=parsed.unit,
                scope_note=parsed.scope_note,
                baseline_year=baseline_year,
                baseline_value=to_decimal(new.baseline),
                target_year=request.last_year,
                target_value=to_decimal(new.target),
                source_ref=_("新规划新增指标"),
            ),
            user,
        )
    if request.carry_platforms:
        _carry_platforms(source, plan, user)
    if request.carry_projects:
        _carry_projects(source, plan, user)
    _carry_work(source, plan, user, carry_items=request.carry_work)
    return plan


def _save(obj, user):
    obj._history_user = user
    obj.save()
    return obj


def _lock_plans_of(base):
    """Lock the base's row until the transaction ends: drafting, importing and putting in
    force take turns per base, so each checks its rules (a name not taken, the plan in
    force) against what the one before it saved. SQLite ignores the lock; there the
    site's writers already queue (core/middleware.py)."""
    Base.objects.select_for_update().get(pk=base.pk)


def _name_taken(name):
    return _("已有名为“%(name)s”的规划，请换一个名称。") % {"name": name}


def _save_new_plan(plan, user):
    """Save a new plan; a name another writer took meanwhile (past the lock: a path that
    does not take it) is a message, not a database error."""
    try:
        with transaction.atomic():
            return _save(plan, user)
    except IntegrityError:
        if Plan.objects.filter(base=plan.base, name=plan.name).exists():
            raise ValidationError({"name": [_name_taken(plan.name)]}) from None
        raise


def _carry_platforms(source, plan, user):
    """Platforms in force (not revoked) join the new plan's list, numbered anew."""
    platforms = Platform.objects.filter(plan=source).current().order_by("pk")
    for serial, old in enumerate(platforms, start=1):
        _save(
            Platform(
                plan=plan,
                serial=serial,
                name=old.name,
                host_organisation=old.host_organisation,
                platform_type=old.platform_type,
                level=old.level,
                recognised_year=old.recognised_year,
                remark=old.remark,
                carried_from=old,
            ),
            user,
        )


def _carry_projects(source, plan, user):
    """Projects not finished (latest status not 已竣工) join the new plan, numbered anew;
    a part of another carried project stays a part of it."""
    projects = Project.objects.filter(plan=source).with_progress().order_by("row")
    unfinished = [p for p in projects if p.latest_status != ProjectStatus.COMPLETED]
    copies = {}
    # Wholes first, so a part can point at its whole's copy.
    for row, old in enumerate(sorted(unfinished, key=lambda p: p.included_in_id is not None), 1):
        copies[old.pk] = _save(
            Project(
                plan=plan,
                row=row,
                name=old.name,
                year=old.year,
                nature=old.nature,
                total_investment=old.total_investment,
                included_in=copies.get(old.included_in_id),
                remark=old.remark,
                carried_from=old,
            ),
            user,
        )


# A task or item whose latest status is one of these is done with: it stays in its plan.
FINISHED_WORK = frozenset({WorkStatus.COMPLETED, WorkStatus.STOPPED})


def unfinished_work(source):
    """The tasks and spotlight items of `source` still to do: those whose latest status in
    the plan's years is not 已完成 or 已停止 (no progress at all counts as unfinished)."""
    latest = {}
    progress = WorkProgress.objects.filter(
        item__plan=source, year__gte=source.first_year, year__lte=source.last_year
    ).order_by("year")
    for item_id, status in progress.values_list("item_id", "status"):
        latest[item_id] = status  # ordered by year: the last one wins
    items = WorkItem.objects.filter(plan=source).order_by("kind", "ordering", "identifier")
    return [item for item in items if latest.get(item.pk) not in FINISHED_WORK]


def _carry_work(source, plan, user, *, carry_items):
    """The plan's work into the draft: every programme, spotlight, policy and goal, as
    written (identifiers kept); with `carry_items`, the unfinished tasks and items too,
    each pointing at the item it came from, with its units and its links to the projects
    and platforms carried with it."""
    programmes, spotlights = {}, {}
    for old in Programme.objects.filter(plan=source):
        programmes[old.pk] = _save(
            Programme(
                plan=plan,
                identifier=old.identifier,
                number=old.number,
                title=old.title,
                text=old.text,
                ordering=old.ordering,
            ),
            user,
        )
    for old in Spotlight.objects.filter(plan=source):
        spotlights[old.pk] = _save(
            Spotlight(
                plan=plan,
                programme=programmes[old.programme_id],
                identifier=old.identifier,
                title=old.title,
                ordering=old.ordering,
            ),
            user,
        )
    for model in (Policy, Goal):
        names = [f.name for f in model._meta.concrete_fields if f.name not in {"id", "plan"}]
        for old in model.objects.filter(plan=source):
            _save(model(plan=plan, **{name: getattr(old, name) for name in names}), user)
    if not carry_items:
        return
    projects = dict(Project.objects.filter(plan=plan).values_list("carried_from_id", "pk"))
    platforms = dict(Platform.objects.filter(plan=plan).values_list("carried_from_id", "pk"))
    for old in unfinished_work(source):
        new = _save(
            WorkItem(
                kind=old.kind,
                plan=plan,
                programme=programmes[old.programme_id],
                spotlight=spotlights.get(old.spotlight_id),
                identifier=old.identifier,
                title=old.title,
                text=old.text,
                ordering=old.ordering,
                visibility=old.visibility,
                lead_unit_id=old.lead_unit_id,
                carried_from=old,
            ),
            user,
        )
        new.collaborating_units.set(old.collaborating_units.all())
        new.projects.set(
            [projects[pk] for pk in old.projects.values_list("pk", flat=True) if pk in projects]
        )
        new.platforms.set(
            [platforms[pk] for pk in old.platforms.values_list("pk", flat=True) if pk in platforms]
        )


@transaction.atomic
def plan_put_in_force(*, user, plan) -> Plan:
    """Leadership puts a draft in force; the plan in force before it, the one it was
    drafted from, is closed. Every rule of a new plan is checked again, as things stand
    now: another draft may have been put in force, or the baseline year unlocked."""
    require_permission(user, PUT_IN_FORCE_PERMISSION, _("只有领导可以批准规划执行。"))
    _lock_plans_of(plan.base)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != PlanState.DRAFT:
        raise ValidationError(
            _("“%(name)s”不是草稿（当前状态：%(state)s），无需再次批准。")
            % {"name": plan.name, "state": plan.get_state_display()}
        )
    # The plan it was drafted from, locked too: its state is the one checked below, even
    # for a writer that came past the base's lock.
    previous = Plan.objects.select_for_update().filter(pk=plan.previous_id).first()
    errors = _in_force_errors(plan, previous)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            closed = []
            for previous in Plan.objects.select_for_update().filter(
                base=plan.base, state=PlanState.IN_FORCE
            ):
                previous.state = PlanState.CLOSED
                closed.append(_save(previous, user))
            plan.state = PlanState.IN_FORCE
            plan.put_in_force_by = user
            plan.put_in_force_at = timezone.now()
            plan = _save(plan, user)
            # In this transaction: the plan's notices are written with it or not at all.
            plan_put_in_force_listeners.announce(plan=plan, user=user, closed=closed)
            return plan
    except IntegrityError:
        # Another plan went in force past the lock: say so rather than fail.
        other = Plan.objects.filter(base=plan.base).in_force().exclude(pk=plan.pk).first()
        if other is None:
            raise
        raise ValidationError(
            _("“%(other)s”已批准执行：同一示范基地只能有一个执行中的规划。") % {"other": other.name}
        ) from None


def _in_force_errors(plan, previous):
    """[message] refusing to put the draft `plan` in force: `previous`, the plan it was
    drafted from, is no longer in force, or it breaks a rule of a new plan
    (`plan_header_errors`), or a carried indicator no longer starts from the approved
    actual of its baseline year."""
    if previous is None:  # a first plan (added in the admin): nothing to follow
        if Plan.objects.filter(base=plan.base).in_force().exists():
            return [
                _("“%(name)s”没有上一期规划，而示范基地已有执行中的规划。") % {"name": plan.name}
            ]
        return []
    if previous.state != PlanState.IN_FORCE:
        return [
            _(
                "“%(name)s”是在“%(previous)s”基础上起草的，而“%(previous)s”已不在执行中"
                "（%(state)s）：请在执行中的规划基础上重新起草。"
            )
            % {"name": plan.name, "previous": previous.name, "state": previous.get_state_display()}
        ]
    header_errors = plan_header_errors(plan, previous, plan=plan)
    messages = [m for field_messages in header_errors.values() for m in field_messages]
    if plan.baseline_year != plan.first_year - 1:
        messages.append(
            _("基期年份应为起始年份的前一年（%(year)s 年）。") % {"year": plan.first_year - 1}
        )
    indicators = list(Indicator.objects.of_plan(plan).select_related("continues"))
    if not indicators:
        messages.append(_("规划没有任何指标，不能付诸执行。"))
    if messages:
        return messages
    baselines = carried_baselines(previous, plan.baseline_year)
    for indicator in indicators:
        if (indicator.baseline_year, indicator.target_year) != (plan.baseline_year, plan.last_year):
            messages.append(
                _("指标“%(name)s”的基期与目标年份（%(baseline)s、%(target)s）与规划不一致。")
                % {
                    "name": indicator.name,
                    "baseline": indicator.baseline_year,
                    "target": indicator.target_year,
                }
            )
        if indicator.continues is not None:
            error = continuing_baseline_error(
                indicator.continues, indicator.baseline_value, baselines, plan.baseline_year
            )
            if error:
                messages.append(
                    _("指标“%(name)s”：%(error)s") % {"name": indicator.name, "error": error}
                )
    return messages


@transaction.atomic
def plan_discard(*, user, plan):
    """A manager discards a draft and everything drafted with it (history keeps them)."""
    require_permission(user, "plans.change_plan", _("只有基地管理员可以删除规划草稿。"))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != PlanState.DRAFT:
        raise ValidationError(_("只有草稿可以删除；已执行或已结束的规划是历史记录。"))
    drafted = [
        WorkItem.objects.filter(plan=plan),
        Spotlight.objects.filter(plan=plan),
        Programme.objects.filter(plan=plan),
        Policy.objects.filter(plan=plan),
        Goal.objects.filter(plan=plan),
        Project.objects.filter(plan=plan, included_in__isnull=False),  # parts before wholes
        Project.objects.filter(plan=plan),
        Platform.objects.filter(plan=plan),
        Indicator.objects.filter(plan=plan),
    ]
    for rows in drafted:
        for row in rows:
            row._history_user = user  # row by row, so the history records each deletion
            row.delete()
    plan._history_user = user
    plan.delete()


def baseline_text(baseline):
    """How the draft form shows a carried baseline: the value and its approval."""
    if baseline is None:
        return ""
    return _("%(value)s（%(year)s 年，%(who)s 于 %(when)s 审定）") % {
        "value": format_decimal(baseline.value),
        "year": baseline.year,
        "who": display_name(baseline.approval.approved_by),
        "when": local_time(baseline.approval.approved_at),
    }


@dataclass
class PlanHeader:
    """A plan's own facts, typed on the import page."""

    name: str
    first_year: int
    last_year: int
    source_document: str = ""


def plan_header_errors(header, previous, *, plan=None):
    """{field: [message]} for a new plan's own facts (anything with `name`,
    `source_document`, `first_year` and `last_year`: a draft request, an import's header,
    a plan), drafted or imported after `previous`; `plan` is the plan itself when it is
    checked again before it is put in force. The rules every new plan follows:
    - a name, unique in the base, and a source document that fit their columns;
    - a period of at least one year that follows `previous` without gap or overlap;
    - its baseline year (the year before it starts: `previous`'s last) approved.
    """
    errors = {}

    def add(key, messages):
        if messages:
            errors.setdefault(key, []).extend(messages)

    name = header.name.strip()
    if not name:
        add("name", [_("规划名称不能为空。")])
    else:
        add("name", field_errors(Plan, "name", name))
        others = Plan.objects.filter(base=previous.base, name=name)
        if plan is not None:
            others = others.exclude(pk=plan.pk)
        if others.exists():
            add("name", [_name_taken(name)])
    add("source_document", field_errors(Plan, "source_document", header.source_document.strip()))
    for key in ("first_year", "last_year"):
        add(key, field_errors(Plan, key, getattr(header, key)))
    if errors.keys() & {"first_year", "last_year"}:
        return errors
    if header.last_year < header.first_year:
        add(
            "last_year",
            [
                _("目标年份 %(last)s 早于起始年份 %(first)s：规划期至少一年。")
                % {"last": header.last_year, "first": header.first_year}
            ],
        )
    baseline_year = previous.last_year
    if header.first_year != baseline_year + 1:
        add(
            "first_year",
            [
                _(
                    "新规划应紧接上一期规划“%(previous)s”（%(period)s）：从 %(year)s 年开始，"
                    "既不空出年份，也不与之重叠。"
                )
                % {
                    "previous": previous.name,
                    "period": previous.period_label,
                    "year": baseline_year + 1,
                }
            ],
        )
    elif YearApproval.objects.for_year(baseline_year) is None:
        add(
            "first_year",
            [
                _(
                    "%(year)s 年的数据尚未经领导审定，不能作为新规划的基期：请先审定 "
                    "%(year)s 年，或调整规划起始年份。"
                )
                % {"year": baseline_year}
            ],
        )
    return errors


# The columns of the imported sheets (planning/importers.py) and the fields they are
# stored in, for `field_errors`; an indicator's name is checked by `indicator_name_errors`.
_IMPORTED_FIELDS = {
    "indicators": (Indicator, [("serial", "serial")]),
    "platforms": (
        Platform,
        [("serial", "serial"), ("name", "name"), ("host", "host_organisation"),
         ("type", "platform_type")],
    ),
    "projects": (Project, [("row", "row"), ("name", "name"), ("year", "year")]),
    "programmes": (
        Programme, [("identifier", "identifier"), ("number", "number"), ("title", "title")]
    ),
    "spotlights": (Spotlight, [("identifier", "identifier"), ("title", "title")]),
    "work_items": (WorkItem, [("identifier", "identifier"), ("title", "title")]),
    "policies": (Policy, [("identifier", "identifier"), ("title", "title")]),
    "goals": (Goal, [("identifier", "identifier"), ("title", "title")]),
}  # fmt: skip


def _imported_row_errors(tables, previous, baseline_year):
    """Messages, each naming sheet, row and column, for imported rows that do not fit
    their columns, and for a continuing indicator (one named as an indicator of
    `previous`) that does not start from the approved actual of `baseline_year`, as a
    drafted one does; `baseline_year` is None when the plan's period is refused."""
    earlier = {i.name: i for i in Indicator.objects.of_plan(previous)}
    baselines = {} if baseline_year is None else carried_baselines(previous, baseline_year)
    units = _units_of(previous.base)
    messages = []
    for kind, (model, columns) in _IMPORTED_FIELDS.items():
        title, headers = importers.ALL_SHEETS[kind]
        label = {key: header for header, key in headers}
        for row in getattr(tables, kind):
            problems = [
                message
                for key, field_name in columns
                for message in field_errors(model, field_name, row.get(key), label[key])
            ]
            if kind == "indicators" and row.get("name"):
                parsed = parse_indicator_name(row["name"])
                problems += indicator_name_errors(row["name"], parsed, label["name"])
                continues = earlier.get(parsed.name)
                if continues and baseline_year is not None and row.get("baseline") is not None:
                    error = continuing_baseline_error(
                        continues, row["baseline"], baselines, baseline_year
                    )
                    problems += [error] if error else []
            if kind == "work_items":
                problems += _unit_errors(row, units, label)
            messages += [importers.row_message(title, row["sheet_row"], p) for p in problems]
    return messages


def _units_of(base):
    """{name: unit} of the base's responsible units, the ones an imported row may name."""
    return {unit.name: unit for unit in Unit.objects.filter(base=base)}


def _unit_errors(row, units, label):
    names = [row.get("lead_unit")] if row.get("lead_unit") else []
    names += row.get("collaborating_units") or []
    return [
        _("“%(column)s”中的“%(name)s”不是本示范基地的责任单位：请先由系统管理员添加该单位。")
        % {
            "column": label["lead_unit" if name == row.get("lead_unit") else "collaborating_units"],
            "name": name,
        }
        for name in names
        if name not in units
    ]


def plan_import_errors(header, tables, previous):
    """Every message refusing an import: the plan's own facts, then each row's."""
    header_errors = plan_header_errors(header, previous)
    baseline_year = None if "first_year" in header_errors else header.first_year - 1
    return (
        [m for messages in header_errors.values() for m in messages]
        + list(tables.errors)
        + _imported_row_errors(tables, previous, baseline_year)
    )


@transaction.atomic
def plan_import(*, user, header: PlanHeader, tables, previous: Plan) -> Plan:
    """A draft plan from imported annex tables (planning/importers.py), as written; an
    indicator named as one of `previous` continues its series. All rows or none."""
    require_permission(user, "plans.add_plan", _("只有基地管理员可以导入规划。"))
    _lock_plans_of(previous.base)
    errors = plan_import_errors(header, tables, previous)
    if errors:
        raise ValidationError(errors)
    plan = _save_new_plan(
        Plan(
            base=previous.base,
            name=header.name.strip(),
            baseline_year=header.first_year - 1,
            first_year=header.first_year,
            last_year=header.last_year,
            source_document=header.source_document.strip(),
            previous=previous,
            created_by=user,
        ),
        user,
    )
    earlier = {i.name: i for i in Indicator.objects.of_plan(previous)}
    for row in tables.indicators:
        parsed = parse_indicator_name(row["name"])
        continues = earlier.get(parsed.name)
        _save(
            Indicator(
                plan=plan,
                serial=int(row["serial"]),
                name_as_written=row["name"],
                name=parsed.name,
                unit=parsed.unit,
                scope_note=parsed.scope_note,
                baseline_year=plan.baseline_year,
                baseline_value=row["baseline"],
                target_year=plan.last_year,
                target_value=row["target"],
                kind=continues.kind if continues else IndicatorKind.LEVEL,
                source_ref=_("导入的规划附件第 %(serial)s 行") % {"serial": row["serial"]},
                continues=continues,
                series_origin_id=continues.series_key if continues else None,
            ),
            user,
        )
    for row in tables.platforms:
        _save(
            Platform(
                plan=plan,
                serial=int(row["serial"]),
                name=row["name"],
                host_organisation=row["host"],
                platform_type=row["type"],
                level=row["level"],
            ),
            user,
        )
    for row in tables.projects:
        _save(
            Project(
                plan=plan,
                row=int(row["row"]),
                name=row["name"],
                year=int(row["year"]),
                nature=row["nature"],
                total_investment=row["investment"],
            ),
            user,
        )
    _import_work(tables, plan, user)
    return plan


def _import_work(tables, plan, user):
    """The work sheets' rows, as written (checked by `plan_import_errors`)."""
    programmes, spotlights = {}, {}
    for order, row in enumerate(tables.programmes, start=1):
        programmes[row["identifier"]] = _save(
            Programme(
                plan=plan,
                identifier=row["identifier"],
                number=row["number"],
                title=row["title"],
                text=row["text"],
                ordering=order,
            ),
            user,
        )
    for order, row in enumerate(tables.spotlights, start=1):
        spotlights[row["identifier"]] = _save(
            Spotlight(
                plan=plan,
                programme=programmes[row["programme"]],
                identifier=row["identifier"],
                title=row["title"],
                ordering=order,
            ),
            user,
        )
    units = _units_of(plan.base)
    for order, row in enumerate(tables.work_items, start=1):
        spotlight = spotlights.get(row["spotlight"])
        item = _save(
            WorkItem(
                kind=row["kind"],
                plan=plan,
                programme=spotlight.programme if spotlight else programmes[row["programme"]],
                spotlight=spotlight,
                identifier=row["identifier"],
                title=row["title"],
                text=row["text"],
                ordering=order,
                visibility=row["visibility"],
                lead_unit=units.get(row["lead_unit"]),
            ),
            user,
        )
        item.collaborating_units.set([units[name] for name in row["collaborating_units"]])
    for model, rows in ((Policy, tables.policies), (Goal, tables.goals)):
        for order, row in enumerate(rows, start=1):
            fields = {"text": row["text"]} if model is Goal else {}
            _save(
                model(
                    plan=plan,
                    identifier=row["identifier"],
                    title=row["title"],
                    ordering=order,
                    **fields,
                ),
                user,
            )
