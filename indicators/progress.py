"""Progress arithmetic (docs/domain.md, "Progress"), written once.

Pure functions: numbers in, numbers out, no database. Views, charts, the API and
the Excel report all call `assess()` (or the pieces below) and never re-derive it.
Values are Decimals throughout; `round_rate` is the only rounding, for display.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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
class Plan:
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


def reached(plan: Plan, value: Decimal, mark: Decimal) -> bool:
    """Has `value` reached `mark`, in the plan's direction?"""
    return value <= mark if plan.falling else value >= mark


def expected_value(plan: Plan, year: int) -> Decimal:
    """The straight line from start to target; flat at the target after the plan ends."""
    span = plan.target_year - plan.baseline_year
    elapsed = min(max(year - plan.baseline_year, 0), span)
    start = plan.start_value
    return start + (plan.target_value - start) * Decimal(elapsed) / Decimal(span)


def years_compared(plan: Plan, year: int) -> range:
    """The years whose actuals make up the value compared for `year`.

    Level: that year alone. Cumulative: every year from the one after the baseline to `year`.
    """
    if plan.cumulative:
        return range(plan.baseline_year + 1, year + 1)
    return range(year, year + 1)


def compared_value(plan: Plan, actuals: Mapping[int, Decimal], year: int) -> Decimal | None:
    """The value compared with the target for `year`.

    Level: that year's actual. Cumulative: the sum of the actuals from the year after
    the baseline to `year`; None if any of those years is missing (no silent undercount).
    """
    if not plan.cumulative:
        return actuals.get(year)
    years = years_compared(plan, year)
    if not years or any(actuals.get(y) is None for y in years):
        return None
    return sum((actuals[y] for y in years), ZERO)


def completion_rate(plan: Plan, value: Decimal | None) -> Decimal | None:
    """目标完成率: value / target (target / value when falling); None if undefined (÷0)."""
    if value is None:
        return None
    numerator, denominator = (
        (plan.target_value, value) if plan.falling else (value, plan.target_value)
    )
    if denominator == 0:
        return None
    return numerator / denominator


def gap_closed(plan: Plan, value: Decimal | None) -> Decimal | None:
    """增量进度: (value − start) / (target − start).

    None when there is no value or when the target equals the start (no gap to close).
    For a cumulative indicator the start is zero, so this equals the completion rate.
    """
    if value is None:
        return None
    gap = plan.target_value - plan.start_value
    if gap == 0:
        return None
    return (value - plan.start_value) / gap


def status(plan: Plan, value: Decimal | None, year: int) -> Status:
    """The five statuses (docs/domain.md), each threshold "reached" in the plan's direction.

    When the target equals the start there is no direction: reaching the target is
    achieved, anything short of it is below the baseline.
    """
    if value is None:
        return Status.NO_DATA
    if reached(plan, value, plan.target_value):
        return Status.ACHIEVED
    if reached(plan, value, expected_value(plan, year)):
        return Status.ON_TRACK
    if reached(plan, value, plan.start_value):
        return Status.BEHIND
    return Status.BELOW_BASELINE


def assess(plan: Plan, actuals: Mapping[int, Decimal], year: int) -> Assessment:
    """Everything the dashboard, API and report show for one indicator in one year."""
    value = compared_value(plan, actuals, year)
    return Assessment(
        year=year,
        value=value,
        expected=expected_value(plan, year),
        completion_rate=completion_rate(plan, value),
        gap_closed=gap_closed(plan, value),
        status=status(plan, value, year),
        post_plan=year > plan.target_year,
    )


def round_rate(rate: Decimal | None, places: int = 1) -> Decimal | None:
    """Rate as percent rounded half-up to `places` decimals (0.12345 → 12.3); display only."""
    if rate is None:
        return None
    return (rate * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def expected_shown(plan: Plan, value: Decimal | None, expected: Decimal) -> Decimal:
    """The expected value as shown beside `value`: to the precision that decides the status.

    Normally 2 places (`round_value`). When 2 places would put the expected value on
    the other side of the actual than it really is (19.5033… shown as 19.50 beside an
    actual of 19.5 that is behind), one more place at a time until the numbers shown
    agree with the status (docs/domain.md, "Decimals shown beside a status").
    """
    places = 2
    if value is None:
        return round_value(expected, places)
    truly_reached = reached(plan, value, expected)
    while places < MAX_SHOWN_PLACES:
        shown = round_value(expected, places)
        if reached(plan, value, shown) == truly_reached:
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
