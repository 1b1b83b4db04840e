import openpyxl
from django.utils.translation import gettext_lazy
from openpyxl.cell import WriteOnlyCell

from core.spreadsheets import put


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
