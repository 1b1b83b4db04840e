"""The data behind the dashboard and the indicator detail page.

Each page's data is built here from already-fetched indicators (with their actuals
prefetched) and the set of approved years; nothing here queries the database, so a
page costs the same few queries whatever the number of actuals. The arithmetic is
indicators/progress.py; this module only arranges it for display.
"""

from dataclasses import dataclass
from decimal import Decimal

from indicators.models import ApprovalState, IndicatorActual
from indicators.progress import (
    Assessment,
    Status,
    assess,
    expected_value,
    gap_closed,
    round_rate,
    round_value,
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
    def attention_first(self):
        """The rows that need attention first: below baseline, behind, no data, on track,
        achieved; by serial within a status."""
        return sorted(self.rows, key=lambda row: ATTENTION.index(row.status))

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


@dataclass(frozen=True)
class Figure:
    """A yearly value without the rest of its row: what the dashboard needs of an actual."""

    year: int
    value: Decimal


def figures_by_indicator():
    """{indicator id: [Figure]} of every actual, in one query of three columns: the
    dashboard shows every indicator, and model rows (with who entered them) would cost
    ten times as much at 100× the data."""
    figures = {}
    rows = IndicatorActual.objects.order_by().values_list("indicator_id", "year", "value")
    for indicator_id, year, value in rows:
        figures.setdefault(indicator_id, []).append(Figure(year, value))
    return figures


def indicator_progress(indicator, year, locked_years, figures=None) -> IndicatorProgress:
    """`figures`: the indicator's Figures (default: its prefetched actuals)."""
    plan = indicator.plan
    figures = indicator.actuals.all() if figures is None else figures
    actuals = [a for a in figures if a.year <= year]
    latest = max(actuals, key=lambda a: a.year, default=None)
    return IndicatorProgress(
        indicator=indicator,
        assessment=assess(plan, {a.year: a.value for a in actuals}, year),
        latest_actual=latest,
        latest_provisional=latest is not None and latest.year not in locked_years,
        expected_gap_closed=gap_closed(plan, expected_value(plan, year)),
    )


def build_dashboard(indicators, year, years, locked_years, figures) -> Dashboard:
    """Every indicator's progress in `year`; `figures` as figures_by_indicator gives."""
    return Dashboard(
        year=year,
        years=years,
        rows=[indicator_progress(i, year, locked_years, figures.get(i.pk, [])) for i in indicators],
    )


@dataclass(frozen=True)
class YearRow(RoundedRates):
    """One year on the indicator detail page: the actual entered (if any) and the progress."""

    year: int
    actual: object | None  # IndicatorActual
    assessment: Assessment
    approval_state: ApprovalState  # of the value compared (every year of a running sum)

    @property
    def provisional(self):
        return self.approval_state == ApprovalState.PROVISIONAL

    @property
    def expected_rounded(self):
        return round_value(self.assessment.expected)


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
            )
            for year in years
        ],
    )
