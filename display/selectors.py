"""The data behind the dashboard and the indicator detail page.

Each page's data is built here from already-fetched indicators (with their actuals
prefetched) and the set of approved years; nothing here queries the database, so a
page costs the same few queries whatever the number of actuals. The arithmetic is
indicators/progress.py; this module only arranges it for display.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models.functions import Coalesce

from indicators.models import ApprovalState, IndicatorActual
from indicators.progress import (
    Assessment,
    Status,
    assess,
    expected_shown,
    expected_value,
    gap_closed,
    period_of,
    round_rate,
)


class RoundedRates:
    """The assessment's rates as display percentages (progress.round_rate, half-up)."""

    @property
    def completion_percent(self):
        return round_rate(self.assessment.completion_rate)

    @property
    def gap_closed_percent(self):
        return round_rate(self.assessment.gap_closed)


@dataclass(frozen=True)
class IndicatorProgress(RoundedRates):
    """One indicator's card on the dashboard: its progress in the chosen year."""

    indicator: object  # an Indicator with actuals prefetched
    assessment: Assessment
    latest_actual: object | None  # the latest Figure up to the chosen year
    latest_provisional: bool  # its year is not approved yet
    expected_gap_closed: Decimal | None  # where the straight line says it should be

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def expected_gap_closed_percent(self):
        return round_rate(self.expected_gap_closed)


ATTENTION = [Status.BELOW_BASELINE, Status.BEHIND, Status.NO_DATA, Status.ON_TRACK, Status.ACHIEVED]


@dataclass(frozen=True)
class Dashboard:
    plan: object
    year: int
    years: list[int]
    rows: list[IndicatorProgress]  # in the indicators' order (serial)

    @property
    def post_plan(self):
        """The chosen year is after the plan's last year (monitoring)."""
        return self.plan.is_post_plan(self.year)

    @property
    def status_counts(self):
        """[(status, count)] for all five statuses, best first, zeros included."""
        counts = {status: 0 for status in Status}
        for row in self.rows:
            counts[row.status] += 1
        return list(counts.items())

    @property
    def attention_first(self):
        """The rows that need attention first: below baseline, behind, no data, on track,
        achieved; by serial within a status."""
        return sorted(self.rows, key=lambda row: ATTENTION.index(row.status))

    @property
    def provisional(self):
        """True when any figure shown for the chosen year is not approved yet."""
        return any(row.latest_actual is not None and row.latest_provisional for row in self.rows)


def plan_view_years(plan, latest_year=None):
    """The years one may look at for a plan: its own years, then the years after it with
    an actual (post-plan monitoring, labelled 规划期后) up to `latest_year`; the downloads
    answer for the same years (`Plan.years_through`)."""
    return plan.years_through(latest_year)


def default_year(years, latest_year):
    """The latest year with data; with no data yet, the plan's first year."""
    if latest_year in years:
        return latest_year
    if latest_year is not None and years and latest_year > years[-1]:
        return years[-1]
    return years[0] if years else None


def latest_actual_year(figures):
    """The latest year with a figure, from figures_by_series()."""
    return max((f.year for rows in figures.values() for f in rows), default=None)


class Figure(NamedTuple):
    """A yearly value without the rest of its row: what the dashboard needs of an actual
    (a tuple: the dashboard makes one per actual of every indicator)."""

    year: int
    value: Decimal


def figures_by_series(indicators):
    """{series key: [Figure]} of the actuals of the series of `indicators` (a queryset), in
    one query of three columns: the dashboard shows every indicator, and model rows (with
    who entered them) would cost ten times as much at 100× the data. The series are named
    by a subquery, not a list of 1,300 ids."""
    series_keys = indicators.order_by().annotate(key=Coalesce("series_origin_id", "pk"))
    figures = {}
    rows = (
        IndicatorActual.objects.filter(indicator_id__in=series_keys.values("key"))
        .order_by()
        .values_list("indicator_id", "year", "value")
    )
    for indicator_id, year, value in rows:
        figures.setdefault(indicator_id, []).append(Figure(year, value))
    return figures


def indicator_progress(indicator, year, locked_years, figures=None) -> IndicatorProgress:
    """`figures`: the Figures of the indicator's series (default: its prefetched actuals)."""
    goal = indicator.goal
    figures = indicator.series_actuals() if figures is None else figures
    # Only the years of this plan: an earlier plan's years are not this plan's progress.
    actuals = [a for a in figures if indicator.baseline_year < a.year <= year]
    latest = max(actuals, key=lambda a: a.year, default=None)
    return IndicatorProgress(
        indicator=indicator,
        assessment=assess(goal, {a.year: a.value for a in actuals}, year),
        latest_actual=latest,
        latest_provisional=latest is not None and latest.year not in locked_years,
        expected_gap_closed=gap_closed(goal, expected_value(goal, year)),
    )


def build_dashboard(plan, indicators, year, years, locked_years, figures) -> Dashboard:
    """Every indicator's progress in `year`; `figures` as figures_by_series gives."""
    return Dashboard(
        plan=plan,
        year=year,
        years=years,
        rows=[
            indicator_progress(i, year, locked_years, figures.get(i.series_key, []))
            for i in indicators
        ],
    )


@dataclass(frozen=True)
class YearRow(RoundedRates):
    """One year on the indicator detail page: the actual entered (if any) and the progress
    against the goal of the plan period that year belongs to."""

    year: int
    actual: object | None  # IndicatorActual
    period: object  # the Indicator (of one plan) whose goal applies to this year
    assessment: Assessment
    approval_state: ApprovalState  # of the value compared (every year of a running sum)
    approval: object | None = None  # the YearApproval in force for this year, if any
    evidence_files: tuple = ()  # indicators.evidence.EvidenceFile of this year

    @property
    def provisional(self):
        return self.approval_state == ApprovalState.PROVISIONAL

    @property
    def expected_rounded(self):
        """To the precision that decides the status (progress.expected_shown)."""
        return expected_shown(self.period.goal, self.assessment.value, self.assessment.expected)


@dataclass(frozen=True)
class IndicatorDetail:
    indicator: object  # the indicator asked for, in its plan
    periods: list  # every indicator of its series, earliest plan first
    rows: list[YearRow]  # every year of the series, from the first plan year to the last data

    @property
    def goal(self):
        return self.indicator.goal

    @property
    def rows_with_value(self):
        return [row for row in self.rows if row.assessment.value is not None]


def build_indicator_detail(
    indicator, periods, locked_years, approvals=None, evidence=None
) -> IndicatorDetail:
    """The yearly rows of an indicator's whole series; `periods` are the indicators of the
    series (earliest first) with their actuals prefetched; `approvals` ({year: YearApproval
    in force}) and `evidence` ({year: [EvidenceFile]}) say who approved each year and which
    files back it."""
    approvals, evidence = approvals or {}, evidence or {}
    actuals = {a.year: a for a in indicator.series_actuals()}
    values = {year: a.value for year, a in actuals.items()}
    first = periods[0].baseline_year + 1
    last = max([p.target_year for p in periods] + list(actuals))
    rows = []
    for year in range(first, last + 1):
        period = period_of(periods, year)
        own_values = {y: v for y, v in values.items() if y > period.baseline_year}
        rows.append(
            YearRow(
                year=year,
                actual=actuals.get(year),
                period=period,
                assessment=assess(period.goal, own_values, year),
                approval_state=period.approval_state(year, locked_years),
                approval=approvals.get(year),
                evidence_files=tuple(evidence.get(year, ())),
            )
        )
    return IndicatorDetail(indicator=indicator, periods=periods, rows=rows)
