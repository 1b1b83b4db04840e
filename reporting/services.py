"""Writes of the reporting cycle: saving a year's figures from the site, submitting,
returning, approving, setting the due date, attaching evidence.

The figures and the approval themselves are written by indicators/services.py (rules,
year lock, versions, history); this module adds the cycle around them. Each function
checks the role and runs in one transaction; errors are ValidationError or
PermissionDenied with Chinese messages.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.records import check_text_lengths, require_permission
from indicators.models import EntryChannel, Indicator, IndicatorActual, YearApproval
from indicators.services import actuals_save_many, year_approve_as_seen
from projects.models import ProjectProgress
from work.models import PolicyApplication, WorkItem, WorkProgress
from work.services import work_progress_save_many

from . import rules
from .listeners import cycle_steps
from .models import (
    EventKind,
    Evidence,
    IndicatorComment,
    ReportingEvent,
    ReportingState,
    ReportingYear,
    WorkComment,
)
from .plan import reporting_plan

ENTER_PERM = "indicators.change_indicatoractual"
# Entering the plan's work: base managers and unit reporters (their unit's items).
WORK_PERM = "work.add_workprogress"
POLICY_PERM = "work.add_policyapplication"
APPROVE_PERM = "indicators.add_yearapproval"


def reporting_year_state(year):
    """The state shown for `year` (rules.effective_state)."""
    stored = ReportingYear.objects.filter(year=year).values_list("state", flat=True).first()
    return rules.effective_state(
        stored or ReportingState.NOT_STARTED,
        locked=YearApproval.objects.for_year(year) is not None,
        has_figures=IndicatorActual.objects.filter(year=year).exists(),
    )


def reason_needed(year):
    """For indicators.services: a figure of a submitted or returned year changes only
    with a reason (registered in apps.py)."""
    if reporting_year_state(year) in rules.NEEDS_REASON:
        return _(
            "%(year)s 年的数据已提交审定或被退回：修改须填写“修改原因”，原因会记入修改记录。"
        ) % {"year": year}
    return ""


def _plan_year(year):
    # A closed plan's year stays open until it is approved (audits come late).
    if reporting_plan(year) is None:
        raise ValidationError(
            {"year": [_("%(year)s 年不属于执行中或已结束的规划，不能填报。") % {"year": year}]}
        )


def _locked_row(year):
    _plan_year(year)
    row, _created = ReportingYear.objects.select_for_update().get_or_create(year=year)
    return row


def _move(row, user, kind, state, reason=""):
    row.state = state
    row.save()
    return ReportingEvent.objects.create(reporting_year=row, kind=kind, by=user, reason=reason)


@transaction.atomic
def reporting_figures_save(
    *, user, year, entries, reason="", today=None, via=EntryChannel.SITE, via_file=""
):
    """Save a year's figures from the entry screen (all or nothing); return the rows saved.

    The year starts (填报中) with its first save; a submitted or returned year needs
    `reason`, which goes into each changed figure's history.
    """
    require_permission(user, ENTER_PERM, _("你没有权限填报年度实际值。"))
    row = _locked_row(year)
    saved = actuals_save_many(
        user=user,
        year=year,
        entries=entries,
        today=today,
        reason=reason,
        via=via,
        via_file=via_file,
    )
    if saved and row.state == ReportingState.NOT_STARTED:
        row.state = ReportingState.IN_PROGRESS
        row.save()
    return saved


@transaction.atomic
def reporting_work_save(*, user, year, entries, reason="", today=None):
    """Save a year's progress of the plan's tasks and items from the work entry page (all
    or nothing, work.services.work_progress_save_many); return the rows saved. The year
    starts (填报中) with its first save, as with figures; a submitted or returned year
    needs `reason` (the rule registered in apps.py), kept in each changed row's history."""
    require_permission(user, WORK_PERM, _("你没有权限填报任务年度进展。"))
    row = _locked_row(year)
    saved = work_progress_save_many(
        user=user, year=year, entries=entries, change_reason=reason, today=today
    )
    if saved and row.state == ReportingState.NOT_STARTED:
        row.state = ReportingState.IN_PROGRESS
        row.save()
    return saved


def work_missing(year, plan=None):
    """The tasks and items of `plan` (by default the plan `year` is reported under) with no
    progress for `year`, as their identifiers: a year is complete only with the status of
    every one. Policies are not required (docs/domain.md, "The plan's work")."""
    plan = plan or reporting_plan(year)
    if plan is None:
        return []
    done = WorkProgress.objects.filter(year=year, item__plan=plan).values("item_id")
    return list(
        WorkItem.objects.filter(plan=plan)
        .exclude(pk__in=done)
        .order_by("kind", "ordering", "identifier")
        .values_list("identifier", flat=True)
    )


def year_completeness(year, plan=None):
    """(missing indicator names, flagged figures without a note, indicator count), for
    the indicators of `plan`, by default the plan `year` is reported under."""
    indicators = list(Indicator.objects.for_entry(plan or reporting_plan(year)))
    actuals = {a.indicator_id: a for a in IndicatorActual.objects.filter(year=year)}
    missing = [f"{i.serial}. {i.name}" for i in indicators if i.series_key not in actuals]
    unexplained = [
        f"{i.serial}. {i.name}"
        for i in indicators
        if i.series_key in actuals
        and actuals[i.series_key].flagged
        and not actuals[i.series_key].note.strip()
    ]
    return missing, unexplained, len(indicators)


@transaction.atomic
def reporting_year_submit(*, user, year):
    """The manager submits a complete year to leadership (提交审定)."""
    require_permission(user, ENTER_PERM, _("只有基地管理员可以提交审定。"))
    row = _locked_row(year)
    state = reporting_year_state(year)
    if state not in rules.CAN_SUBMIT:
        raise ValidationError(
            _("%(year)s 年当前状态为“%(state)s”，不能提交审定。")
            % {"year": year, "state": state.label}
        )
    missing, unexplained, _count = year_completeness(year)
    problems = rules.submit_problems(missing, unexplained, work_missing(year))
    if problems:
        raise ValidationError(problems)
    event = _move(row, user, EventKind.SUBMIT, ReportingState.SUBMITTED)
    cycle_steps.announce(event)  # in this transaction: no step without its notices
    return event


def _require_submitted(year, action):
    state = reporting_year_state(year)
    if state not in rules.CAN_REVIEW:
        raise ValidationError(
            _("%(year)s 年当前状态为“%(state)s”，只有已提交的年度才能%(action)s。")
            % {"year": year, "state": state.label, "action": action}
        )


@transaction.atomic
def reporting_year_return(*, user, year, reason, comments=None, work_comments=None):
    """Leadership returns a submitted year to the manager (退回修改) with a reason and
    optional comments per indicator ({indicator: text}) and per task or item
    ({work item: text}), shown on the entry pages."""
    require_permission(user, APPROVE_PERM, _("只有领导可以退回修改。"))
    row = _locked_row(year)
    _require_submitted(year, _("退回"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写退回原因：管理员要知道改什么。")]})
    comments = comments or {}
    work_comments = work_comments or {}
    check_text_lengths(
        {
            "reason": (_("退回原因"), reason),
            **{
                f"comment-{indicator.pk}": (
                    _("对“%(name)s”的意见") % {"name": indicator.name},
                    text,
                )
                for indicator, text in comments.items()
            },
            **{
                f"work-comment-{item.pk}": (_("对“%(name)s”的意见") % {"name": item.name}, text)
                for item, text in work_comments.items()
            },
        }
    )
    event = _move(row, user, EventKind.RETURN, ReportingState.RETURNED, reason)
    for indicator, text in comments.items():
        if (text or "").strip():
            IndicatorComment.objects.create(event=event, indicator=indicator, text=text.strip())
    for item, text in work_comments.items():
        if (text or "").strip():
            WorkComment.objects.create(event=event, item=item, text=text.strip())
    cycle_steps.announce(event)  # after the comments: the notices carry them
    return event


def year_fingerprint(year):
    """What an approval of `year` approves, as a SHA-256 hex digest: every figure of the
    year (value, note, evidence text, flag, version), every project's progress (investment,
    status, percent, note, version), the progress of every task and item (status, reason,
    进展情况, percent, version), every policy's application (applied, effect, funds,
    enterprises, version) and every evidence file (id, what it belongs to, stored name,
    size, type; a stored file is never replaced, a new one is a new row).

    The review page and the approval confirmation carry it; `reporting_year_approve` and
    the admin's approval recompute it and refuse when it differs (registered with
    indicators.services in apps.py). Any change of what the leader reviewed moves it."""
    figures = IndicatorActual.objects.filter(year=year).order_by("pk")
    progress = ProjectProgress.objects.filter(year=year).order_by("pk")
    evidence = Evidence.objects.filter(year=year).order_by("pk")
    state = {
        "year": year,
        "figures": list(
            figures.values_list(
                "pk", "indicator_id", "value", "note", "evidence", "flagged", "version"
            )
        ),
        "progress": list(
            progress.values_list(
                "pk",
                "project_id",
                "investment_completed",
                "status",
                "completion_percent",
                "note",
                "version",
            )
        ),
        "evidence": list(
            evidence.values_list(
                "pk", "indicator_id", "project_id", "work_item_id", "file", "size", "kind"
            )
        ),
        "work": list(
            WorkProgress.objects.filter(year=year)
            .order_by("pk")
            .values_list(
                "pk",
                "item_id",
                "status",
                "reason",
                "progress_text",
                "completion_percent",
                "version",
            )
        ),
        "policies": list(
            PolicyApplication.objects.filter(year=year)
            .order_by("pk")
            .values_list("pk", "policy_id", "applied", "effect", "funds", "enterprises", "version")
        ),
    }
    # Canonical: fixed order, no whitespace, decimals as their text.
    text = json.dumps(state, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def reporting_year_approve(*, user, year, fingerprint, today=None):
    """Leadership approves a submitted year as the review showed it (`fingerprint`, see
    `year_fingerprint`): refused when anything changed since; indicators.services
    records the approval and locks the year, as on every path."""
    require_permission(user, APPROVE_PERM, _("你没有权限审定年度数据。"))
    row = _locked_row(year)
    _require_submitted(year, _("审定"))
    approval = year_approve_as_seen(user=user, year=year, fingerprint=fingerprint, today=today)
    event = _move(row, user, EventKind.APPROVE, ReportingState.APPROVED)
    cycle_steps.announce(event)
    return approval


def can_set_due_date(user):
    return user.is_superuser or user.has_perm(APPROVE_PERM)


@transaction.atomic
def reporting_due_date_set(*, user, year, due_date):
    """Leadership or a system administrator sets when a year's figures are due."""
    if not can_set_due_date(user):
        raise PermissionDenied(_("只有领导或系统管理员可以设定截止日期。"))
    if not isinstance(due_date, datetime.date) or due_date.year < year:
        raise ValidationError({"due_date": [_("截止日期须在该年度之后。")]})
    row = _locked_row(year)
    row.due_date = due_date
    row.save()
    event = ReportingEvent.objects.create(
        reporting_year=row, kind=EventKind.DUE_DATE, by=user, reason=due_date.isoformat()
    )
    cycle_steps.announce(event)
    return event


def due_date_of(row, year):
    return (row.due_date if row else None) or rules.default_due_date(year)


@transaction.atomic
def evidence_attach(*, user, year, upload, indicator=None, project=None, work_item=None):
    """Store an evidence file for an indicator's, a project's or a task's (item's) year;
    its type is read from its content, and a year holds at most
    settings.EVIDENCE_YEAR_QUOTA_MB of evidence. A task's file may come from whoever may
    enter its progress (a unit reporter of its unit); the others only from base managers.
    Nothing is stored when it is refused."""
    if [indicator, project, work_item].count(None) != 2:
        raise ValidationError(_("请选择佐证材料对应的指标、项目或任务。"))
    if work_item is None:
        require_permission(user, ENTER_PERM, _("只有基地管理员可以上传佐证材料。"))
    elif not WorkItem.objects.reportable_by(user).filter(pk=work_item.pk).exists():
        raise PermissionDenied(
            _("“%(name)s”不由你所在的单位负责，你不能为它上传佐证材料。") % {"name": work_item.name}
        )
    _plan_year(year)
    if YearApproval.objects.for_year(year) is not None:
        raise ValidationError(_("%(year)s 年已审定锁定，不能再上传佐证材料。") % {"year": year})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = rules.evidence_kind(head, upload)
    problems = rules.evidence_problems(upload.size, kind)
    if not problems:
        used = Evidence.objects.filter(year=year).aggregate(used=Sum("size"))["used"] or 0
        quota = settings.EVIDENCE_YEAR_QUOTA_MB * 1024 * 1024
        problems = rules.evidence_quota_problems(used, upload.size, quota)
    if problems:
        raise ValidationError({"file": problems})
    upload.seek(0)
    evidence = Evidence(
        year=year,
        indicator=indicator,
        project=project,
        work_item=work_item,
        original_name=upload.name[:200],
        kind=kind,
        size=upload.size,
        uploaded_by=user,
    )
    evidence._history_user = user  # the upload's history names the person on every path
    # Saved through the default storage (settings.STORAGES), filesystem unless configured.
    evidence.file.save(upload.name, upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)  # no file without its row
        raise
    return evidence
