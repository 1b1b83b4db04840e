"""The data behind the pages of the plan's work: the tasks grouped by 工程, one task's
yearly record, the support policies' yearly application and the 部门 scorecard.

Every list starts from `WorkItem.objects.visible_to(user)` (a unit reporter sees only its
unit's tasks and items); the status counts and their look come from display/work.py, an
indicator's progress from display/selectors.py (never derived here).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from display.work import NOT_REPORTED, NOT_REPORTED_LABEL, status_counts
from indicators.models import Indicator, YearApproval
from plans.models import ALL_UNITS_PERMISSION, unit_of
from work.models import PolicyApplication, WorkItem, WorkProgress, WorkStatus


def unit_scope(user):
    """Which part of the work `user` sees, as a word for a cache key: every unit's, one
    unit's, or none (WorkItem's `visible_to` decides; this only names the result)."""
    if user.has_perm(ALL_UNITS_PERMISSION):
        return "all"
    unit = unit_of(user)
    return f"unit{unit.pk}" if unit else "none"


def work_years(plan, today=None):
    """The years a page of the plan's work offers: the plan's years up to this one (the
    first year even before it starts, so the page has one)."""
    today = today or datetime.date.today()
    last = max(plan.first_year, min(plan.last_year, today.year))
    return list(range(plan.first_year, last + 1))


def default_work_year(plan, years):
    """The latest year with any progress of the plan, else the latest year offered."""
    latest = WorkProgress.objects.filter(item__plan=plan).aggregate(y=Max("year"))["y"]
    return latest if latest in years else years[-1]


class WorkFilterForm(forms.Form):
    """The filters of 重点任务: year, unit, status; a value not offered is refused with a
    message and the page shows the default instead."""

    year = forms.TypedChoiceField(
        label=gettext_lazy("年份"),
        coerce=int,
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("年份 %(value)s 不在可选范围内，已显示默认年份。")
        },
    )
    unit = forms.TypedChoiceField(
        label=gettext_lazy("责任单位"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": gettext_lazy("没有编号为 %(value)s 的责任单位，已显示全部单位。")
        },
    )
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("状态“%(value)s”无效，已显示全部状态。")},
    )

    def __init__(self, *args, years, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, _("%(year)s年") % {"year": y}) for y in years]
        self.fields["unit"].choices = [("", _("全部单位"))] + [(u.pk, u.name) for u in units]
        self.fields["status"].choices = [
            ("", _("全部状态")),
            *WorkStatus.choices,
            (NOT_REPORTED, NOT_REPORTED_LABEL),
        ]

    def chosen(self, name, default=None):
        """The field's valid value, else `default` (a refused value is in `errors`)."""
        if not self.is_bound:
            return default
        self.is_valid()
        value = self.cleaned_data.get(name) if name not in self.errors else None
        return default if value in (None, "") else value


def visible_items(user, plan):
    """The tasks and items of `plan` that `user` may see, in the plan's order: by 工程,
    tasks before spotlight items, then by spotlight and number."""
    return (
        WorkItem.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("programme", "spotlight", "lead_unit")
        .order_by(
            "programme__ordering",
            "programme__identifier",
            "-kind",
            "spotlight__ordering",
            "ordering",
            "identifier",
        )
    )


def plan_work_summary(plan, year):
    """The home page's task summary: {"work_counts": [StatusCount], "work_total": n} of
    every task and item of `plan` in `year`, in two queries."""
    statuses = dict(
        WorkProgress.objects.filter(item__plan=plan, year=year).values_list("item_id", "status")
    )
    ids = WorkItem.objects.filter(plan=plan).values_list("pk", flat=True)
    counts = status_counts([statuses.get(pk) for pk in ids])
    return {"work_counts": counts, "work_total": sum(c.count for c in counts)}


def filter_by_status(items, progress, status):
    """The items whose status in the year is `status` (NOT_REPORTED: without a record)."""
    if not status:
        return list(items)
    if status == NOT_REPORTED:
        return [item for item in items if item.pk not in progress]
    return [item for item in items if item.pk in progress and progress[item.pk].status == status]


@dataclass
class ProgrammeGroup:
    programme: object
    counts: list  # [display.work.StatusCount] of every item of the programme shown
    rows: list = field(default_factory=list)  # the items of this page

    @property
    def total(self):
        return sum(count.count for count in self.counts)


def programme_groups(items, progress, page_items):
    """[ProgrammeGroup] for the programmes of `items`, each with its status counts over
    `items` and its rows among `page_items` (the page being shown)."""
    by_programme = {}
    statuses = defaultdict(list)
    for item in items:
        by_programme.setdefault(item.programme_id, item.programme)
        record = progress.get(item.pk)
        statuses[item.programme_id].append(record.status if record else None)
    groups = {
        pk: ProgrammeGroup(programme=programme, counts=status_counts(statuses[pk]))
        for pk, programme in by_programme.items()
    }
    for item in page_items:
        groups[item.programme_id].rows.append(item)
    return list(groups.values())


# ---- one task ----------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineYear:
    year: int
    progress: object | None  # the year's WorkProgress
    approved: bool  # 已审定 (indicators.YearApproval): the year is locked
    evidence: list  # [indicators.evidence.EvidenceFile]


def item_timeline(item, years, evidence_by_year):
    """One row per year of the plan up to this one, with the year's record if any."""
    records = {p.year: p for p in item.progress.all()}
    locked = YearApproval.objects.locked_years()
    return [
        TimelineYear(
            year=year,
            progress=records.get(year),
            approved=year in locked,
            evidence=evidence_by_year.get(year, []),
        )
        for year in years
    ]


def indicators_of_units(plan, units):
    """The plan's indicators led or helped by any of `units`, by serial."""
    if not units:
        return []
    found = Indicator.objects.none()
    for unit in units:
        found = found | Indicator.objects.filter(plan=plan).of_unit(unit)
    return list(found.distinct().order_by("serial"))


# ---- support policies ----------------------------------------------------------------


@dataclass(frozen=True)
class PolicyYearTotal:
    year: int
    applied: int
    not_applied: int
    not_reported: int
    funds: object  # Decimal or None
    enterprises: int | None


def policy_year_totals(policies, years):
    """Per year: how many policies were applied, not applied, not reported, and the
    funds paid and enterprises reached, summed in the database."""
    rows = {
        row["year"]: row
        for row in PolicyApplication.objects.filter(policy__in=policies, year__in=years)
        .values("year")
        .annotate(
            n_applied=Count("id", filter=Q(applied=True)),
            n_not_applied=Count("id", filter=Q(applied=False)),
            total_funds=Sum("funds"),
            total_enterprises=Sum("enterprises"),
        )
        .order_by()
    }
    total = len(policies)
    result = []
    for year in years:
        row = rows.get(year, {})
        applied, not_applied = row.get("n_applied", 0), row.get("n_not_applied", 0)
        result.append(
            PolicyYearTotal(
                year=year,
                applied=applied,
                not_applied=not_applied,
                not_reported=total - applied - not_applied,
                funds=row.get("total_funds"),
                enterprises=row.get("total_enterprises"),
            )
        )
    return result


def applications_by_policy(policies, years):
    """{policy id: [PolicyApplication or None per year]}."""
    found = {
        (a.policy_id, a.year): a
        for a in PolicyApplication.objects.filter(policy__in=policies, year__in=years)
    }
    return {policy.pk: [found.get((policy.pk, year)) for year in years] for policy in policies}
