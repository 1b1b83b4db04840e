"""openpyxl mechanics for the audit workbook: tables in, formatted write-only sheets out.

The workbook is written in openpyxl's write-only mode so a large export streams row by
row instead of holding a cell object per value. Write-only mode needs every sheet-level
setting (column widths, freeze panes, filters, formatting rules) before the first row,
so a sheet is described completely by a `Table` and written in one go by `write_table`.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.spreadsheets import put


class CellFormat(Enum):
    """What a column holds, which decides its number format."""

    TEXT = "@"
    INTEGER = "0"  # serials and years: no thousands separator
    VALUE = "value"  # an indicator value: the format follows the value (see `value_format`)
    MONEY = "#,##0.00"
    RATE = "0.0%"
    DATETIME = "yyyy-mm-dd hh:mm:ss"


@dataclass
class Column:
    header: str
    format: CellFormat = CellFormat.TEXT
    # Stored figures must reach the file exactly (see `excel_number`). Computed quotients
    # (rates, expected values) are written as the nearest double: no cell can hold 28 digits.
    computed: bool = False


@dataclass
class Table:
    """One sheet's content. `footer` rows sit under the data, outside the filter range."""

    title: str
    columns: list[Column]
    rows: list[list]
    footer: list[list] = field(default_factory=list)
    # Column header → {cell text: fill colour}: conditional formatting for statuses.
    highlights: dict[str, dict[str, str]] = field(default_factory=dict)


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
FOOTER_FONT = Font(bold=True)
MAX_COLUMN_WIDTH = 60
WIDTH_SAMPLE_ROWS = 2000  # widths from the first rows: enough to fit, cheap at 100× the data

# openpyxl writes every number with "%.16g" (through a float), so a Decimal keeps its exact
# digits only up to 15 significant digits. Every figure in the plan is far below that.
EXACT_DIGITS = 15


def excel_number(value):
    """A Decimal as Excel will store it: unchanged when it fits a double exactly, otherwise its
    exact digits as text, so an audit file never shows a silently rounded figure."""
    if isinstance(value, Decimal) and len(value.normalize().as_tuple().digits) > EXACT_DIGITS:
        return format(value, "f")
    return value


def value_format(value):
    """Whole values without decimals (counts: 1,762), others with two to four (18.09, 1.50)."""
    if isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral()):
        return "#,##0"
    return "#,##0.00##"


def excel_datetime(moment):
    """Naive Asia/Shanghai wall-clock time: Excel has no time zones (headers say so)."""
    if moment is None:
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).replace(tzinfo=None)


def display_width(value, cell_format=CellFormat.TEXT):
    """Approximate displayed width: CJK characters take two units, others one."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 19
    if cell_format is CellFormat.RATE:
        return 7
    if isinstance(value, (int, float, Decimal)):
        # As displayed: thousands separators and at most four decimals, not all 28 digits.
        fraction = 0 if value == int(value) else 5
        return len(f"{int(value):,}") + fraction + 1
    text = str(value)
    longest_line = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest_line)


def column_widths(table):
    widths = []
    for index, column in enumerate(table.columns):
        sample = (row[index] for row in table.rows[:WIDTH_SAMPLE_ROWS] + table.footer)
        content = max((display_width(value, column.format) for value in sample), default=0)
        widths.append(min(max(display_width(column.header), content) + 2, MAX_COLUMN_WIDTH))
    return widths


def _cell(ws, value, column, font=None):
    cell = put(WriteOnlyCell(ws), value if column.computed else excel_number(value))
    if isinstance(value, (int, float, Decimal, datetime)) and not isinstance(value, bool):
        cell.number_format = (
            value_format(value) if column.format is CellFormat.VALUE else column.format.value
        )
    if font is not None:
        cell.font = font
    return cell


def write_table(workbook, table):
    """Add `table` as a sheet: bold frozen header, filter, fitted widths, number formats."""
    ws = workbook.create_sheet(table.title)
    for index, width in enumerate(column_widths(table), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    last_column = get_column_letter(len(table.columns))
    last_row = len(table.rows) + 1
    ws.auto_filter.ref = f"A1:{last_column}{last_row}"
    _add_highlights(ws, table, last_row)

    header = []
    for column in table.columns:
        cell = put(WriteOnlyCell(ws), column.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        header.append(cell)
    ws.append(header)
    for row in table.rows:
        ws.append([_cell(ws, v, c) for v, c in zip(row, table.columns, strict=True)])
    for row in table.footer:
        ws.append([_cell(ws, v, c, FOOTER_FONT) for v, c in zip(row, table.columns, strict=True)])
    return ws


def _add_highlights(ws, table, last_row):
    if not table.rows:
        return
    headers = [column.header for column in table.columns]
    for header, colours in table.highlights.items():
        letter = get_column_letter(headers.index(header) + 1)
        for text, colour in colours.items():
            ws.conditional_formatting.add(
                f"{letter}2:{letter}{last_row}",
                CellIsRule(
                    operator="equal",
                    formula=[f'"{text}"'],
                    fill=PatternFill("solid", fgColor=colour, bgColor=colour),
                ),
            )


def tint(colour, share=0.65):
    """A light version of `colour` ("#0072B2"): mixed with white, for a cell fill."""
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * share):02X}" for c in rgb)


def add_bar_chart(ws, table, *, category_header, value_header, title, bar_colours=None):
    """A native horizontal bar chart of one rate column against a label column (None if empty)."""
    if not table.rows:
        return None
    headers = [column.header for column in table.columns]
    category_col = headers.index(category_header) + 1
    value_col = headers.index(value_header) + 1
    last_row = len(table.rows) + 1

    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.legend = None
    # Without these, current Excel draws the chart with no axes at all.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # first indicator on top, as in the table
    chart.add_data(
        Reference(ws, min_col=value_col, min_row=1, max_row=last_row), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=category_col, min_row=2, max_row=last_row))
    for index, colour in enumerate(bar_colours or []):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = colour.lstrip("#")
        chart.series[0].dPt.append(point)
    chart.width = 24
    chart.height = min(max(8, 0.7 * len(table.rows)), 200)
    ws.add_chart(chart, f"{get_column_letter(len(headers) + 2)}2")
    return chart


def write_cover(workbook, title, heading, facts):
    """The cover: a heading line, then label/value pairs."""
    ws = workbook.create_sheet(title)
    label_width = max(display_width(label) for label, _value in facts) + 2
    ws.column_dimensions["A"].width = label_width
    ws.column_dimensions["B"].width = 70
    heading_cell = put(WriteOnlyCell(ws), heading)
    heading_cell.font = Font(bold=True, size=16)
    ws.append([heading_cell])
    ws.append([])
    for label, value in facts:
        label_cell = put(WriteOnlyCell(ws), label)
        label_cell.font = HEADER_FONT
        cell_format = CellFormat.DATETIME if isinstance(value, datetime) else CellFormat.INTEGER
        value_cell = _cell(ws, value, Column(label, cell_format))
        value_cell.alignment = Alignment(horizontal="left", wrap_text=True)
        ws.append([label_cell, value_cell])
    return ws
