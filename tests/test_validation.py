import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Indicator
from indicators.validation import (
    parse_decimal,
    to_decimal,
    validate_actual,
    validate_project_progress,
)

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123", "123"),
        ("１２３", "123"),
        ("1,762", "1762"),
        ("1，762", "1762"),
        ("１，７６２", "1762"),
        ("1,234,567.5", "1234567.5"),
        ("18.09", "18.09"),
        ("１８．０９", "18.09"),
        ("  47722.2 ", "47722.2"),
        ("\u30002.25\u3000", "2.25"),
        ("-3", "-3"),
        ("－3", "-3"),
        ("+5", "5"),
        ("0.0001", "0.0001"),
    ],
)
def test_parse_decimal_understands_what_people_type(text, expected):
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1,76", "千位分隔符"),  # a European decimal comma? refuse, never guess
        ("1,7620", "千位分隔符"),
        ("17,62.5", "千位分隔符"),
        ("1.762.5", "不是数字"),
        ("1e3", "不是数字"),
        ("12%", "不是数字"),
        ("一百", "不是数字"),
        ("1。5", "不是数字"),
        ("1 762", "不是数字"),
        ("NaN", "不是数字"),
        ("18.09家", "不是数字"),
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("0.00001", "小数位过多"),
        ("123456789012345", "过大"),
    ],
)
def test_parse_decimal_refuses_anything_ambiguous(text, fragment):
    with pytest.raises(ValidationError) as excinfo:
        parse_decimal(text, "实际值")
    message = excinfo.value.messages[0]
    assert fragment in message
    assert message.startswith("实际值")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(1762, "1762"), (18.09, "18.09"), (Decimal("2.25"), "2.25"), ("1,762", "1762")],
)
def test_to_decimal_reads_excel_cells_exactly(cell, expected):
    assert to_decimal(cell) == Decimal(expected)


@pytest.mark.parametrize("cell", [True, Decimal("NaN"), Decimal("Infinity"), None])
def test_to_decimal_refuses_non_numbers(cell):
    with pytest.raises(ValidationError):
        to_decimal(cell)


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


def test_an_outlier_with_a_confirming_note_is_accepted_and_flagged():
    checked = validate_actual(indicator(), 2022, "7144", note="园区扩容，已核实", today=TODAY)
    assert checked.flagged is True


def test_a_fall_of_more_than_half_needs_a_note():
    with pytest.raises(ValidationError) as excinfo:
        validate_actual(indicator(), 2022, "899", previous_value=Decimal("1800"), today=TODAY)
    assert "下降一半" in errors_of(excinfo)["value"][0]
    checked = validate_actual(
        indicator(), 2022, "899", note="统计口径调整", previous_value=Decimal("1800"), today=TODAY
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


def test_project_progress_passes_and_returns_decimals():
    investment, percent = validate_project_progress(2022, "1,500.5", "在建", "45", today=TODAY)
    assert (investment, percent) == (Decimal("1500.5"), Decimal("45"))


def test_project_progress_percent_is_optional():
    assert validate_project_progress(2022, "0", "未开工", None, today=TODAY)[1] is None


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"investment_completed": "-1"}, "investment_completed", "负数"),
        ({"investment_completed": "1,50"}, "investment_completed", "千位分隔符"),
        ({"completion_percent": "101"}, "completion_percent", "0 到 100"),
        ({"completion_percent": "-1"}, "completion_percent", "0 到 100"),
        ({"completion_percent": "50.123"}, "completion_percent", "2 位小数"),
        ({"status": "完工"}, "status", "无效"),
        ({"year": 2020}, "year", "基期"),
        ({"year": 2024}, "year", "未来"),
    ],
)
def test_project_progress_rules(kwargs, field, fragment):
    args = {
        "year": 2022,
        "investment_completed": "100",
        "status": "在建",
        "completion_percent": "50",
    } | kwargs
    with pytest.raises(ValidationError) as excinfo:
        validate_project_progress(**args, today=TODAY)
    assert fragment in errors_of(excinfo)[field][0]


def test_a_rate_counted_in_a_count_unit_may_have_decimals():
    """每万人口发明专利拥有量（项）: 18.09 in 2020 — a rate, not a count."""
    patents = indicator(unit="项", baseline="18.09", target="22.33")
    assert validate_actual(patents, 2022, "19.5", today=TODAY).value == Decimal("19.5")
    with pytest.raises(ValidationError):
        validate_actual(patents, 2022, "-1", today=TODAY)
