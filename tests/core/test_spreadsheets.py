from datetime import UTC, date, datetime
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl
import pytest
from django.utils.translation import gettext_lazy
from openpyxl.cell import WriteOnlyCell

from core.spreadsheets import cell_xml, put, sheet_text


def test_text_starting_with_equals_stays_text_in_a_normal_cell():
    sheet = openpyxl.Workbook().active
    cell = put(sheet["A1"], '=HYPERLINK("http://x")')
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'


def test_text_stays_text_in_a_write_only_cell_and_loses_control_characters():
    sheet = openpyxl.Workbook(write_only=True).create_sheet()
    cell = put(WriteOnlyCell(sheet), "=1+1\x07")
    assert cell.data_type == "s"
    assert cell.value == "=1+1"


def test_numbers_and_lazy_labels():
    sheet = openpyxl.Workbook().active
    assert put(sheet["A1"], 3).data_type == "n"
    assert put(sheet["A2"], gettext_lazy("说明")).value == "说明"


# cell_xml: the XML of a cell, for sheets written without openpyxl cells (the audit workbook).

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def parsed(xml):
    """`xml` (one <c> element) parsed as it sits in a sheet."""
    sheet = ElementTree.fromstring(
        f'<sheetData xmlns="{MAIN[1:-1]}"><row r="1">{xml}</row></sheetData>'
    )
    return sheet[0][0]


def text_of(cell):
    return cell.find(f"{MAIN}is/{MAIN}t").text


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","点此")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(1,2)"],
)
def test_text_that_looks_like_a_formula_is_an_inline_string(text):
    xml = cell_xml("B7", 3, text)
    assert "<f" not in xml
    cell = parsed(xml)
    assert (cell.get("r"), cell.get("s"), cell.get("t")) == ("B7", "3", "inlineStr")
    assert text_of(cell) == text


def test_markup_characters_are_escaped_and_read_back():
    assert text_of(parsed(cell_xml("A1", 0, "R&D <b>强</b> > 1"))) == "R&D <b>强</b> > 1"


def test_a_carriage_return_survives_as_a_character_reference():
    xml = cell_xml("A1", 0, "第一行\r\n第二行")
    assert "&#13;" in xml
    assert text_of(parsed(xml)) == "第一行\r\n第二行"


def test_characters_xml_cannot_carry_are_dropped():
    text = "a\x00b\x07c\x0bd\ud800e\ufffff\ufffeg\th"
    assert text_of(parsed(cell_xml("A1", 0, text))) == "abcdefg\th"
    assert sheet_text(text) == "abcdefg\th"


def test_leading_and_trailing_spaces_are_kept():
    cell = parsed(cell_xml("A1", 0, "  两个空格 "))
    assert cell.find(f"{MAIN}is/{MAIN}t").get("{http://www.w3.org/XML/1998/namespace}space") == (
        "preserve"
    )
    assert text_of(cell) == "  两个空格 "


def test_lazy_labels_are_written_as_their_text():
    assert text_of(parsed(cell_xml("A1", 0, gettext_lazy("说明")))) == "说明"


@pytest.mark.parametrize(
    "value, written",
    [
        (2021, "2021"),
        (Decimal("168.0000"), "168"),
        (Decimal("1234567.8912"), "1234567.8912"),
        # A quotient goes in as the nearest double, to 16 significant digits.
        (Decimal(2) / Decimal(3), "0.6666666666666666"),
        (0.1, "0.1"),
        (-5, "-5"),
    ],
)
def test_numbers_are_values_without_a_type(value, written):
    cell = parsed(cell_xml("C2", 5, value))
    assert cell.get("t") is None  # a number: the default type
    assert cell.find(f"{MAIN}v").text == written


@pytest.mark.parametrize("value", [Decimal("NaN"), float("inf"), float("-inf")])
def test_a_number_excel_cannot_store_leaves_the_cell_empty(value):
    cell = parsed(cell_xml("C2", 5, value))
    assert list(cell) == [] and cell.get("s") == "5"


def test_true_and_false_are_boolean_cells():
    assert parsed(cell_xml("A1", 0, True)).get("t") == "b"
    assert parsed(cell_xml("A1", 0, False)).find(f"{MAIN}v").text == "0"


def test_dates_and_times_are_excel_serial_numbers():
    assert parsed(cell_xml("A1", 0, datetime(2022, 1, 1, 12))).find(f"{MAIN}v").text == "44562.5"
    assert parsed(cell_xml("A1", 0, date(1900, 3, 1))).find(f"{MAIN}v").text == "61"


def test_an_aware_time_is_refused():
    with pytest.raises(TypeError, match="time zones"):
        cell_xml("A1", 0, datetime(2022, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("value", [None, ""])
def test_nothing_is_an_empty_cell_that_keeps_its_format(value):
    cell = parsed(cell_xml("D4", 9, value))
    assert (cell.get("r"), cell.get("s"), list(cell)) == ("D4", "9", [])


def test_a_value_of_another_kind_is_refused():
    with pytest.raises(TypeError, match="list"):
        cell_xml("A1", 0, ["a"])
