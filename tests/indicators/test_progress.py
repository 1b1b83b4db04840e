"""indicators/progress.py: the arithmetic of docs/domain.md, without the database."""

from decimal import Decimal as D

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from indicators.progress import (
    Goal,
    IndicatorKind,
    Status,
    annual_growth,
    annual_pace,
    assess,
    compared_value,
    completion_rate,
    expected_shown,
    expected_value,
    gap_closed,
    growth_achieved,
    growth_needed,
    growth_still_needed,
    reached,
    round_rate,
    round_value,
    status,
    year_target_reached,
    years_compared,
)

RISING = Goal(2020, D("168"), 2023, D("234"))  # 高新技术企业数, Annex 2 row 4
FALLING = Goal(2020, D("100"), 2023, D("70"))
FLAT = Goal(2020, D("50"), 2023, D("50"))
CUMULATIVE = Goal(2020, D("10"), 2023, D("30"), kind=IndicatorKind.CUMULATIVE)


@pytest.mark.parametrize(
    "plan, year, expected",
    [
        (RISING, 2019, D("168")),  # before the plan: the baseline
        (RISING, 2020, D("168")),
        (RISING, 2021, D("190")),
        (RISING, 2022, D("212")),
        (RISING, 2023, D("234")),
        (RISING, 2025, D("234")),  # after the plan: flat at the target
        (FALLING, 2021, D("90")),
        (FALLING, 2022, D("80")),
        (FALLING, 2023, D("70")),
        (FLAT, 2022, D("50")),
        (CUMULATIVE, 2020, D("0")),  # cumulative: measured from zero, not the baseline
        (CUMULATIVE, 2021, D("10")),
        (CUMULATIVE, 2022, D("20")),
        (CUMULATIVE, 2023, D("30")),
    ],
)
def test_expected_value_is_the_straight_line(plan, year, expected):
    assert expected_value(plan, year) == expected


def test_expected_value_keeps_fractions_exact_until_display():
    plan = Goal(2020, D("18.09"), 2023, D("22.33"))
    assert round_value(expected_value(plan, 2021)) == D("19.50")  # 18.09 + 4.24 / 3 = 19.5033…
    assert expected_value(plan, 2021) != round_value(expected_value(plan, 2021))


@pytest.mark.parametrize(
    "plan, value, year, expected",
    [
        # rising, 2022: expected 212, target 234, baseline 168
        (RISING, D("300"), 2022, Status.ACHIEVED),
        (RISING, D("234"), 2022, Status.ACHIEVED),
        (RISING, D("233.99"), 2022, Status.ON_TRACK),
        (RISING, D("212"), 2022, Status.ON_TRACK),
        (RISING, D("211.99"), 2022, Status.BEHIND),
        (RISING, D("200"), 2022, Status.BEHIND),
        (RISING, D("168"), 2022, Status.BEHIND),
        (RISING, D("167.99"), 2022, Status.BELOW_BASELINE),
        (RISING, None, 2022, Status.NO_DATA),
        # in the baseline year the expected value is the baseline itself
        (RISING, D("168"), 2020, Status.ON_TRACK),
        # after the plan the expected value is the target: anything short is behind
        (RISING, D("233"), 2024, Status.BEHIND),
        (RISING, D("234"), 2024, Status.ACHIEVED),
        (RISING, D("100"), 2024, Status.BELOW_BASELINE),
        # falling, 2022: expected 80, target 70, baseline 100: lower is better
        (FALLING, D("60"), 2022, Status.ACHIEVED),
        (FALLING, D("70"), 2022, Status.ACHIEVED),
        (FALLING, D("75"), 2022, Status.ON_TRACK),
        (FALLING, D("80"), 2022, Status.ON_TRACK),
        (FALLING, D("90"), 2022, Status.BEHIND),
        (FALLING, D("100"), 2022, Status.BEHIND),
        (FALLING, D("101"), 2022, Status.BELOW_BASELINE),
        # target equal to baseline: no gap to close, no division by zero
        (FLAT, D("51"), 2022, Status.ACHIEVED),
        (FLAT, D("50"), 2022, Status.ACHIEVED),
        (FLAT, D("49"), 2022, Status.BELOW_BASELINE),
        # cumulative, 2022: running sum compared with 20, target 30, start 0
        (CUMULATIVE, D("30"), 2022, Status.ACHIEVED),
        (CUMULATIVE, D("20"), 2022, Status.ON_TRACK),
        (CUMULATIVE, D("5"), 2022, Status.BEHIND),
        (CUMULATIVE, D("0"), 2022, Status.BEHIND),
        (CUMULATIVE, D("-1"), 2022, Status.BELOW_BASELINE),
    ],
)
def test_status(plan, value, year, expected):
    assert status(plan, value, year) == expected


@pytest.mark.parametrize(
    "plan, value, expected",
    [
        (RISING, D("200"), D("200") / D("234")),
        (RISING, D("0"), D("0")),
        (FALLING, D("80"), D("0.875")),  # target ÷ actual when lower is better
        (FALLING, D("0"), None),  # ÷ 0
        (Goal(2020, D("-5"), 2023, D("0")), D("-1"), None),  # target 0: ÷ 0
        (FLAT, D("50"), D("1")),
        (CUMULATIVE, D("12"), D("0.4")),
        (RISING, None, None),
    ],
)
def test_completion_rate(plan, value, expected):
    assert completion_rate(plan, value) == expected


@pytest.mark.parametrize(
    "plan, value, expected",
    [
        (RISING, D("200"), D("32") / D("66")),
        (RISING, D("168"), D("0")),
        (RISING, D("234"), D("1")),
        (RISING, D("150"), D("-18") / D("66")),  # below baseline: negative
        (FALLING, D("80"), D("20") / D("30")),  # the same formula serves a falling one
        (FLAT, D("50"), None),  # no gap to close
        (FLAT, D("70"), None),
        (CUMULATIVE, D("12"), D("0.4")),  # from zero: equals the completion rate
        (RISING, None, None),
    ],
)
def test_gap_closed(plan, value, expected):
    assert gap_closed(plan, value) == expected


@pytest.mark.parametrize(
    "plan, actuals, year, expected",
    [
        (RISING, {2021: D("180"), 2022: D("200")}, 2022, D("200")),  # level: that year's
        (RISING, {2021: D("180")}, 2022, None),
        (CUMULATIVE, {2021: D("5"), 2022: D("7")}, 2022, D("12")),
        (CUMULATIVE, {2021: D("5"), 2022: D("7")}, 2021, D("5")),
        (CUMULATIVE, {2021: D("5"), 2022: D("7")}, 2023, None),  # 2023 missing
        (CUMULATIVE, {2022: D("7")}, 2022, None),  # 2021 missing: no silent undercount
        (CUMULATIVE, {2021: D("5"), 2023: D("7")}, 2023, None),  # a gap inside the range
        (
            CUMULATIVE,
            {2020: D("10"), 2021: D("5")},
            2021,
            D("5"),
        ),  # the baseline year is not summed
        (CUMULATIVE, {2021: D("5")}, 2020, None),  # nothing to sum yet
        (
            CUMULATIVE,
            {2021: D("5"), 2022: D("7"), 2023: D("9"), 2024: D("1")},
            2024,
            D("22"),  # post-plan years keep adding up
        ),
    ],
)
def test_compared_value(plan, actuals, year, expected):
    assert compared_value(plan, actuals, year) == expected


@pytest.mark.parametrize(
    "plan, year, expected",
    [
        (RISING, 2022, [2022]),  # level: that year alone
        (RISING, 2020, [2020]),
        (FALLING, 2025, [2025]),
        (CUMULATIVE, 2022, [2021, 2022]),  # cumulative: from the year after the baseline
        (CUMULATIVE, 2021, [2021]),
        (CUMULATIVE, 2020, []),
    ],
)
def test_years_compared(plan, year, expected):
    assert list(years_compared(plan, year)) == expected


def test_assess_gives_the_issue_example_for_indicator_4():
    """An actual of 200 high-tech companies in 2022 is behind: the line says 212."""
    result = assess(RISING, {2022: D("200")}, 2022)
    assert result.year == 2022
    assert result.value == D("200")
    assert result.expected == D("212")
    assert result.status == Status.BEHIND
    assert round_rate(result.completion_rate) == D("85.5")
    assert round_rate(result.gap_closed) == D("48.5")
    assert result.post_plan is False


def test_assess_marks_years_after_the_target_year_as_post_plan():
    assert assess(RISING, {2024: D("240")}, 2024).post_plan is True
    assert assess(RISING, {2023: D("240")}, 2023).post_plan is False


def test_assess_cumulative_with_a_missing_year_has_no_data():
    result = assess(CUMULATIVE, {2021: D("5"), 2023: D("30")}, 2023)
    assert result.status == Status.NO_DATA
    assert result.value is None
    assert result.completion_rate is None and result.gap_closed is None
    assert result.expected == D("30")


@pytest.mark.parametrize(
    "rate, places, expected",
    [
        (D("0.12345"), 1, D("12.3")),
        (D("0.12345"), 3, D("12.345")),
        (D("0.0005"), 1, D("0.1")),  # half-up; Python's round() would give 0.0
        (D("0.00125"), 2, D("0.13")),  # half-up; half-even would give 0.12
        (D("-0.5"), 1, D("-50.0")),
        (D("1"), 0, D("100")),
        (None, 1, None),
    ],
)
def test_round_rate_is_half_up_percent(rate, places, expected):
    rounded = round_rate(rate, places)
    assert rounded == expected
    if expected is not None:
        assert rounded.as_tuple().exponent == -places


def test_round_value_is_half_up():
    assert round_value(D("2.345")) == D("2.35")  # half-even would give 2.34
    assert round_value(D("185.3333333")) == D("185.33")
    assert round_value(None) is None


def test_status_labels_and_rank():
    assert [s.label for s in Status] == ["已达标", "按期推进", "进度滞后", "低于基线", "暂无数据"]
    assert [s.rank for s in Status] == [4, 3, 2, 1, 0]


def test_reached_respects_direction():
    assert reached(RISING, D("212"), D("212")) and not reached(RISING, D("211"), D("212"))
    assert reached(FALLING, D("80"), D("80")) and not reached(FALLING, D("81"), D("80"))


# Property-based tests: the invariants, for plans the tables above did not think of.

values = st.decimals(
    min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False
)
kinds = st.sampled_from(list(IndicatorKind))


@st.composite
def plans(draw, kind=kinds):
    return Goal(
        baseline_year=2020,
        baseline_value=draw(values),
        target_year=draw(st.integers(2021, 2030)),
        target_value=draw(values),
        kind=draw(kind),
    )


years = st.integers(2018, 2035)


@given(plans(), years, values, values)
def test_status_is_monotone_in_the_actual(plan, year, a, b):
    """A better actual never gets a worse status (better = higher, or lower if falling)."""
    worse, better = sorted([a, b], reverse=plan.falling)
    assert status(plan, better, year).rank >= status(plan, worse, year).rank


@given(plans(), years, values)
def test_achieved_exactly_when_the_target_is_reached(plan, year, value):
    assert (status(plan, value, year) == Status.ACHIEVED) == reached(plan, value, plan.target_value)


@given(plans(), years, values)
def test_never_divides_by_zero(plan, year, value):
    result = assess(plan, {y: value for y in range(2021, year + 1)}, year)
    assert result.status in Status


@given(plans(kind=st.just(IndicatorKind.CUMULATIVE)), values)
def test_gap_closed_equals_completion_rate_for_cumulative(plan, value):
    assume(plan.target_value > 0)
    assert gap_closed(plan, value) == completion_rate(plan, value)


@given(plans(), st.integers(2021, 2029))
def test_expected_value_is_linear_between_start_and_target(plan, year):
    assume(year < plan.target_year)
    before, here, after = (expected_value(plan, y) for y in (year - 1, year, year + 1))
    # Equal steps (up to Decimal's 28 significant digits) ...
    assert abs((here - before) - (after - here)) <= D("1e-18")
    # ... from the start in the baseline year to the target in the target year ...
    assert expected_value(plan, plan.baseline_year) == plan.start_value
    assert expected_value(plan, plan.target_year) == plan.target_value
    # ... and never beyond either end.
    low, high = sorted([plan.start_value, plan.target_value])
    assert low <= here <= high


@given(plans(), st.integers(1, 10))
def test_expected_value_stays_at_the_target_after_the_plan(plan, years_after):
    assert expected_value(plan, plan.target_year + years_after) == plan.target_value


@given(plans(), st.integers(2021, 2030))
def test_expected_value_closes_the_elapsed_share_of_the_gap(plan, year):
    assume(plan.target_value != plan.start_value and year <= plan.target_year)
    share = gap_closed(plan, expected_value(plan, year))
    elapsed = D(year - plan.baseline_year) / D(plan.target_year - plan.baseline_year)
    assert abs(share - elapsed) <= D("1e-18")


@given(
    plans(kind=st.just(IndicatorKind.CUMULATIVE)),
    st.dictionaries(st.integers(2021, 2030), values, max_size=10),
    st.integers(2021, 2030),
)
def test_cumulative_compares_the_running_sum_or_nothing(plan, actuals, year):
    needed = range(plan.baseline_year + 1, year + 1)
    value = compared_value(plan, actuals, year)
    if all(y in actuals for y in needed):
        assert value == sum(actuals[y] for y in needed)
    else:
        assert value is None
        assert assess(plan, actuals, year).status == Status.NO_DATA


# Growth and pace ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, years, expected",
    [
        (D("100"), D("121"), 2, D("0.1")),  # 10 % a year: 100 → 110 → 121
        (D("100"), D("100"), 3, D("0")),
        (D("100"), D("81"), 2, D("-0.1")),
        (D("100"), D("0"), 2, D("-1")),
        (D("0"), D("5"), 2, None),  # nothing to grow from
        (D("100"), D("-1"), 2, None),
        (D("100"), D("121"), 0, None),
    ],
)
def test_annual_growth(start, end, years, expected):
    growth = annual_growth(start, end, years)
    if expected is None:
        assert growth is None
    else:
        assert growth == pytest.approx(expected, abs=D("1e-20"))


def test_growth_needed_of_indicator_4_is_about_11_7_percent():
    # 168 → 234 in three years: (234 / 168) ** (1/3) − 1 = 11.68 %.
    assert round_rate(growth_needed(RISING), 2) == D("11.68")


def test_growth_achieved_and_still_needed():
    # 190 in 2021: +13.1 % in one year; 234 still needs 11.0 % a year for two years.
    assert round_rate(growth_achieved(RISING, D("190"), 2021), 1) == D("13.1")
    assert round_rate(growth_still_needed(RISING, D("190"), 2021), 1) == D("11.0")
    assert growth_still_needed(RISING, D("190"), 2023) is None
    assert growth_achieved(RISING, None, 2021) is None


def test_a_cumulative_indicator_has_no_growth_rate():
    assert growth_needed(CUMULATIVE) is None
    assert growth_achieved(CUMULATIVE, D("12"), 2021) is None
    assert growth_still_needed(CUMULATIVE, D("12"), 2021) is None


@pytest.mark.parametrize(
    "plan, value, year, expected",
    [
        (RISING, D("190"), 2021, D("22")),
        (RISING, D("168"), 2022, D("0")),
        (FALLING, D("90"), 2022, D("-5")),
        (CUMULATIVE, D("12"), 2022, D("6")),  # from zero: 6 a year
        (RISING, D("190"), 2020, None),
        (RISING, None, 2021, None),
    ],
)
def test_annual_pace(plan, value, year, expected):
    assert annual_pace(plan, value, year) == expected


@pytest.mark.parametrize(
    "plan, value, year, expected",
    [
        (RISING, D("190"), 2021, 2023),  # 22 a year: 234 exactly in 2023
        (RISING, D("189"), 2021, 2024),  # 21 a year: 231 in 2023, 252 in 2024
        (RISING, D("180"), 2022, 2031),  # 6 a year since 2020: 54 to go takes nine years
        (RISING, D("240"), 2022, 2022),  # already reached
        (RISING, D("168"), 2022, None),  # no movement
        (RISING, D("160"), 2022, None),  # moving away
        (FALLING, D("90"), 2021, 2023),  # −10 a year: 70 in 2023
        (CUMULATIVE, D("12"), 2022, 2025),  # 6 a year: 30 after five years
        (RISING, None, 2022, None),
    ],
)
def test_year_target_reached_at_the_current_pace(plan, value, year, expected):
    assert year_target_reached(plan, value, year) == expected


# ---- the expected value shown beside a status (docs/domain.md) -------------------------
SHOWN_PLAN = Goal(
    baseline_year=2020,
    baseline_value=D("18.09"),
    target_year=2023,
    target_value=D("22.33"),
)


@pytest.mark.parametrize(
    ("value", "expected", "shown"),
    [
        # Two places normally.
        (D("25"), D("19.50333"), D("19.50")),
        (D("18"), D("212"), D("212.00")),
        # Behind by 0.0033: two places would read 19.50 ≤ 19.5, so three.
        (D("19.5"), D("19.503333"), D("19.503")),
        # Behind by less: as many places as it takes.
        (D("19.5033"), D("19.503333"), D("19.50333")),
        # On track by a hair: rounding up to 19.50 would put the line above the actual.
        (D("19.4999"), D("19.49960"), D("19.4996")),
    ],
)
def test_expected_shown_agrees_with_the_status(value, expected, shown):
    assert expected_shown(SHOWN_PLAN, value, expected) == shown
    # What the reader compares agrees with what the status says.
    assert reached(SHOWN_PLAN, value, shown) == reached(SHOWN_PLAN, value, expected)


def test_expected_shown_for_a_falling_indicator():
    falling = Goal(2020, D("10"), 2023, D("4"))
    # Lower is better: 7.0 is behind an expected 6.99999 (must go below it).
    assert expected_shown(falling, D("7"), D("6.999999")) == D("6.999999")
    assert expected_shown(falling, None, D("6.999999")) == D("7.00")
