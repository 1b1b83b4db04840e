"""Progress arithmetic (docs/domain.md, "Progress"), written once.

Pure functions: numbers in, numbers out, no database. Views, charts, the API and
the Excel report all call `assess()` (or the pieces below) and never re-derive it.
Values are Decimals throughout; `round_rate` is the only rounding, for display.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal(0)
ONE = Decimal(1)


class IndicatorKind(models.TextChoices):
    LEVEL = "level", _("水平值（年末数）")
    CUMULATIVE = "cumulative", _("累计值（逐年相加）")


class Status(models.TextChoices):
    """Progress status, from best to worst; `rank` orders them."""

    ACHIEVED = "achieved", _("已达标")
    ON_TRACK = "on_track", _("按期推进")
    BEHIND = "behind", _("进度滞后")
    BELOW_BASELINE = "below_baseline", _("低于基线")
    NO_DATA = "no_data", _("暂无数据")

    @property
    def rank(self):
        """0 for no data, then 1 (below baseline) … 4 (achieved): higher is better."""
        return {
            Status.NO_DATA: 0,
            Status.BELOW_BASELINE: 1,
            Status.BEHIND: 2,
            Status.ON_TRACK: 3,
            Status.ACHIEVED: 4,
        }[self]


@dataclass(frozen=True)
class Goal:
    """What the plan promised for one indicator."""

    baseline_year: int
    baseline_value: Decimal
    target_year: int
    target_value: Decimal
    kind: str = IndicatorKind.LEVEL

    @property
    def cumulative(self):
        return self.kind == IndicatorKind.CUMULATIVE

    @property
    def start_value(self):
        """Where progress is measured from: the baseline, or zero for a cumulative indicator."""
        return ZERO if self.cumulative else self.baseline_value

    @property
    def falling(self):
        """True when the plan wants the value to go down (target below its start)."""
        return self.target_value < self.start_value


@dataclass(frozen=True)
class Assessment:
    """One indicator's progress in one year; rates are exact (see `round_rate`)."""

    year: int
    value: Decimal | None  # the compared value: the actual, or the running sum if cumulative
    expected: Decimal
    completion_rate: Decimal | None
    gap_closed: Decimal | None
    status: Status
    post_plan: bool


def reached(goal: Goal, value: Decimal, mark: Decimal) -> bool:
    """Has `value` reached `mark`, in the plan's direction?"""
    return value <= mark if goal.falling else value >= mark


def expected_value(goal: Goal, year: int) -> Decimal:
    """The straight line from start to target; flat at the target after the plan ends."""
    span = goal.target_year - goal.baseline_year
    elapsed = min(max(year - goal.baseline_year, 0), span)
    start = goal.start_value
    return start + (goal.target_value - start) * Decimal(elapsed) / Decimal(span)


def years_compared(goal: Goal, year: int) -> range:
    """The years whose actuals make up the value compared for `year`.

    Level: that year alone. Cumulative: every year from the one after the baseline to `year`.
    """
    if goal.cumulative:
        return range(goal.baseline_year + 1, year + 1)
    return range(year, year + 1)


def compared_value(goal: Goal, actuals: Mapping[int, Decimal], year: int) -> Decimal | None:
    """The value compared with the target for `year`.

    Level: that year's actual. Cumulative: the sum of the actuals from the year after
    the baseline to `year`; None if any of those years is missing (no silent undercount).
    """
    if not goal.cumulative:
        return actuals.get(year)
    years = years_compared(goal, year)
    if not years or any(actuals.get(y) is None for y in years):
        return None
    return sum((actuals[y] for y in years), ZERO)


def completion_rate(goal: Goal, value: Decimal | None) -> Decimal | None:
    """目标完成率: value / target (target / value when falling); None if undefined (÷0)."""
    if value is None:
        return None
    numerator, denominator = (
        (goal.target_value, value) if goal.falling else (value, goal.target_value)
    )
    if denominator == 0:
        return None
    return numerator / denominator


def gap_closed(goal: Goal, value: Decimal | None) -> Decimal | None:
    """增量进度: (value − start) / (target − start).

    None when there is no value or when the target equals the start (no gap to close).
    For a cumulative indicator the start is zero, so this equals the completion rate.
    """
    if value is None:
        return None
    gap = goal.target_value - goal.start_value
    if gap == 0:
        return None
    return (value - goal.start_value) / gap


def status(goal: Goal, value: Decimal | None, year: int) -> Status:
    """The five statuses (docs/domain.md), each threshold "reached" in the plan's direction.

    When the target equals the start there is no direction: reaching the target is
    achieved, anything short of it is below the baseline.
    """
    if value is None:
        return Status.NO_DATA
    if reached(goal, value, goal.target_value):
        return Status.ACHIEVED
    if reached(goal, value, expected_value(goal, year)):
        return Status.ON_TRACK
    if reached(goal, value, goal.start_value):
        return Status.BEHIND
    return Status.BELOW_BASELINE


def assess(goal: Goal, actuals: Mapping[int, Decimal], year: int) -> Assessment:
    """Everything the dashboard, API and report show for one indicator in one year."""
    value = compared_value(goal, actuals, year)
    return Assessment(
        year=year,
        value=value,
        expected=expected_value(goal, year),
        completion_rate=completion_rate(goal, value),
        gap_closed=gap_closed(goal, value),
        status=status(goal, value, year),
        post_plan=year > goal.target_year,
    )


def period_of(periods, year):
    """Of the periods of a series (anything with a `baseline_year`, earliest first), the
    one `year` falls in: the latest whose baseline year is before it; after the last
    plan, the last one (post-plan monitoring)."""
    started = [period for period in periods if period.baseline_year < year]
    return started[-1] if started else periods[0]


def round_rate(rate: Decimal | None, places: int = 1) -> Decimal | None:
    """Rate as percent rounded half-up to `places` decimals (0.12345 → 12.3); display only."""
    if rate is None:
        return None
    return (rate * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def expected_shown(goal: Goal, value: Decimal | None, expected: Decimal) -> Decimal:
    """The expected value as shown beside `value`: to the precision that decides the status.

    Normally 2 places (`round_value`). When 2 places would put the expected value on
    the other side of the actual than it really is (19.5033… shown as 19.50 beside an
    actual of 19.5 that is behind), one more place at a time until the numbers shown
    agree with the status (docs/domain.md, "Decimals shown beside a status").
    """
    places = 2
    if value is None:
        return round_value(expected, places)
    truly_reached = reached(goal, value, expected)
    while places < MAX_SHOWN_PLACES:
        shown = round_value(expected, places)
        if reached(goal, value, shown) == truly_reached:
            return shown
        places += 1
    return round_value(expected, MAX_SHOWN_PLACES)


# Beyond this many places the difference is not a figure anyone entered (values keep 4).
MAX_SHOWN_PLACES = 8


def round_value(value: Decimal | None, places: int = 2) -> Decimal | None:
    """A value (e.g. an expected value, 185.3333…) rounded half-up for display only."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# Growth and pace (the evaluation report) -----------------------------------------------


def annual_growth(start: Decimal, end: Decimal, years: int) -> Decimal | None:
    """Average annual growth rate (CAGR): (end / start) ** (1 / years) − 1.

    None when it is undefined: no years elapsed, a start of zero or below (nothing to grow
    from), or an end below zero.
    """
    if years <= 0 or start <= 0 or end < 0:
        return None
    if end == 0:
        return -ONE
    return (end / start) ** (ONE / Decimal(years)) - ONE


def growth_achieved(goal: Goal, value: Decimal | None, year: int) -> Decimal | None:
    """The average annual growth from the baseline to `value` in `year`.

    None for a cumulative indicator: its compared value is a running sum from zero, which
    has no growth rate (its pace is `annual_pace`).
    """
    if value is None or goal.cumulative:
        return None
    return annual_growth(goal.baseline_value, value, year - goal.baseline_year)


def growth_needed(goal: Goal) -> Decimal | None:
    """The average annual growth the plan asks for: from the baseline to the target."""
    if goal.cumulative:
        return None
    return annual_growth(
        goal.baseline_value, goal.target_value, goal.target_year - goal.baseline_year
    )


def growth_still_needed(goal: Goal, value: Decimal | None, year: int) -> Decimal | None:
    """The average annual growth from `value` in `year` that still reaches the target in
    time; None once the target year has come (or for a cumulative indicator)."""
    if value is None or goal.cumulative or year >= goal.target_year:
        return None
    return annual_growth(value, goal.target_value, goal.target_year - year)


def annual_pace(goal: Goal, value: Decimal | None, year: int) -> Decimal | None:
    """The average change per year so far: (value − start) / (year − baseline year).

    The current pace of the straight-line reading the status rule uses; for a
    cumulative indicator it is the average yearly amount.
    """
    if value is None or year <= goal.baseline_year:
        return None
    return (value - goal.start_value) / Decimal(year - goal.baseline_year)


def year_target_reached(goal: Goal, value: Decimal | None, year: int) -> int | None:
    """The year the target is reached if the current pace (`annual_pace`) goes on.

    `year` itself when already reached; None when it never is at this pace (no value, no
    movement or movement away from the target).
    """
    if value is None:
        return None
    if reached(goal, value, goal.target_value):
        return year
    pace = annual_pace(goal, value, year)
    remaining = goal.target_value - value
    if not pace or (pace > 0) != (remaining > 0):
        return None
    # Whole years, rounded up: the target is reached at the end of that year.
    return year + int((remaining / pace).to_integral_value(rounding=ROUND_CEILING))
