"""Writes of the plan cycle: draft the next plan from the last one, put a plan in force,
discard a draft. Each function checks the role, validates everything first (collecting
every problem) and then writes in one transaction: nothing is ever half-saved.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import format_decimal, to_decimal
from core.people import display_name, local_time
from core.records import require_permission
from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.names import parse_indicator_name
from indicators.progress import IndicatorKind
from indicators.rules import unit_errors
from plans.models import PUT_IN_FORCE_PERMISSION, Plan, PlanState
from platforms.models import Platform
from projects.models import Project, ProjectStatus


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
    if baseline_year < request.source.last_year:
        add(
            "first_year",
            _("新规划应从上一期规划结束（%(year)s 年）之后开始。")
            % {"year": request.source.last_year},
        )
    if not request.carried and not request.added:
        add("__all__", _("新规划至少要有一项指标：请选择延续的指标或新增指标。"))
    if YearApproval.objects.for_year(baseline_year) is None and request.carried:
        add(
            "first_year",
            _(
                "%(year)s 年的数据尚未经领导审定，不能作为新规划的基期：请先审定 %(year)s 年，"
                "或调整规划起始年份。"
            )
            % {"year": baseline_year},
        )
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
        _check_target(add, row, carried.target, carried.unit or carried.source.unit)
        names.setdefault(name, []).append(row)
    for new in request.added:
        row = f"added-{new.key}"
        parsed = parse_indicator_name(new.name)
        if not parsed.name:
            add(row, _("新增指标的名称不能为空。"))
            continue
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
    _save(plan, user)
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
    return plan


def _save(obj, user):
    obj._history_user = user
    obj.save()
    return obj


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


@transaction.atomic
def plan_put_in_force(*, user, plan) -> Plan:
    """Leadership puts a draft in force; the plan in force before it is closed."""
    require_permission(user, PUT_IN_FORCE_PERMISSION, _("只有领导可以批准规划执行。"))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != PlanState.DRAFT:
        raise ValidationError(
            _("“%(name)s”不是草稿（当前状态：%(state)s），无需再次批准。")
            % {"name": plan.name, "state": plan.get_state_display()}
        )
    if not plan.indicators.exists():
        raise ValidationError(_("规划没有任何指标，不能付诸执行。"))
    for previous in Plan.objects.select_for_update().filter(
        base=plan.base, state=PlanState.IN_FORCE
    ):
        previous.state = PlanState.CLOSED
        _save(previous, user)
    plan.state = PlanState.IN_FORCE
    plan.put_in_force_by = user
    plan.put_in_force_at = timezone.now()
    return _save(plan, user)


@transaction.atomic
def plan_discard(*, user, plan):
    """A manager discards a draft and everything drafted with it (history keeps them)."""
    require_permission(user, "plans.change_plan", _("只有基地管理员可以删除规划草稿。"))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != PlanState.DRAFT:
        raise ValidationError(_("只有草稿可以删除；已执行或已结束的规划是历史记录。"))
    drafted = [
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


def plan_header_errors(header, previous):
    """{field: [message]} for a new plan's own facts (its name and period: anything with
    `name`, `first_year`, `last_year`), drafted or imported after `previous`."""
    errors = {}
    name = header.name.strip()
    if not name:
        errors["name"] = [_("规划名称不能为空。")]
    elif Plan.objects.filter(base=previous.base, name=name).exists():
        errors["name"] = [_("已有名为“%(name)s”的规划，请换一个名称。") % {"name": name}]
    if header.last_year < header.first_year:
        errors["last_year"] = [
            _("目标年份 %(last)s 早于起始年份 %(first)s：规划期至少一年。")
            % {"last": header.last_year, "first": header.first_year}
        ]
    return errors


def plan_import_errors(header, tables, previous):
    """Every message refusing an import: the plan's own facts, then each row's."""
    header_errors = plan_header_errors(header, previous)
    return [m for messages in header_errors.values() for m in messages] + list(tables.errors)


@transaction.atomic
def plan_import(*, user, header: PlanHeader, tables, previous: Plan) -> Plan:
    """A draft plan from imported annex tables (planning/importers.py), as written; an
    indicator named as one of `previous` continues its series. All rows or none."""
    require_permission(user, "plans.add_plan", _("只有基地管理员可以导入规划。"))
    errors = plan_import_errors(header, tables, previous)
    if errors:
        raise ValidationError(errors)
    plan = _save(
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
    return plan
