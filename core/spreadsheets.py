"""Cells of every workbook the app writes: text people typed stays text.

openpyxl stores any string that starts with "=" as a formula. A note such as
`=HYPERLINK("http://…","点此")` or `=cmd|' /C calc'!A0` would then run in the reader's
Excel (formula injection), and our own importer would refuse the untouched template
because its note cell holds a formula. Every cell the app writes, in the import
template, the audit workbook and any future export, goes through `put`.
"""

from django.utils.functional import Promise
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def sheet_text(text):
    """Text without the control characters XML (and so openpyxl) refuses."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


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
