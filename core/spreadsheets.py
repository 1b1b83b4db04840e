"""Cells of every workbook the app writes: text people typed stays text.

openpyxl stores any string that starts with "=" as a formula. A note such as
`=HYPERLINK("http://…","点此")` or `=cmd|' /C calc'!A0` would then run in the reader's
Excel (formula injection), and our own importer would refuse the untouched template
because its note cell holds a formula. Every cell the app writes goes through one of the
two functions below, and neither can write a formula:

- `put` gives an openpyxl cell its value (the import template, a normal workbook);
- `cell_xml` writes a cell straight as XML, for sheets too large for an openpyxl cell and
  style object per value (the audit workbook, audit/excel.py). It has no way to write a
  formula at all: text is always an inline string.
"""

import math
import re
from datetime import date, datetime
from decimal import Decimal

from django.utils.functional import Promise
from openpyxl.utils.datetime import to_excel

# What XML 1.0 cannot carry: control characters other than tab and line breaks (openpyxl
# refuses those too), lone surrogates and the non-characters U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Characters `cell_xml` has to escape or remove: one search decides whether a text needs
# any work, and most texts need none.
_NEEDS_ESCAPING = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sheet_text(text):
    """Text without the characters XML (and so openpyxl) refuses."""
    return NOT_XML.sub("", text)


def put(cell, value):
    """Give `cell` (a normal or write-only openpyxl cell) `value`; a string is always
    written as text, never as a formula. Returns the cell."""
    if isinstance(value, Promise):  # lazy labels (choices, verbose names)
        value = str(value)
    if isinstance(value, str):
        cell.value = sheet_text(value)
        cell.data_type = "s"  # after the assignment, which guessed "f" for "=…"
    else:
        cell.value = value
    return cell


def cell_xml(ref, style, value):
    """The XML of one cell of a worksheet's <sheetData>: `value` at `ref` ("B7"), shown
    with cell format `style` (its index among the workbook's cell formats, styles.xml).

    Values are written as openpyxl writes them, so a file reads back the same (a cell's
    type is a number unless it says otherwise):
    - text (a str or a lazy label): an inline string, whatever it starts with; characters
      XML cannot carry are dropped (`sheet_text`);
    - numbers: as a double to 16 significant digits (audit/excel.py `excel_number` keeps longer
      Decimals exact by passing them as text); a non-finite number: an empty cell;
    - True/False: a boolean cell;
    - a date or a naive datetime: its Excel serial number (Excel has no time zones);
    - None or "": an empty cell that still carries its format.
    """
    if isinstance(value, str):
        if not value:
            return f'<c r="{ref}" s="{style}"/>'
        if _NEEDS_ESCAPING.search(value) is not None:
            value = _escaped(value)
        if value != value.strip():
            # Without it, leading and trailing spaces would be lost when read back.
            return (
                f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                f"{value}</t></is></c>"
            )
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{value}</t></is></c>'
    if value is None:
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(value, bool):  # before int: True is an int too
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        number = float(value)  # what Excel stores: a double
        if not math.isfinite(number):
            return f'<c r="{ref}" s="{style}"/>'
        return f'<c r="{ref}" s="{style}"><v>{number:.16g}</v></c>'
    if isinstance(value, date):  # a datetime is a date too
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise TypeError(f"Excel has no time zones: write {value!r} as a naive time")
        return f'<c r="{ref}" s="{style}"><v>{to_excel(value):.16g}</v></c>'
    if isinstance(value, Promise):
        return cell_xml(ref, style, str(value))
    raise TypeError(f"No cell for a {type(value).__name__}: {value!r}")


def _escaped(text):
    text = sheet_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A carriage return would be read back as a line feed unless written as a reference.
    return text.replace("\r", "&#13;")


# What a spreadsheet reads a CSV cell starting with as a formula (or a DDE call).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text):
    """Text for a CSV cell that a spreadsheet opening the file shows as text, never runs
    as a formula: one starting with = + - @ (or a tab or carriage return) gets a leading
    apostrophe, as Excel itself writes it. Only for text: numbers are written as they are."""
    text = sheet_text(str(text))
    return "'" + text if text.startswith(_FORMULA_START) else text
