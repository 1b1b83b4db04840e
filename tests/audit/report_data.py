"""Shared helpers for the report tests: figures entered as a manager would, workbook reading."""

from decimal import Decimal
from io import BytesIO

import openpyxl
from django.utils import timezone

from indicators.models import Indicator, IndicatorActual, YearApproval


def enter_actual(indicator_serial, year, value, user, **fields):
    """Save an actual the way the admin does: with its history user set."""
    actual = IndicatorActual(
        indicator=Indicator.objects.get(serial=indicator_serial),
        year=year,
        value=Decimal(value),
        entered_by=user,
        **fields,
    )
    actual._history_user = user
    actual.save()
    return actual


def change_actual(actual, value, user):
    actual.value = Decimal(value)
    actual._history_user = user
    actual.save()
    return actual


def approve_year(year, user):
    return YearApproval.objects.create(year=year, approved_by=user, approved_at=timezone.now())


def open_workbook(content):
    return openpyxl.load_workbook(BytesIO(content))


def header_index(ws):
    """{header text: column number (1-based)} of a sheet's first row."""
    return {cell.value: cell.column for cell in ws[1]}


def data_rows(ws):
    """Rows under the header as {header: cell}, skipping the total rows under the filter range."""
    headers = header_index(ws)
    last = int(ws.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    return [
        {header: row[column - 1] for header, column in headers.items()}
        for row in ws.iter_rows(min_row=2, max_row=last)
    ]


def exact(cell):
    """A number cell read back as the Decimal it was written from (via str, never a float)."""
    return None if cell.value is None else Decimal(str(cell.value))
