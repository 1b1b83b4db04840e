"""openpyxl mechanics for the audit workbook: tables in, formatted write-only sheets out.

The workbook is written in openpyxl's write-only mode so a large export streams row by
row instead of holding a cell object per value. Write-only mode needs every sheet-level
setting (column widths, freeze panes, filters, formatting rules) before the first row,
so a sheet is described completely by a `Table` and written in one go by `write_table`.
"""

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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


@dataclass(frozen=True)
class Provisional:
    """A value whose year leadership has not approved (待审定): written like the others but
    in italics on a light orange fill, so no reader takes it for a final figure."""

    value: object


@dataclass
class Table:
    """One sheet's content. `footer` rows sit under the data, outside the filter range."""

    title: str
    columns: list[Column]
    rows: list[list]
    footer: list[list] = field(default_factory=list)
    # Column header → {cell text: fill colour}: conditional formatting for statuses.
    highlights: dict[str, dict[str, str]] = field(default_factory=dict)
    # The column whose sum the cover states as this sheet's control total (None: a count).
    total_header: str | None = None

    def control_total(self):
        """(rows, sum of `total_header`): what the cover lists so a reader can check the sheet."""
        if self.total_header is None:
            return len(self.rows), None
        index = [column.header for column in self.columns].index(self.total_header)
        values = (_unwrapped(row[index]) for row in self.rows)
        return len(self.rows), sum(
            (v for v in values if isinstance(v, (int, Decimal)) and not isinstance(v, bool)),
            Decimal(0),
        )


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
FOOTER_FONT = Font(bold=True)
# Long text wraps inside its column (the column stops at MAX_COLUMN_WIDTH) instead of
# running across the page; numbers stay on one line.
TEXT_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
NUMBER_ALIGNMENT = Alignment(vertical="top")
PROVISIONAL_FONT = Font(italic=True, color="8A4B00")
PROVISIONAL_FILL = PatternFill("solid", fgColor="FDE9D9")
MAX_COLUMN_WIDTH = 40
# Every sheet prints the same way: A4 landscape, one page wide, the header row on every page.
PAGE_NUMBERS = "第 &P 页 共 &N 页"
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
    value = _unwrapped(value)
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


def _unwrapped(value):
    return value.value if isinstance(value, Provisional) else value


def _cell(ws, value, column, font=None):
    provisional = isinstance(value, Provisional)
    value = _unwrapped(value)
    # put(): text people typed stays text, never a formula (core/spreadsheets.py).
    cell = put(WriteOnlyCell(ws), value if column.computed else excel_number(value))
    if isinstance(value, (str, Promise)):
        cell.alignment = TEXT_ALIGNMENT
    else:
        cell.alignment = NUMBER_ALIGNMENT
    if isinstance(value, datetime):
        # Whatever the column holds otherwise (修改记录's old and new values): a date.
        cell.number_format = CellFormat.DATETIME.value
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        cell.number_format = (
            value_format(value) if column.format is CellFormat.VALUE else column.format.value
        )
    if provisional:
        cell.font, cell.fill = PROVISIONAL_FONT, PROVISIONAL_FILL
    if font is not None:
        cell.font = font
    return cell


def print_setup(ws, heading, title_rows=None):
    """A4 landscape, fitted to one page wide (as many pages long as it takes), `title_rows`
    (e.g. "1:1") repeated on every page, the heading and sheet name above and the page
    number below, so a printed sheet can be filed and its pages put back in order."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    for header_footer in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        header_footer.left.text = heading
        header_footer.right.text = "&A"
    for header_footer in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        header_footer.center.text = PAGE_NUMBERS


def write_table(workbook, table, heading=""):
    """Add `table` as a sheet: bold frozen header, filter, fitted widths, number formats,
    printed A4 landscape under `heading` (see `print_setup`)."""
    ws = workbook.create_sheet(table.title)
    print_setup(ws, heading, title_rows="1:1")
    for index, width in enumerate(column_widths(table), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    last_column = get_column_letter(len(table.columns))
    last_row = len(table.rows) + 1
    ws.auto_filter.ref = f"A1:{last_column}{last_row}"
    _add_highlights(ws, table, last_row)

    widths = column_widths(table)
    header = []
    for column in table.columns:
        cell = put(WriteOnlyCell(ws), column.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        header.append(cell)
    _append(ws, 1, header, [c.header for c in table.columns], widths)
    for number, row in enumerate(table.rows, start=2):
        cells = [_cell(ws, v, c) for v, c in zip(row, table.columns, strict=True)]
        _append(ws, number, cells, row, widths)
    for number, row in enumerate(table.footer, start=len(table.rows) + 2):
        cells = [_cell(ws, v, c, FOOTER_FONT) for v, c in zip(row, table.columns, strict=True)]
        _append(ws, number, cells, row, widths)
    return ws


LINE_HEIGHT = 15  # points per line of 11-point text


def _append(ws, number, cells, values, widths):
    """Append a row, as tall as its longest wrapped text needs: a spreadsheet program keeps
    the height a file gives, and a row too short for its text prints it cut off."""
    lines = max(
        (
            sum(-(-display_width(line) // max(width - 1, 1)) or 1 for line in value.split("\n"))
            for value, width in zip(values, widths, strict=False)
            if isinstance(value, str)
        ),
        default=1,
    )
    if lines > 1:
        ws.row_dimensions[number].height = LINE_HEIGHT * lines
    ws.append(cells)


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


def data_digest(tables):
    """SHA-256 of the tables' headers and values (not of the file, which also holds the time
    it was made): the same data gives the same digest, any changed value another one."""

    def plain(value):
        value = _unwrapped(value)
        return None if value is None else str(value)

    content = [
        [table.title, [c.header for c in table.columns], [[plain(v) for v in row]
         for row in table.rows + table.footer]]
        for table in tables
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def tint(colour, share=0.65):
    """A light version of `colour` ("#0072B2"): mixed with white, for a cell fill."""
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * share):02X}" for c in rgb)


def add_bar_chart(
    ws, table, *, category_header, value_header, title, bar_colours=None, rows=None
):
    """A native horizontal bar chart of one rate column against a label column (None if
    empty), of the table's rows `rows` (a range of row indexes; default all), placed below
    the table where it prints with it."""
    if not table.rows:
        return None
    rows = rows if rows is not None else range(len(table.rows))
    headers = [column.header for column in table.columns]
    category_col = headers.index(category_header) + 1
    value_col = headers.index(value_header) + 1
    first_row, last_row = rows.start + 2, rows.stop + 1

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
    chart.add_data(Reference(ws, min_col=value_col, min_row=first_row, max_row=last_row))
    chart.series[0].tx = SeriesLabel(v=value_header)
    chart.set_categories(
        Reference(ws, min_col=category_col, min_row=first_row, max_row=last_row)
    )
    for index, colour in enumerate(bar_colours or []):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = colour.lstrip("#")
        chart.series[0].dPt.append(point)
    chart.width = 24
    chart.height = min(max(8, 0.7 * len(rows)), 200)
    below_table = len(table.rows) + len(table.footer) + 3
    ws.add_chart(chart, f"B{below_table}")
    return chart


COVER_WIDTH = 90


def write_cover(workbook, title, heading, facts):
    """The cover: a heading line, then label/value pairs (a None label: an empty line)."""
    ws = workbook.create_sheet(title)
    print_setup(ws, heading)
    label_width = max(display_width(label) for label, _value in facts if label) + 2
    ws.column_dimensions["A"].width = label_width
    ws.column_dimensions["B"].width = COVER_WIDTH
    heading_cell = put(WriteOnlyCell(ws), heading)
    heading_cell.font = Font(bold=True, size=16)
    ws.append([heading_cell])
    ws.append([])
    for number, (label, value) in enumerate(facts, start=3):
        if label is None:
            ws.append([])
            continue
        label_cell = put(WriteOnlyCell(ws), label)
        label_cell.font = HEADER_FONT
        label_cell.alignment = NUMBER_ALIGNMENT
        cell_format = CellFormat.DATETIME if isinstance(value, datetime) else CellFormat.INTEGER
        value_cell = _cell(ws, value, Column(label, cell_format))
        value_cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        _append(ws, number, [label_cell, value_cell], [label, value], [label_width, COVER_WIDTH])
    return ws
