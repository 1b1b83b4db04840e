"""What the reporting pages show, built from a few queries per page."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.numbers import format_decimal
from indicators.evidence import EvidenceFile
from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.rules import outlier_reason
from projects.models import Project, ProjectProgress
from work.models import Policy, PolicyApplication, WorkItem, WorkProgress, WorkStatus

from . import rules
from .models import EventKind, Evidence, ReportingEvent, ReportingYear
from .plan import reporting_years
from .services import due_date_of, work_missing, year_completeness


@dataclass
class YearSummary:
    year: int
    state: object  # ReportingState
    due_date: object
    indicators_done: int
    indicator_count: int
    projects_done: int
    project_count: int
    missing: list = field(default_factory=list)
    unexplained: list = field(default_factory=list)
    started: bool = True  # the year has begun (never a future year's entry screen)
    overdue_days: int | None = None  # 逾期 N 天 (rules.overdue_days)
    work_missing: list = field(default_factory=list)  # tasks and items without progress

    @property
    def empty(self):
        return self.indicators_done == 0

    @property
    def projects_missing(self):
        """How many of the plan's projects have no progress for the year yet."""
        return self.project_count - self.projects_done


def year_summaries(plan, years, enterable, today=None):
    """One summary per year of `plan`: its state, due date, days overdue and what is still
    missing, against that plan's indicators and projects."""
    today = today or timezone.localdate()
    stored = {row.year: row for row in ReportingYear.objects.filter(year__in=years)}
    locked = YearApproval.objects.locked_years()
    project_count = Project.objects.filter(plan=plan).count()
    progress = ProjectProgress.objects.filter(project__plan=plan)
    summaries = []
    for year in years:
        missing, unexplained, count = year_completeness(year, plan)
        row = stored.get(year)
        done = count - len(missing)
        state = rules.effective_state(row.state if row else "not_started", year in locked, done > 0)
        due_date = due_date_of(row, year)
        summaries.append(
            YearSummary(
                year=year,
                state=state,
                due_date=due_date,
                overdue_days=rules.overdue_days(due_date, state, today),
                indicators_done=done,
                indicator_count=count,
                projects_done=progress.filter(year=year).count(),
                project_count=project_count,
                missing=missing,
                unexplained=unexplained,
                work_missing=work_missing(year, plan),
                started=year in enterable,
            )
        )
    return summaries


def overdue_years(today=None):
    """[(year, days overdue)] of the reporting years (plan.reporting_years), in three
    queries (the plans, the years' rows, the locked years): for the home page's banner.
    Whether a year has figures is not read: 未开始 and 填报中 are overdue alike."""
    today = today or timezone.localdate()
    years = reporting_years()
    stored = {row.year: row for row in ReportingYear.objects.filter(year__in=years)}
    locked = YearApproval.objects.locked_years()
    found = []
    for year in years:
        row = stored.get(year)
        state = rules.effective_state(row.state if row else "not_started", year in locked, False)
        days = rules.overdue_days(due_date_of(row, year), state, today)
        if days is not None:
            found.append((year, days))
    return found


def managers():
    """The people responsible for entering figures (for an empty year's note to leaders)."""
    return list(
        get_user_model().objects.filter(groups__name=roles.MANAGER, is_active=True).order_by("pk")
    )


def latest_return(year):
    """The last 退回修改 of `year` with its comments by indicator id, or (None, {})."""
    event = (
        ReportingEvent.objects.filter(reporting_year__year=year, kind=EventKind.RETURN)
        .select_related("by")
        .last()
    )
    if event is None:
        return None, {}
    return event, {c.indicator_id: c.text for c in event.comments.all()}


def indicator_evidence_files(indicator_ids):
    """The evidence files of the indicators named, every year, as `EvidenceFile`s: the
    provider `apps.py` registers with indicators.evidence for the indicator page."""
    items = Evidence.objects.filter(indicator_id__in=indicator_ids).order_by("year", "pk")
    return [
        EvidenceFile(
            year=item.year,
            name=item.original_name,
            url=reverse("reporting:evidence_download", args=[item.pk]),
        )
        for item in items.only("pk", "year", "original_name")
    ]


def evidence_by_indicator(year):
    """The year's evidence of indicators and projects, by ("indicator"|"project", id)."""
    found = {}
    evidence = Evidence.objects.filter(year=year, work_item__isnull=True)
    for item in evidence.select_related("indicator", "project"):
        found.setdefault(
            ("indicator", item.indicator_id) if item.indicator_id else ("project", item.project_id),
            [],
        ).append(item)
    return found


@dataclass
class ReviewRow:
    indicator: object
    actual: object | None
    previous_value: object | None  # last year's actual, or the baseline
    previous_label: str
    outlier: str
    evidence: list
    comment: str = ""

    # Shown as the entry page shows them (core.numbers.format_decimal): 1.29, never 1.2900.
    @property
    def actual_shown(self):
        return format_decimal(self.actual.value) if self.actual is not None else ""

    @property
    def previous_shown(self):
        return format_decimal(self.previous_value, empty="—")

    @property
    def change(self):
        if self.actual is None or self.previous_value is None:
            return None
        return self.actual.value - self.previous_value

    @property
    def change_shown(self):
        change = self.change
        if change is None:
            return "—"
        return ("+" if change > 0 else "") + format_decimal(change)

    @property
    def change_percent(self):
        change = self.change
        if change is None or not self.previous_value:
            return None
        return round(change / self.previous_value * 100, 1)


def review_rows(plan, year, comments=None):
    """Every indicator of `plan` with its figure of `year` beside last year's (the
    baseline when last year is the baseline year), outliers, evidence and leadership's
    comments."""
    comments = comments or {}
    evidence = evidence_by_indicator(year)
    rows = []
    for indicator in Indicator.objects.for_entry(plan):
        actuals = {a.year: a for a in indicator.series_actuals()}
        actual = actuals.get(year)
        if year - 1 == indicator.baseline_year:
            previous, label = indicator.baseline_value, "基期值"
        else:
            last = actuals.get(year - 1)
            previous, label = (last.value if last else None), "上年实际值"
        outlier = ""
        if actual is not None:
            outlier = outlier_reason(
                indicator, actual.value, previous if label != "基期值" else None
            )
        rows.append(
            ReviewRow(
                indicator=indicator,
                actual=actual,
                previous_value=previous,
                previous_label=label,
                outlier=outlier,
                evidence=evidence.get(("indicator", indicator.pk), []),
                comment=comments.get(indicator.pk, ""),
            )
        )
    return rows


def cycle_record(year):
    """What the auditor reads: every step of the cycle with its reason and comments, and
    every figure change that came with a reason."""
    events = list(
        ReportingEvent.objects.filter(reporting_year__year=year)
        .select_related("by")
        .prefetch_related("comments__indicator", "work_comments__item")
    )
    # The year's whole figure history (a few records per indicator), so each reasoned
    # change can show old → new: the value before it is the record just before it.
    history = (
        IndicatorActual.history.filter(year=year)
        .select_related("history_user", "indicator")
        .order_by("history_date", "history_id")
    )
    last_value, changes = {}, []
    for record in history:
        if record.history_change_reason:
            record.old_shown = format_decimal(last_value.get(record.id), empty="—")
            record.new_shown = "—" if record.history_type == "-" else format_decimal(record.value)
            changes.append(record)
        last_value[record.id] = None if record.history_type == "-" else record.value
    return events, changes


def year_due_date(year):
    """The year's due date (set, or the default): what work.reporting_dates asks for."""
    return due_date_of(ReportingYear.objects.filter(year=year).first(), year)
# ---- the plan's work ------------------------------------------------------------------


def work_item_evidence_files(item_ids):
    """The evidence files of the tasks and items named, every year, as `EvidenceFile`s: for
    a task's read page, which may not import this app (a provider, as
    `indicator_evidence_files` is for indicators)."""
    items = Evidence.objects.filter(work_item_id__in=item_ids).order_by("year", "pk")
    return [
        EvidenceFile(
            year=item.year,
            name=item.original_name,
            url=reverse("reporting:evidence_download", args=[item.pk]),
        )
        for item in items.only("pk", "year", "original_name")
    ]


def evidence_by_work_item(year):
    """The year's evidence files of tasks and items, by item id."""
    found = {}
    for item in Evidence.objects.filter(year=year, work_item__isnull=False):
        found.setdefault(item.work_item_id, []).append(item)
    return found


def latest_work_return(year):
    """The last 退回修改 of `year` with its comments by work item id, or (None, {})."""
    event = ReportingEvent.objects.filter(reporting_year__year=year, kind=EventKind.RETURN).last()
    if event is None:
        return None, {}
    return event, {c.item_id: c.text for c in event.work_comments.all()}


@dataclass
class WorkGroup:
    """A programme's tasks, or a spotlight's items, as the work pages list them."""

    title: str
    rows: list


def work_groups(items, row_of):
    """`items` (in the plan's order) grouped by 工程 (its tasks) and 专栏 (its items); each
    row is {"item": item, **row_of(item)}."""
    groups = {}
    for item in items:
        if item.spotlight_id is None:
            key, title = ("programme", item.programme_id), str(item.programme)
        else:
            key, title = ("spotlight", item.spotlight_id), str(item.spotlight)
        groups.setdefault(key, WorkGroup(title=title, rows=[])).rows.append(
            {"item": item, **row_of(item)}
        )
    return list(groups.values())


@dataclass
class WorkReview:
    """The plan's work of a year for leadership: counts by status, the rows, policies."""

    groups: list
    counts: list  # [(status label, n)], every status, then 未填
    missing: int
    item_count: int
    policies_done: int
    policy_count: int
    policy_rows: list
    changes: list  # progress changed with a reason (a year under review), oldest first


def work_review(plan, year):
    """Every task and item of `plan` with its progress of `year` (status, reason, 进展),
    counts by status, and the support policies' applications (shown, not required)."""
    items = list(
        WorkItem.objects.filter(plan=plan)
        .select_related("programme", "spotlight", "lead_unit")
        .order_by("programme__ordering", "programme__identifier", "kind", "ordering", "pk")
    )
    progress = {p.item_id: p for p in WorkProgress.objects.filter(year=year, item__plan=plan)}
    evidence = evidence_by_work_item(year)
    tally = {status: 0 for status in WorkStatus}
    for row in progress.values():
        tally[WorkStatus(row.status)] += 1
    policies = list(Policy.objects.filter(plan=plan))
    applications = {
        a.policy_id: a for a in PolicyApplication.objects.filter(year=year, policy__plan=plan)
    }
    return WorkReview(
        groups=work_groups(
            items,
            lambda item: {
                "progress": progress.get(item.pk),
                "evidence": evidence.get(item.pk, []),
            },
        ),
        counts=[(status.label, n) for status, n in tally.items()],
        missing=len(items) - len(progress),
        item_count=len(items),
        policies_done=len(applications),
        policy_count=len(policies),
        policy_rows=[(policy, applications.get(policy.pk)) for policy in policies],
        changes=list(
            WorkProgress.history.filter(year=year, item__plan=plan)
            .exclude(history_change_reason__isnull=True)
            .exclude(history_change_reason="")
            .select_related("history_user", "item")
            .order_by("history_date")
        ),
    )
