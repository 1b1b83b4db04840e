"""The data behind the dashboard and the indicator detail page.

Each page's data is built here from already-fetched indicators (with their actuals
prefetched) and the set of approved years; nothing here queries the database, so a
page costs the same few queries whatever the number of actuals. The arithmetic is
indicators/progress.py; this module only arranges it for display.
"""

from dataclasses import dataclass
from decimal import Decimal

from indicators.models import ApprovalState
from indicators.progress import (
    Assessment,
    Status,
    assess,
    expected_shown,
    expected_value,
    gap_closed,
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
    latest_actual: object | None  # the latest IndicatorActual up to the chosen year
    latest_provisional: bool  # its year is not approved yet
    expected_gap_closed: Decimal | None  # where the straight line says it should be

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def expected_gap_closed_percent(self):
        return round_rate(self.expected_gap_closed)


@dataclass(frozen=True)
class Dashboard:
    year: int
    years: list[int]
    rows: list[IndicatorProgress]  # in the indicators' order (serial)

    @property
    def status_counts(self):
        """[(status, count)] for all five statuses, best first, zeros included."""
        counts = {status: 0 for status in Status}
        for row in self.rows:
            counts[row.status] += 1
        return list(counts.items())

    @property
    def provisional(self):
        """True when any figure shown for the chosen year is not approved yet."""
        return any(row.latest_actual is not None and row.latest_provisional for row in self.rows)


def plan_years(indicators, latest_year=None):
    """The years one may look at: the first plan year to the last target year, extended to
    the latest year with an actual (monitoring goes on after the plan)."""
    indicators = list(indicators)
    if not indicators:
        return []
    first = min(i.baseline_year for i in indicators) + 1
    last = max([i.target_year for i in indicators] + ([latest_year] if latest_year else []))
    return list(range(first, last + 1))


def default_year(years, latest_year):
    """The latest year with data; with no data yet, the first plan year."""
    if latest_year in years:
        return latest_year
    return years[0] if years else None


def indicator_progress(indicator, year, locked_years) -> IndicatorProgress:
    plan = indicator.plan
    actuals = [a for a in indicator.actuals.all() if a.year <= year]
    latest = max(actuals, key=lambda a: a.year, default=None)
    return IndicatorProgress(
        indicator=indicator,
        assessment=assess(plan, {a.year: a.value for a in actuals}, year),
        latest_actual=latest,
        latest_provisional=latest is not None and latest.year not in locked_years,
        expected_gap_closed=gap_closed(plan, expected_value(plan, year)),
    )


def build_dashboard(indicators, year, years, locked_years) -> Dashboard:
    """Every indicator's progress in `year`; `indicators` must have actuals prefetched."""
    return Dashboard(
        year=year,
        years=years,
        rows=[indicator_progress(i, year, locked_years) for i in indicators],
    )


@dataclass(frozen=True)
class YearRow(RoundedRates):
    """One year on the indicator detail page: the actual entered (if any) and the progress."""

    year: int
    actual: object | None  # IndicatorActual
    assessment: Assessment
    approval_state: ApprovalState  # of the value compared (every year of a running sum)
    plan: object = None  # the indicator's progress.Plan

    @property
    def provisional(self):
        return self.approval_state == ApprovalState.PROVISIONAL

    @property
    def expected_rounded(self):
        """To the precision that decides the status (progress.expected_shown)."""
        return expected_shown(self.plan, self.assessment.value, self.assessment.expected)


@dataclass(frozen=True)
class IndicatorDetail:
    indicator: object
    rows: list[YearRow]  # every year from the first plan year to the last with data

    @property
    def plan(self):
        return self.indicator.plan

    @property
    def rows_with_value(self):
        return [row for row in self.rows if row.assessment.value is not None]


def build_indicator_detail(indicator, locked_years) -> IndicatorDetail:
    """The yearly rows of one indicator; `indicator` must have actuals prefetched."""
    actuals = {a.year: a for a in indicator.actuals.all()}
    values = {year: a.value for year, a in actuals.items()}
    years = plan_years([indicator], max(actuals, default=None))
    return IndicatorDetail(
        indicator=indicator,
        rows=[
            YearRow(
                year=year,
                actual=actuals.get(year),
                assessment=assess(indicator.plan, values, year),
                approval_state=indicator.approval_state(year, locked_years),
                plan=indicator.plan,
            )
            for year in years
        ],
    )
