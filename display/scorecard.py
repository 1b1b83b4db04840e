"""The 部门 scorecard (部门考核) of a plan's year: per responsible unit, its indicators'
statuses, its tasks' and items' statuses, and whether it reported on time. Shared by the
scorecard page (dashboard/) and the audit workbook's 部门考核 sheet (audit/), which may not
import each other. Indicators' progress comes from display.selectors (never re-derived);
the due date from work.reporting_dates (the reporting app registers it). It reads the
whole base's units, whoever asks: the callers are those who see every unit.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from indicators.models import Indicator, YearApproval
from plans.models import Unit
from work.models import WorkItem, WorkProgress
from work.reporting_dates import due_date

from .selectors import figures_by_series, indicator_progress
from .work import status_counts


def units_of_base(plan):
    """The base's responsible units, active first, by name."""
    return list(Unit.objects.filter(base=plan.base).order_by("-active", "name"))


def progress_of_year(items, year):
    """{item id: WorkProgress} of `items` in `year`."""
    return {p.item_id: p for p in WorkProgress.objects.filter(item__in=items, year=year)}


@dataclass(frozen=True)
class Timeliness:
    """Whether a unit reported its tasks' progress for the year by the due date."""

    due: datetime.date | None
    reported: int  # items with a record for the year
    total: int
    on_time: bool | None  # None: not decided yet (before the due date, or no due date)
    days_late: int | None  # 逾期 N 天

    @property
    def complete(self):
        return self.reported == self.total


def timeliness(total, reported, last_entered, due, today):
    """On time when every item has a record for the year, the last entered on or before
    the due date (Beijing dates). Late by the days from the due date to the last record,
    or, while records are missing, to today. Undecided before the due date or without one."""
    if due is None or total == 0:
        return Timeliness(due, reported, total, None, None)
    if reported == total:
        if last_entered <= due:
            return Timeliness(due, reported, total, True, None)
        return Timeliness(due, reported, total, False, (last_entered - due).days)
    if today <= due:
        return Timeliness(due, reported, total, None, None)
    return Timeliness(due, reported, total, False, (today - due).days)


@dataclass(frozen=True)
class UnitScore:
    unit: object
    indicators: list  # [display.selectors.IndicatorProgress]
    indicator_counts: dict  # {status label: n}
    work_counts: list  # [display.work.StatusCount]
    work_total: int
    timeliness: Timeliness

    @property
    def assigned(self):
        return bool(self.indicators) or self.work_total > 0


def unit_scorecard(plan, year, today, locked_years=None):
    """[UnitScore] of every unit of the base, active first: its indicators' statuses in
    `year` (progress from display.selectors), its tasks' and items' statuses, and whether
    it reported on time. A few queries for the whole base, not a few per unit."""
    units = units_of_base(plan)
    indicators = list(Indicator.objects.of_plan(plan).prefetch_related("collaborating_units"))
    figures = figures_by_series(Indicator.objects.of_plan(plan))
    locked = YearApproval.objects.locked_years() if locked_years is None else locked_years
    progress_by_indicator = {
        i.pk: indicator_progress(i, year, locked, figures.get(i.series_key, [])) for i in indicators
    }
    items = list(WorkItem.objects.filter(plan=plan).prefetch_related("collaborating_units"))
    records = progress_of_year(items, year)
    due = due_date(year)
    scores = []
    for unit in units:
        own_indicators = [
            progress_by_indicator[i.pk]
            for i in indicators
            if i.lead_unit_id == unit.pk or unit in i.collaborating_units.all()
        ]
        own_items = [
            item
            for item in items
            if item.lead_unit_id == unit.pk or unit in item.collaborating_units.all()
        ]
        own_records = [records[item.pk] for item in own_items if item.pk in records]
        indicator_counts = defaultdict(int)
        for row in own_indicators:
            indicator_counts[row.status.label] += 1
        last = max((timezone.localtime(r.created_at).date() for r in own_records), default=None)
        scores.append(
            UnitScore(
                unit=unit,
                indicators=own_indicators,
                indicator_counts=dict(indicator_counts),
                work_counts=status_counts(
                    [records[i.pk].status if i.pk in records else None for i in own_items]
                ),
                work_total=len(own_items),
                timeliness=timeliness(len(own_items), len(own_records), last, due, today),
            )
        )
    return scores
