"""The audit workbook's mechanics: tables in, formatted sheets that print out.

A sheet is described completely by a `Table` and written by `write_table`. The work is
split in two, because at 100× the data (about 390,000 cells) a cell object and style
objects per value cost seconds, while writing a cell as a string costs a microsecond:

- openpyxl (write-only mode) writes everything around the cells: each sheet's column
  widths, frozen header, filter, conditional formats, print setup and chart, the cell
  formats (styles.xml) and the document properties;
- `ReportWorkbook.save` then writes the cells themselves, row by row into the .xlsx, in
  place of each sheet's empty <sheetData> (`core.spreadsheets.cell_xml` writes every cell,
  so text can never become a formula).

A cell's format (number format, alignment, font, fill) is registered with openpyxl once
per combination, and each cell names its format by index (`_ColumnCells`).
"""

import hashlib
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from io import BytesIO

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheets import cell_xml


class CellFormat(Enum):
    """What a column holds, which decides its number format."""

    TEXT = "@"
    INTEGER = "0"  # serials and years: no thousands separator
    VALUE = "value"  # an indicator value: the format follows the value (see `value_format`)
    MONEY = "#,##0.00"
    RATE = "0.0%"
    DATETIME = "yyyy-mm-dd hh:mm:ss"
    DATE = "yyyy-mm-dd"  # a date without a time (none of today's tables holds one)


@dataclass
class Column:
    header: str
    format: CellFormat = CellFormat.TEXT
    # Stored figures must reach the file exactly (see `excel_number`). Computed quotients
    # (rates, expected values) are written as the nearest double: no cell can hold 28 digits.
    computed: bool = False


@dataclass(frozen=True, slots=True)  # slots: 90,000 of them at 100x the data, half the memory
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
HEADING_FONT = Font(bold=True, size=16)
COVER_VALUE_ALIGNMENT = Alignment(horizontal="left", vertical="top", wrap_text=True)
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
    if (
        isinstance(value, Decimal)
        # A quick test first: a Decimal written with at most 15 characters has at most 15
        # digits, and most figures are that short.
        and len(str(value)) > EXACT_DIGITS
        and len(value.normalize().as_tuple().digits) > EXACT_DIGITS
    ):
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
    # Printable text has no line break of any kind: it is its own longest line.
    longest_line = text if text.isprintable() else max(text.splitlines() or [""], key=len)
    return _text_width(longest_line)


class _WideCharacters(dict):
    """{character: 1 if it is wide (CJK: east Asian width W or F), else 0}, filled in as
    characters come: unicodedata is asked once per distinct character, not per cell."""

    def __missing__(self, character):
        wide = self[character] = 1 if unicodedata.east_asian_width(character) in "WF" else 0
        return wide


_WIDE = _WideCharacters()


def _text_width(text):
    """Displayed width of one line of text: CJK characters take two units, others one."""
    if text.isascii():
        return len(text)
    return len(text) + sum(map(_WIDE.__getitem__, text))


def column_widths(table):
    widths = []
    sample = table.rows[:WIDTH_SAMPLE_ROWS] + table.footer
    for index, column in enumerate(table.columns):
        # Each distinct value measured once: a column repeats its names, labels and years
        # (values that are equal, like 1 and Decimal("1.00"), have the same width).
        values = {_unwrapped(row[index]) for row in sample}
        content = max((display_width(value, column.format) for value in values), default=0)
        widths.append(min(max(display_width(column.header), content) + 2, MAX_COLUMN_WIDTH))
    return widths


def _unwrapped(value):
    return value.value if isinstance(value, Provisional) else value


class ReportWorkbook:
    """The workbook being built: an openpyxl write-only workbook for everything but the
    cells, plus each sheet's rows, which `save` writes (see the module's docstring)."""

    def __init__(self):
        self.book = Workbook(write_only=True)
        self.properties = self.book.properties  # title, creator, subject…
        self._rows = []  # (worksheet, iterable of its <row> elements as XML text)
        self._formats = {}

    def create_sheet(self, title):
        return self.book.create_sheet(title)

    def cell_format(self, ws, number_format=None, alignment=None, font=None, fill=None):
        """The index of the cell format made of these parts (None: the default), added to
        the workbook's formats the first time it is asked for. The parts are this module's
        constants, so their identity names them; the cache keeps them, so no identity is
        ever reused for another object."""
        key = (number_format, id(alignment), id(font), id(fill))
        if key not in self._formats:
            cell = WriteOnlyCell(ws)
            if number_format is not None:
                cell.number_format = number_format
            if alignment is not None:
                cell.alignment = alignment
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            self._formats[key] = (cell.style_id, (alignment, font, fill))
        return self._formats[key][0]

    def set_rows(self, ws, rows):
        """`rows` (<row> elements as XML text, e.g. a generator) are the content of `ws`;
        they are consumed by `save`, so the table behind them must stay unchanged until then.
        Every cell format they use must be known by then (`cell_format`)."""
        self._rows.append((ws, rows))

    def save(self):
        """The .xlsx file as bytes: openpyxl's file, with each sheet's rows put in place of
        its empty <sheetData>. Rows are compressed as they are written, so the sheets' XML
        is never held in memory whole."""
        frame = BytesIO()
        self.book.save(frame)
        # Worksheets know their part name ("/xl/worksheets/sheet2.xml") once saved.
        rows_of = {ws.path.lstrip("/"): rows for ws, rows in self._rows}
        result = BytesIO()
        with (
            zipfile.ZipFile(frame) as source,
            zipfile.ZipFile(
                result, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL
            ) as target,
        ):
            for info in source.infolist():
                content = source.read(info)
                rows = rows_of.get(info.filename)
                if rows is None:
                    target.writestr(info.filename, content)
                    continue
                before, after = _split_at_sheet_data(content, info.filename)
                with target.open(info.filename, "w") as part:
                    part.write(before + b"<sheetData>")
                    for chunk in _chunks(rows):
                        part.write(chunk.encode())
                    part.write(b"</sheetData>" + after)
        return result.getvalue()


# zlib's level 5 instead of its default 6: at 100x the data it compresses the sheets in
# 0.1 s instead of 0.16 s, for a file 4% larger (still smaller than openpyxl's own).
COMPRESSION_LEVEL = 5

# How openpyxl writes a sheet without rows: with lxml, and with its pure-Python fallback.
_EMPTY_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")


def _split_at_sheet_data(content, name):
    parts = _EMPTY_SHEET_DATA.split(content)
    if len(parts) != 2:
        raise ValueError(f"{name}: expected one empty <sheetData> from openpyxl")
    return parts


def _chunks(rows, size=500):
    """Rows joined `size` at a time: fewer, larger writes to the compressor."""
    for batch in _batches(rows, size):
        yield "".join(batch)


class _ColumnCells:
    """Writes the cells of one column. A cell's format follows `Column.format` and its
    value: text wraps at the top of the cell; numbers, dates and empty cells stay on one
    line at the top, numbers in the column's number format (an indicator value's format
    follows the value: `value_format`), dates and times as dates and times whatever the
    column (修改记录's old and new values); a provisional value is italic on light orange;
    `font` (the totals' bold) replaces any other font. Every format the column can need is
    looked up here, once, so writing a cell costs a dictionary look-up."""

    def __init__(self, workbook, ws, column, letter, font=None):
        self.letter = letter
        self.computed = column.computed
        self.by_value = column.format is CellFormat.VALUE
        self.number_format = column.format.value
        number_formats = (
            ["#,##0", "#,##0.00##"]  # every result of `value_format`
            if self.by_value
            else [self.number_format]
        )
        self.plain, self.provisional = (
            self._formats(workbook, ws, number_formats, font, provisional)
            for provisional in (False, True)
        )

    @staticmethod
    def _formats(workbook, ws, number_formats, font, provisional):
        fill = PROVISIONAL_FILL if provisional else None
        font = font or (PROVISIONAL_FONT if provisional else None)
        formats = {
            number_format: workbook.cell_format(ws, number_format, NUMBER_ALIGNMENT, font, fill)
            for number_format in number_formats
        }
        formats["text"] = workbook.cell_format(ws, None, TEXT_ALIGNMENT, font, fill)
        formats["other"] = workbook.cell_format(ws, None, NUMBER_ALIGNMENT, font, fill)
        formats["datetime"] = workbook.cell_format(
            ws, CellFormat.DATETIME.value, NUMBER_ALIGNMENT, font, fill
        )
        formats["date"] = workbook.cell_format(
            ws, CellFormat.DATE.value, NUMBER_ALIGNMENT, font, fill
        )
        return formats

    def cell(self, row_number, value):
        """The XML of this column's cell in row `row_number` (a str) holding `value`."""
        formats = self.plain
        if isinstance(value, Provisional):
            value, formats = value.value, self.provisional
        ref = self.letter + row_number
        if isinstance(value, (str, Promise)):
            return cell_xml(ref, formats["text"], value)
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            number_format = value_format(value) if self.by_value else self.number_format
            # Stored figures too long for a double go in as exact text (`excel_number`).
            written = value if self.computed else excel_number(value)
            return cell_xml(ref, formats[number_format], written)
        if isinstance(value, datetime):
            return cell_xml(ref, formats["datetime"], value)
        if isinstance(value, date):
            return cell_xml(ref, formats["date"], value)
        return cell_xml(ref, formats["other"], value)  # None, True/False


LINE_HEIGHT = 15  # points per line of 11-point text


def _row_xml(number, cells, values, rooms):
    """A <row> element, as tall as its longest wrapped text needs: a spreadsheet program
    keeps the height a file gives, and a row too short for its text prints it cut off.
    `rooms`: the text width each column holds on one line (`_rooms`)."""
    lines = _lines(values, rooms)
    if lines > 1:
        height = LINE_HEIGHT * lines
        return f'<row r="{number}" ht="{height}" customHeight="1">{"".join(cells)}</row>'
    return f'<row r="{number}">{"".join(cells)}</row>'


def _rooms(widths):
    """The text width that fits on one line of a column `width` wide."""
    return [max(width - 1, 1) for width in widths]


def _lines(values, rooms):
    """How many lines the tallest text of a row wraps to."""
    lines = 1
    for value, room in zip(values, rooms, strict=False):
        # A line of n characters is at most 2n wide: most texts need no measuring.
        if isinstance(value, str) and (2 * len(value) > room or "\n" in value):
            needed = sum(-(-display_width(line) // room) or 1 for line in value.split("\n"))
            lines = max(lines, needed)
    return lines


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
    """Add `table` as a sheet of `workbook` (a `ReportWorkbook`): bold frozen header,
    filter, fitted widths, number formats, printed A4 landscape under `heading` (see
    `print_setup`). The cells are written when the workbook is saved."""
    ws = workbook.create_sheet(table.title)
    print_setup(ws, heading, title_rows="1:1")
    widths = column_widths(table)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    last_column = get_column_letter(len(table.columns))
    last_row = len(table.rows) + 1
    ws.auto_filter.ref = f"A1:{last_column}{last_row}"
    _add_highlights(ws, table, last_row)

    header_format = workbook.cell_format(ws, None, HEADER_ALIGNMENT, HEADER_FONT, HEADER_FILL)
    letters = [get_column_letter(index) for index in range(1, len(table.columns) + 1)]
    body = [
        _ColumnCells(workbook, ws, column, letter)
        for column, letter in zip(table.columns, letters, strict=True)
    ]
    footer = [
        _ColumnCells(workbook, ws, column, letter, FOOTER_FONT)
        for column, letter in zip(table.columns, letters, strict=True)
        if table.footer
    ]
    workbook.set_rows(ws, _table_rows(table, widths, header_format, letters, body, footer))
    return ws


def _table_rows(table, widths, header_format, letters, body, footer):
    """The sheet's <row> elements: the header, the table's rows, its footer."""
    headers = [column.header for column in table.columns]
    header = [
        cell_xml(f"{letter}1", header_format, text)
        for letter, text in zip(letters, headers, strict=True)
    ]
    rooms = _rooms(widths)
    yield _row_xml(1, header, headers, rooms)
    yield from _data_rows(table.rows, 2, body, rooms)
    yield from _data_rows(table.footer, len(table.rows) + 2, footer, rooms)


def _data_rows(rows, first_number, columns, rooms):
    for number, row in enumerate(rows, start=first_number):
        suffix = str(number)
        cells = [column.cell(suffix, value) for column, value in zip(columns, row, strict=True)]
        yield _row_xml(number, cells, row, rooms)


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
    it was made): the same data gives the same digest, any changed value another one.

    What is hashed is the JSON text of [[title, headers, rows], …] with every value as text
    (None stays null). It is fed to the hash piece by piece (`_json_list`): at 100x the data
    the whole text would take 20 MB at once."""

    def plain(value):
        value = _unwrapped(value)
        return None if value is None else str(value)

    def plain_rows(rows):
        for row in rows:
            # `plain` for each value, spelt out for the common cases (400,000 values at 100×).
            yield [
                None if v is None else plain(v) if isinstance(v, Provisional) else str(v)
                for v in row
            ]

    digest = hashlib.sha256()
    tables_json = _json_list(
        _json_list(
            [
                json.dumps(table.title, ensure_ascii=False),
                json.dumps([c.header for c in table.columns], ensure_ascii=False),
                _json_list(
                    json.dumps(rows, ensure_ascii=False)[1:-1]  # a batch's items, no brackets
                    for rows in _batches(plain_rows(table.rows + table.footer))
                ),
            ]
        )
        for table in tables
    )
    for piece in tables_json:
        digest.update(piece.encode())
    return digest.hexdigest()


def _json_list(items):
    """The pieces of the JSON text of a list whose items' JSON texts come in `items` (each
    a string or an iterable of pieces), exactly as `json.dumps` writes the list."""
    yield "["
    for index, item in enumerate(items):
        if index:
            yield ", "
        if isinstance(item, str):
            yield item
        else:
            yield from item
    yield "]"


def _batches(items, size=500):
    """`items` as lists of up to `size`."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


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
    heading_format = workbook.cell_format(ws, font=HEADING_FONT)
    label_format = workbook.cell_format(ws, None, NUMBER_ALIGNMENT, HEADER_FONT)
    rows = [f'<row r="1">{cell_xml("A1", heading_format, heading)}</row>', '<row r="2"/>']
    for number, (label, value) in enumerate(facts, start=3):
        if label is None:
            rows.append(f'<row r="{number}"/>')
            continue
        value_format = workbook.cell_format(
            ws, _cover_number_format(value), COVER_VALUE_ALIGNMENT
        )
        cells = [
            cell_xml(f"A{number}", label_format, label),
            cell_xml(f"B{number}", value_format, excel_number(value)),
        ]
        rows.append(_row_xml(number, cells, [label, value], _rooms([label_width, COVER_WIDTH])))
    workbook.set_rows(ws, rows)
    return ws


def _cover_number_format(value):
    """Times as times, counts without a thousands separator, text as it is."""
    if isinstance(value, datetime):
        return CellFormat.DATETIME.value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return CellFormat.INTEGER.value
    return None
