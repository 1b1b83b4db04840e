"""Reading numbers people type (core/numbers.py): pure, no database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.numbers import format_decimal, parse_decimal, to_decimal


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
    ("text", "fragment", "code"),
    [
        ("1,76", "千位分隔符", "ambiguous"),  # a European decimal comma? refuse, never guess
        ("1,7620", "千位分隔符", "ambiguous"),
        ("17,62.5", "千位分隔符", "ambiguous"),
        ("1.762.5", "不是数字", "invalid"),
        ("1e3", "不是数字", "invalid"),
        ("12%", "不是数字", "invalid"),
        ("一百", "不是数字", "invalid"),
        ("1。5", "不是数字", "invalid"),
        ("1 762", "不是数字", "invalid"),
        ("NaN", "不是数字", "invalid"),
        ("18.09家", "不是数字", "invalid"),
        ("", "不能为空", "required"),
        ("   ", "不能为空", "required"),
        ("0.00001", "小数位过多", "max_decimal_places"),
        ("123456789012345", "过大", "max_digits"),
    ],
)
def test_parse_decimal_refuses_anything_ambiguous(text, fragment, code):
    with pytest.raises(ValidationError) as excinfo:
        parse_decimal(text, "实际值")
    message = excinfo.value.messages[0]
    assert fragment in message
    assert message.startswith("实际值")
    assert excinfo.value.code == code  # callers can tell the kinds of refusal apart
    if text.strip():
        assert f"“{text}”" in message  # quotes what was typed, as it was typed


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("12,3x", "“x”"),  # a comma too: the message must name the x, not the separator
        ("12%", "“%”"),
        ("18.09家", "“家”"),
        ("1 762", "空格"),
        ("1e3", "“e”"),
    ],
)
def test_parse_decimal_names_the_characters_it_does_not_allow(text, named):
    with pytest.raises(ValidationError) as excinfo:
        parse_decimal(text, "实际值")
    message = excinfo.value.messages[0]
    assert named in message
    assert "千位分隔符" not in message
    assert excinfo.value.code == "invalid"


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


@pytest.mark.parametrize(
    ("value", "kwargs", "shown"),
    [
        (Decimal("1762.0000"), {}, "1762"),
        (Decimal("18.0900"), {}, "18.09"),
        (Decimal("100"), {}, "100"),
        (Decimal("1050000.0000"), {"grouped": True}, "1,050,000"),
        (None, {}, ""),
        (None, {"empty": "—"}, "—"),
    ],
)
def test_format_decimal_shows_numbers_as_people_write_them(value, kwargs, shown):
    assert format_decimal(value, **kwargs) == shown


@pytest.mark.parametrize(
    "text",
    ["٢١٠٢", "۲۱۰۲", "२१०२", "১২", "1٢", "𝟏𝟐", "١٫٥"],
    ids=["arabic-indic", "persian", "devanagari", "bengali", "mixed", "math-bold", "arabic-sep"],
)
def test_only_ascii_and_full_width_digits_are_numbers(text):
    with pytest.raises(ValidationError) as refused:
        parse_decimal(text)
    assert "阿拉伯数字" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (1e-05, "小数位过多"),  # an Excel cell holding 0.00001
        (0.123456, "小数位过多"),
        (1e20, "过大"),
        (float("nan"), "不是数字"),
        (float("inf"), "不是数字"),
    ],
)
def test_excel_numbers_get_the_precise_message(value, fragment):
    with pytest.raises(ValidationError) as refused:
        to_decimal(value)
    assert fragment in refused.value.messages[0]


def test_excel_float_in_exponent_form_that_fits_is_read():
    assert to_decimal(1e-4) == Decimal("0.0001")
    assert to_decimal(1e13) == Decimal("10000000000000")


@pytest.mark.parametrize("text", [None, "", " \u3000 "])
def test_nothing_typed_is_required_and_the_default_label_is_shuzhi(text):
    with pytest.raises(ValidationError) as excinfo:
        parse_decimal(text)
    assert excinfo.value.messages == ["数值不能为空。"]
    assert excinfo.value.code == "required"


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        # The column holds 18 digits, 4 of them decimals: 14 integer digits at most.
        ("99999999999999.9999", True),
        ("-99999999999999.9999", True),
        ("100000000000000", False),
        ("-100000000000000", False),
        ("0.0001", True),
        ("0.00010", False),  # five decimal places, even if the last is a zero
    ],
)
def test_parse_decimal_accepts_exactly_what_the_column_can_hold(text, accepted):
    if accepted:
        assert parse_decimal(text) == Decimal(text)
    else:
        with pytest.raises(ValidationError):
            parse_decimal(text)


@pytest.mark.parametrize(
    ("cell", "code", "shown"),
    [
        (True, "invalid", "True"),
        (Decimal("NaN"), "invalid", "NaN"),
        (Decimal("-Infinity"), "invalid", "-Infinity"),
        (Decimal("0.00001"), "max_decimal_places", "0.00001"),
        (Decimal("1E+14"), "max_digits", "1E+14"),
        (10**14, "max_digits", "100000000000000"),
        (1e15, "max_digits", "1000000000000000.0"),
        (float("nan"), "invalid", "NaN"),
        ("12%", "invalid", "12%"),
        (None, "required", None),
    ],
)
def test_to_decimal_refusals_name_the_field_and_quote_the_cell(cell, code, shown):
    with pytest.raises(ValidationError) as excinfo:
        to_decimal(cell, "实际值")
    message = excinfo.value.messages[0]
    assert message.startswith("实际值")
    assert excinfo.value.code == code
    if shown is not None:
        assert f"“{shown}”" in message


@pytest.mark.parametrize("cell", [False, Decimal("NaN"), Decimal("0.00001"), 10**14, 1e15, "abc"])
def test_to_decimal_without_a_label_names_the_field_shuzhi(cell):
    with pytest.raises(ValidationError) as excinfo:
        to_decimal(cell)
    assert excinfo.value.messages[0].startswith("数值“")
