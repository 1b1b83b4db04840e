"""Writes of yearly figures and year approvals: the one code path for admin, import and API.

Each function checks the user's permission, validates (indicators/rules.py), refuses a
locked year and a stale edit (the protocol of core/records.py), and saves row by row in
one transaction so django-simple-history records who changed what. Errors are
ValidationError subclasses (or PermissionDenied) with Chinese messages; callers only
present them.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import to_decimal
from core.people import display_name, local_time
from core.records import (
    YearlyRecord,
    check_change_reason,
    check_text_lengths,
    delete_checked,
    require_permission,
    save_checked,
    stamp,
    stored_for_write,
    year_errors,
)
from plans.models import ALL_UNITS_PERMISSION

from .models import Indicator, IndicatorActual, YearApproval
from .rules import PLAN_BASELINE_YEAR, validate_actual


class YearLockedError(ValidationError):
    """The year's figures were approved; nobody changes them until it is unlocked."""

    def __init__(self, approval, field="year"):
        self.approval = approval
        message = _(
            "%(year)s 年的数据已于 %(when)s 由 %(who)s 审定锁定，不能新增、修改或删除；"
            "如需更正，请系统管理员先解锁该年度。"
        ) % {
            "year": approval.year,
            "when": local_time(approval.approved_at),
            "who": display_name(approval.approved_by),
        }
        super().__init__({field: [ValidationError(message, code="year_locked")]})


def check_year_unlocked(year, field="year"):
    """Raise YearLockedError if an approval of `year` is in force."""
    approval = YearApproval.objects.for_year(year)
    if approval is not None:
        raise YearLockedError(approval, field=field)


# Rules from the layers above that make a change of a year's figures need a reason
# (the reporting workflow: a year submitted to or returned by leadership). Each is
# `(year) -> message` ("" when no reason is needed); they are registered at start-up
# (an app's `ready`), because this layer may not import them.
_reason_rules = []


def reason_rule_register(rule):
    """Make `rule(year) -> message` decide whether a change of that year needs a reason."""
    if rule not in _reason_rules:
        _reason_rules.append(rule)


def reason_problems(year, reason):
    """The messages refusing a change of `year` without a reason; [] when it may go ahead."""
    if (reason or "").strip():
        return []
    return [message for rule in _reason_rules if (message := rule(year))]


def check_unit_responsible(user, indicator):
    """Refuse a user limited to one unit (部门填报员) an indicator their unit does not
    answer for; the rule of `Indicator.objects.visible_to`."""
    if user.has_perm(ALL_UNITS_PERMISSION):
        return
    if not Indicator.objects.filter(pk=indicator.pk).of_units_seen_by(user).exists():
        raise PermissionDenied(
            _("指标“%(name)s”不由你所在的单位负责，你不能填报它的数据。") % {"name": indicator.name}
        )


ACTUALS = YearlyRecord(
    model=IndicatorActual,
    owner_field="indicator",
    value_field="value",
    value_label=gettext_lazy("实际值"),
    check_unlocked=check_year_unlocked,
    add_denied=gettext_lazy("你没有权限填报年度实际值。"),
    change_denied=gettext_lazy("你没有权限修改年度实际值。"),
    delete_denied=gettext_lazy("你没有权限删除年度实际值。"),
    taken=gettext_lazy("“%(name)s”%(year)s 年已有实际值，请直接修改那一条。"),
)


def actual_prepare(
    *,
    user,
    indicator,
    year,
    value,
    note=None,
    evidence=None,
    actual=None,
    expected_version=None,
    today=None,
    reason=None,
    via="",
    via_file="",
    confirmed_value=None,
):
    """Everything `actual_save` checks, without writing: return the row, ready to save.

    For forms that must show errors before anything is saved (the admin). Call it
    inside the request's transaction: the row stays locked until the save. `reason`
    (why the figure changes) goes into the history; a year under review needs one
    (see `reason_rule_register`). `confirmed_value` is the value the person confirmed
    as out of range in this save (确认异常值, docs/domain.md).
    """
    # The figure belongs to the indicator's series (stored on its first indicator), so a
    # year is entered once whichever plan's indicator it is entered through.
    owner = indicator.series_owner
    check_text_lengths({"note": (_("说明"), note), "evidence": (_("数据来源/佐证"), evidence)})
    current = stored_for_write(
        ACTUALS,
        user=user,
        owner=owner,
        year=year,
        row=actual,
        expected_version=expected_version,
    )
    check_unit_responsible(user, indicator)
    row = current or IndicatorActual(note="", evidence="")
    # None keeps what is stored: a caller that does not show the note cannot wipe it.
    if note is not None:
        row.note = note
    if evidence is not None:
        row.evidence = evidence
    previous = (
        IndicatorActual.objects.filter(indicator=owner, year=year - 1)
        .values_list("value", flat=True)
        .first()
    )
    # A figure confirmed before stays confirmed while its value stays the same (a note
    # may still be edited); any other value needs its own confirmation in this save.
    confirmed_before = current.value if current is not None and current.flagged else None
    checked = validate_actual(
        indicator,
        year,
        value,
        row.note,
        previous_value=previous,
        today=today,
        confirmed_values=(confirmed_value, confirmed_before),
    )
    problems = reason_problems(year, reason)
    if problems:
        raise ValidationError({"reason": problems})
    check_change_reason((reason or "").strip())
    row.indicator = owner
    row.year = year
    row.value = checked.value
    row.flagged = checked.flagged
    row._change_reason = (reason or "").strip() or None
    # Where this save came from (EntryChannel), kept with the row and in its history.
    row.entered_via = via
    row.entered_from_file = (via_file or "")[:255]
    return stamp(row, current, user)


@transaction.atomic
def actual_save(**kwargs):
    """Create or change the figure of `indicator` for `year`; return the saved row.

    Keyword arguments: user, indicator, year, value (typed text, an Excel cell value or
    a Decimal), note and evidence (None keeps the stored text), actual (the row being
    edited, if the caller has it), expected_version (the version the user saw; defaults
    to `actual.version`), today, reason (why it changed: kept in the history),
    confirmed_value (the out-of-range value the person confirmed, 确认异常值). With
    neither `actual` nor `expected_version` the caller believes there is no figure yet:
    if one exists meanwhile, that is a stale edit too.
    """
    return save_checked(ACTUALS, actual_prepare(**kwargs))


@dataclass
class ActualEntry:
    """One row of a whole-year entry (the entry screen, an imported sheet)."""

    indicator: object
    value: object  # typed text, an Excel cell value or a Decimal
    note: str | None = None
    expected_version: int | None = None
    key: object = None  # how the caller names the row to the user: a row number, a serial
    # The out-of-range value the person confirmed for this row (确认异常值), if any.
    confirmed_value: object = None


class BatchError(ValidationError):
    """Some rows of a batch were refused; `row_errors` maps each row's key to its error."""

    def __init__(self, row_errors):
        self.row_errors = row_errors
        messages = []
        for key, error in row_errors.items():
            for message in _messages(error):
                messages.append(_("第 %(key)s 行：%(message)s") % {"key": key, "message": message})
        super().__init__(messages)


def save_each(entries, save_one):
    """Save every entry with `save_one(entry)`, each in its own savepoint, collecting every
    refusal; raise BatchError naming each refused entry by its key. Call it inside an
    atomic block: leaving that block by the exception undoes the rows saved. Returns the
    rows saved (`save_one` may return None for an entry left as it was)."""
    saved, row_errors = [], {}
    for entry in entries:
        try:
            with transaction.atomic():
                row = save_one(entry)
        except (ValidationError, PermissionDenied) as error:
            row_errors[entry.key] = error
            continue
        if row is not None:
            saved.append(row)
    if row_errors:
        raise BatchError(row_errors)
    return saved


def _messages(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


@transaction.atomic
def actuals_save_many(*, user, year, entries, today=None, reason=None, via="", via_file=""):
    """Save a whole year's figures all or nothing; return the rows saved (changed only).

    Every row is checked and every refusal collected before anything is kept: if any
    row fails, nothing is saved and BatchError lists each failed row by its key.
    A row whose value and note equal what is stored is left alone (no new version).
    `reason` (why the figures change) goes into the history of every row saved, and
    `via` / `via_file` (EntryChannel, the imported file's name) with every row.
    """
    return save_each(
        entries, lambda entry: _save_entry(user, year, entry, today, reason, via, via_file)
    )


def _save_entry(user, year, entry, today, reason, via, via_file):
    stored = IndicatorActual.objects.filter(
        indicator=entry.indicator.series_owner, year=year
    ).first()
    if stored is not None and _unchanged(stored, entry):
        return None
    return actual_save(
        user=user,
        indicator=entry.indicator,
        year=year,
        value=entry.value,
        note=entry.note,
        actual=stored if entry.expected_version is not None else None,
        expected_version=entry.expected_version,
        today=today,
        reason=reason,
        via=via,
        via_file=via_file,
        confirmed_value=entry.confirmed_value,
    )


def _unchanged(stored, entry):
    try:
        value = to_decimal(entry.value)
    except ValidationError:
        return False
    return value == stored.value and (entry.note is None or entry.note == stored.note)


@transaction.atomic
def actual_delete(*, user, actual, expected_version=None):
    """Delete a yearly figure (history keeps it); refused on a locked year or stale edit."""
    delete_checked(ACTUALS, user=user, row=actual, expected_version=expected_version)


@transaction.atomic
def year_approve(*, user, year, today=None):
    """Leadership approves `year`'s figures, which locks them; return the approval."""
    require_permission(user, "indicators.add_yearapproval", _("你没有权限审定年度数据。"))
    problems = year_errors(year, PLAN_BASELINE_YEAR + 1, today)
    if problems:
        raise ValidationError({"year": problems})
    check_year_unlocked(year)
    if not IndicatorActual.objects.filter(year=year).exists():
        raise ValidationError(
            {"year": [_("%(year)s 年尚未填报任何实际值，无需审定。") % {"year": year}]}
        )
    approval = YearApproval(year=year, approved_by=user, approved_at=timezone.now())
    approval._history_user = user
    approval.save()
    return approval


# What an approval from a page approves: a fingerprint of the year's data (figures,
# project progress, evidence files) as the page showed it. The one function computing it
# lives in `reporting` (it knows the evidence files) and is registered in its
# `AppConfig.ready`, as the reason rule is, because this layer may not import it.
_fingerprint_functions = []


def approval_fingerprint_register(function):
    """Make `function(year) -> str` the fingerprint an approval from a page must name."""
    _fingerprint_functions[:] = [function]


def approval_fingerprint(year):
    """The fingerprint of `year`'s data now (see `approval_fingerprint_register`)."""
    return _fingerprint_functions[0](year)


@transaction.atomic
def year_approve_as_seen(*, user, year, fingerprint, today=None):
    """`year_approve` for a person approving what a page showed: refused, with nothing
    approved, when `fingerprint` is not the year's data now, i.e. a figure, project
    progress or evidence file changed after the page was opened."""
    require_permission(user, "indicators.add_yearapproval", _("你没有权限审定年度数据。"))
    if not fingerprint or fingerprint != approval_fingerprint(year):
        raise ValidationError(
            {"fingerprint": [_("审定页面打开后数据已有变动，请重新查看后再审定。")]}
        )
    return year_approve(user=user, year=year, today=today)


@transaction.atomic
def year_unlock(*, user, year, reason):
    """A system administrator unlocks an approved year; the reason is recorded."""
    require_permission(
        user, "indicators.change_yearapproval", _("只有系统管理员可以解锁已审定的年度。")
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("解锁原因不能为空：请说明为什么要更正已审定的数据。")]})
    check_change_reason(reason)
    approval = YearApproval.objects.select_for_update().filter(year=year).active().first()
    if approval is None:
        raise ValidationError({"year": [_("%(year)s 年未被审定，无需解锁。") % {"year": year}]})
    approval.unlocked_by = user
    approval.unlocked_at = timezone.now()
    approval.unlock_reason = reason
    approval._history_user = user
    approval._change_reason = reason
    approval.save()
    return approval
