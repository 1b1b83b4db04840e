"""The rules of an indicator's yearly figure (indicators/rules.py): pure, no database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Indicator
from indicators.rules import counts_whole_things, outlier_reason, unit_errors, validate_actual

TODAY = datetime.date(2023, 6, 30)


def indicator(unit="家", baseline="1762", target="2381"):
    """An unsaved indicator: the rules need only its attributes, never the database."""
    return Indicator(
        serial=3,
        name="科技型企业数",
        unit=unit,
        baseline_year=2020,
        baseline_value=Decimal(baseline),
        target_year=2023,
        target_value=Decimal(target),
    )


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_a_plausible_figure_passes_unflagged():
    checked = validate_actual(indicator(), 2022, "1,900", today=TODAY)
    assert checked.value == Decimal("1900")
    assert checked.flagged is False


@pytest.mark.parametrize(("year", "fragment"), [(2020, "基期"), (2019, "基期"), (2024, "未来")])
def test_year_must_follow_the_baseline_and_not_be_in_the_future(year, fragment):
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(indicator(), year, "1900", today=TODAY)
    assert fragment in errors_of(excinfo)["year"][0]
    assert errors_of(excinfo)["year"][0].startswith("年份")


def test_the_current_year_may_be_entered():
    assert validate_actual(indicator(), 2023, "1900", today=TODAY).value == 1900


@pytest.mark.parametrize("unit", ["次", "家", "个", "项"])
def test_counts_are_whole(unit):
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(indicator(unit=unit), 2022, "1900.5", today=TODAY)
    assert "整数" in errors_of(excinfo)["value"][0]


@pytest.mark.parametrize("unit", ["次", "家", "个", "项", "亿元", "万元"])
def test_counts_and_money_are_not_negative(unit):
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(indicator(unit=unit), 2022, "-1", today=TODAY)
    assert "负数" in errors_of(excinfo)["value"][0]


def test_money_may_have_decimals():
    checked = validate_actual(indicator(unit="亿元", baseline="1", target="1.5"), 2022, "1.25")
    assert checked.value == Decimal("1.25")


@pytest.mark.parametrize(("text", "ok"), [("0", True), ("2.3", True), ("100", True)])
def test_percentages_inside_0_to_100_pass(text, ok):
    rd = indicator(unit="%", baseline="0", target="100")
    assert validate_actual(rd, 2022, text, today=TODAY).value == Decimal(text)


@pytest.mark.parametrize("text", ["-0.1", "100.01", "230"])
def test_percentages_outside_0_to_100_fail(text):
    rd = indicator(unit="%", baseline="2", target="2.25")
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(rd, 2022, text, note="确认", today=TODAY)
    assert "0 到 100" in errors_of(excinfo)["value"][0]


def test_more_than_three_times_the_target_needs_a_note():
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(indicator(), 2022, "7144", today=TODAY)  # 3 × 2381 = 7143
    message = errors_of(excinfo)["value"][0]
    assert "3 倍" in message and "说明" in message


def test_exactly_three_times_the_target_is_not_an_outlier():
    assert validate_actual(indicator(), 2022, "7143", today=TODAY).flagged is False


def test_an_outlier_with_a_note_and_its_confirmation_is_accepted_and_flagged():
    checked = validate_actual(
        indicator(), 2022, "7144", note="园区扩容，已核实", today=TODAY, confirmed_values=["7,144"]
    )
    assert checked.flagged is True


def test_a_note_alone_does_not_confirm_an_outlier():
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(indicator(), 2022, "7144", note="园区扩容，已核实", today=TODAY)
    assert "确认异常值" in errors_of(excinfo)["value"][0]


def test_a_confirmation_alone_does_not_explain_an_outlier():
    with pytest.raises(ValidationError):
        validate_actual(indicator(), 2022, "7144", today=TODAY, confirmed_values=["7144"])


@pytest.mark.parametrize(
    ("confirmed", "accepted"),
    [
        (["7144"], True),
        (["7144.0"], True),  # the same number written another way
        ([None, Decimal("7144")], True),  # e.g. the stored figure, confirmed before
        (["7145"], False),  # a confirmation of another value
        (["9000", None], False),
        (["abc"], False),  # unreadable: confirms nothing
        ([""], False),
        ([], False),
    ],
)
def test_an_outlier_is_confirmed_only_by_its_own_value(confirmed, accepted):
    def check():
        return validate_actual(
            indicator(), 2022, "7144", note="已核实", today=TODAY, confirmed_values=confirmed
        )

    if accepted:
        assert check().flagged is True
    else:
        with pytest.raises(ValidationError):
            check()


def test_a_fall_of_more_than_half_needs_a_note():
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(indicator(), 2022, "899", previous_value=Decimal("1800"), today=TODAY)
    assert "下降一半" in errors_of(excinfo)["value"][0]
    checked = validate_actual(
        indicator(),
        2022,
        "899",
        note="统计口径调整",
        previous_value=Decimal("1800"),
        today=TODAY,
        confirmed_values=["899"],
    )
    assert checked.flagged is True


def test_a_fall_of_exactly_half_is_not_an_outlier():
    checked = validate_actual(indicator(), 2022, "900", previous_value=Decimal("1800"), today=TODAY)
    assert checked.flagged is False


def test_a_blank_note_does_not_confirm_an_outlier():
    with pytest.raises(ValidationError):
        validate_actual(indicator(), 2022, "9000", note="   ", today=TODAY)


def test_year_and_value_errors_are_reported_together():
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(indicator(), 2030, "abc", today=TODAY)
    assert set(errors_of(excinfo)) == {"year", "value"}


def test_a_rate_counted_in_a_count_unit_may_have_decimals():
    """每万人口发明专利拥有量（项）: 18.09 in 2020 — a rate, not a count."""
    patents = indicator(unit="项", baseline="18.09", target="22.33")
    assert validate_actual(patents, 2022, "19.5", today=TODAY).value == Decimal("19.5")
    with pytest.raises(ValidationError):
        validate_actual(patents, 2022, "-1", today=TODAY)


def test_an_outlier_message_says_what_was_typed_why_and_what_to_do():
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(indicator(), 2022, "7,144", today=TODAY)
    assert errors_of(excinfo)["value"] == [
        "实际值 7144 超过上限 7143（目标值 2381 的 3 倍），明显超出常规范围：如确认无误，"
        "请在“说明”中写明原因，并在“确认异常值”处确认 7144 这个数值后再保存"
        "（以前的说明或确认不适用于新填的数值）。"
    ]


def test_an_unreadable_value_is_reported_under_value_naming_the_field():
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(indicator(), 2022, "abc", today=TODAY)
    [message] = errors_of(excinfo)["value"]
    assert message.startswith("实际值“abc”") and "不是数字" in message


@pytest.mark.parametrize(
    ("unit", "text", "message"),
    [
        ("家", "-1", "实际值不能为负数。"),
        ("家", "1900.5", "实际值以“家”计，须为整数（填的是 1900.5）。"),
        ("万元", "-1", "实际值（万元）不能为负数。"),
        ("%", "230", "实际值是百分比，须在 0 到 100 之间（填的是 230）。"),
    ],
)
def test_unit_problems_name_the_field_and_the_figure(unit, text, message):
    rd = indicator(unit=unit, baseline="2", target="3")
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(rd, 2022, text, note="确认", today=TODAY)
    assert errors_of(excinfo)["value"] == [message]


@pytest.mark.parametrize(
    ("unit", "baseline", "target", "expected"),
    [
        ("家", "1762", "2381", True),
        ("项", "1762.0000", "2381.0000", True),  # stored with four decimals, still whole
        ("项", "18.09", "22.33", False),  # a rate (每万人口发明专利拥有量)
        ("项", "18.09", "23", False),  # one fractional plan figure is enough
        ("项", "18", "22.5", False),
        ("亿元", "1", "2", False),  # whole plan figures, but money is not a count
        ("%", "2", "3", False),
    ],
)
def test_counts_whole_things_needs_a_count_unit_and_whole_plan_figures(
    unit, baseline, target, expected
):
    assert counts_whole_things(indicator(unit, baseline, target)) is expected


@pytest.mark.parametrize(
    ("value", "unit", "whole", "messages"),
    [
        ("0", "家", True, []),  # zero is a count
        ("1900", "家", True, []),
        ("-1", "家", True, ["实际值不能为负数。"]),
        ("1900.5", "家", True, ["实际值以“家”计，须为整数（填的是 1900.5）。"]),
        ("0.5", "项", False, []),  # a rate in a count unit: decimals, even below one
        ("-0.5", "项", False, ["实际值不能为负数。"]),
        ("0", "亿元", True, []),
        ("0.5", "万元", True, []),
        ("-0.01", "亿元", True, ["实际值（亿元）不能为负数。"]),
        ("0", "%", True, []),
        ("100", "%", True, []),
        ("100.5", "%", True, ["实际值是百分比，须在 0 到 100 之间（填的是 100.5）。"]),
        ("-1", "%", True, ["实际值是百分比，须在 0 到 100 之间（填的是 -1）。"]),
        ("-5", "人次", True, []),  # a unit with no rule of its own
    ],
)
def test_unit_errors(value, unit, whole, messages):
    assert unit_errors(Decimal(value), unit, "实际值", whole=whole) == messages


def test_a_count_unit_wants_whole_numbers_unless_told_otherwise():
    message = "实际值以“个”计，须为整数（填的是 2.5）。"
    assert unit_errors(Decimal("2.5"), "个", "实际值") == [message]


@pytest.mark.parametrize(
    ("target", "value", "previous", "reason"),
    [
        ("2381", "7143", None, ""),  # exactly three times: not yet
        ("2381", "7144", None, "超过上限 7143（目标值 2381 的 3 倍）"),
        ("0.5", "1.6", None, "超过上限 1.5（目标值 0.5 的 3 倍）"),  # a target below one counts
        ("0", "5", None, ""),  # no multiple of a zero target
        ("2381", "899", "1800", "低于下限 900（上年 1800 的一半），下降一半以上"),
        ("2381", "900", "1800", ""),  # exactly half: not yet
        ("2381", "0.3", "0.8", "低于下限 0.4（上年 0.8 的一半），下降一半以上"),
        ("2381", "-1", "0", ""),  # nothing last year: no fall to measure
        ("2381", "1", None, ""),
    ],
)
def test_outlier_reason(target, value, previous, reason):
    previous = None if previous is None else Decimal(previous)
    assert outlier_reason(indicator(target=target), Decimal(value), previous) == reason
