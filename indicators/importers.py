"""Excel import of one year's figures: the template, reading an upload, the preview.

The steps follow pretix's importer: read and check the whole file first, collecting
every problem with its row number; show a preview; save only on confirmation, all
rows or none, through indicators.services.actuals_save_many (the same rules as the
admin and the API). Nothing here evaluates a formula: a formula cell is refused.
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from core.numbers import format_decimal, to_decimal
from core.spreadsheets import put

from .models import EntryChannel, Indicator, IndicatorActual
from .rules import COUNT_UNITS, MONEY_UNITS, PERCENT_UNIT, counts_whole_things
from .services import ActualEntry, BatchError, actuals_save_many

SHEET_TITLE = "指标填报"
HEADER_ROW = 2
FIRST_DATA_ROW = 3
# Upload limits: the real template is ~10 KB; these leave room and stop abuse early.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# openpyxl reads every style and shared string before the first cell, so this bounds the
# work a crafted file can cause (60 KB that expand to 19 MB cost seconds); a filled-in
# template, even saved by Excel with every note at its limit, stays far below it.
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
MAX_ZIP_ENTRIES = 200
MAX_DATA_ROWS = 100
# A DTD is how XML entity attacks start (external entities, billion laughs, quadratic
# blow-up); no part of a real workbook has one, so a package holding one is refused
# before anything parses it. defusedxml (installed) is openpyxl's second line.
_DTD_MARKERS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_SCAN_CHUNK = 64 * 1024

COLUMNS = ["序号", "指标名称", "单位", "基期值", "目标值", "上年实际值", "实际值", "说明"]
VALUE_COLUMN = 7  # G
NOTE_COLUMN = 8  # H
_VALUE_HEADER = re.compile(r"^(\d{4})年实际值$")


class ImportFileError(ValidationError):
    """The file as a whole cannot be read as our template; nothing was looked at further."""


def headers_for(year, baseline_year, target_year):
    return [
        "序号",
        "指标名称",
        "单位",
        f"基期值（{baseline_year}年）",
        f"目标值（{target_year}年）",
        f"上年实际值（{year - 1}年）",
        f"{year}年实际值",
        "说明",
    ]


def build_template(year, plan=None):
    """The .xlsx template for `year`: one row per indicator of `plan` (default: the
    current one), stored figures filled in."""
    indicators = list(Indicator.objects.for_entry(plan))
    baseline_year = min((i.baseline_year for i in indicators), default=year - 1)
    target_year = max((i.target_year for i in indicators), default=year)

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    put(sheet["A1"], _("乌鲁木齐高新区双创示范基地指标 %(year)s 年实际值填报表") % {"year": year})
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    for column, header in enumerate(headers_for(year, baseline_year, target_year), start=1):
        cell = put(sheet.cell(row=HEADER_ROW, column=column), header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)

    input_fill = PatternFill("solid", fgColor="FFF2CC")  # the two columns to fill in
    validations = _value_validations(sheet)
    for row, indicator in enumerate(indicators, start=FIRST_DATA_ROW):
        actuals = indicator.actuals_by_year()
        stored = next((a for a in indicator.series_actuals() if a.year == year), None)
        cells = [
            indicator.serial,
            indicator.name,
            indicator.unit,
            indicator.baseline_value,
            indicator.target_value,
            actuals.get(year - 1),
            actuals.get(year),
            stored.note if stored else None,
        ]
        for column, value in enumerate(cells, start=1):
            put(sheet.cell(row=row, column=column), value)
        value_cell = sheet.cell(row=row, column=VALUE_COLUMN)
        note_cell = sheet.cell(row=row, column=NOTE_COLUMN)
        for cell in (value_cell, note_cell):
            cell.fill = input_fill
        validation = validations.get(_value_rule(indicator))
        if validation is not None:
            validation.add(value_cell)

    for column, width in zip("ABCDEFGH", [6, 34, 6, 14, 14, 16, 16, 40], strict=True):
        sheet.column_dimensions[column].width = width  # CJK characters are ~2 units wide
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _value_rule(indicator):
    """Which Excel check fits the indicator's unit: count, money (any number ≥ 0), percent."""
    unit = indicator.unit
    if counts_whole_things(indicator):
        return "count"
    if unit in COUNT_UNITS:
        return "money"  # a rate such as 每万人口发明专利拥有量: any number ≥ 0
    if unit in MONEY_UNITS:
        return "money"
    if unit == PERCENT_UNIT:
        return "percent"
    return None


def _value_validations(sheet):
    """Excel's own checks on the value column, one per kind of unit (a first line of
    defence while typing; the server checks everything again)."""
    specs = {
        "count": DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0"),
        "money": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0"),
        "percent": DataValidation(type="decimal", operator="between", formula1="0", formula2="100"),
    }
    messages = {
        "count": _("请填不小于 0 的整数。"),
        "money": _("请填不小于 0 的数。"),
        "percent": _("请填 0 到 100 之间的数。"),
    }
    for rule, validation in specs.items():
        validation.allow_blank = True
        validation.showErrorMessage = True
        validation.errorTitle = _("数值无效")
        validation.error = messages[rule]
        sheet.add_data_validation(validation)
    return specs


@dataclass
class SheetRow:
    row_number: int
    serial: object
    name: str
    value: object  # the cell as read: None when blank, never a formula
    note: str | None
    problems: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    year: int
    rows: list[SheetRow]


def damaged_file_error():
    return ImportFileError(_("无法读取文件：文件已损坏或不是 Excel 工作簿（.xlsx）。"))


def read_sheet(upload):
    """Read an uploaded template; raise ImportFileError if it is not one we can read."""
    return read_workbook(upload, _read_rows)


def read_workbook(upload, read):
    """Check an uploaded .xlsx (type, size, zip bombs, DTDs), open it read-only and return
    `read(book)`; any damage is one ImportFileError. The figures import and the plan
    import (planning/importers.py) read their uploads through this."""
    _check_package(upload)
    book = None
    try:
        book = openpyxl.load_workbook(upload, read_only=True, data_only=False)
        # In read-only mode the sheet's XML is parsed while its rows are read, so a
        # truncated sheet fails here, not in load_workbook.
        return read(book)
    except ImportFileError:
        raise
    except Exception as error:
        # openpyxl raises many kinds of error on a damaged package (KeyError, ValueError,
        # EOFError, XML parse errors, defusedxml's refusals…); to the user they all mean
        # the same thing.
        raise damaged_file_error() from error
    finally:
        if book is not None:
            book.close()


def _check_package(upload):
    name = (upload.name or "").lower()
    if upload.size == 0:
        raise ImportFileError(_("文件是空的。"))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("文件过大（%(size)s MB）：填报模板不超过 %(limit)s MB，请使用下载的模板。")
            % {"size": round(upload.size / 1024 / 1024, 1), "limit": MAX_UPLOAD_BYTES // 2**20}
        )
    if name.endswith(".xls"):
        raise ImportFileError(_("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 后上传。"))
    if not name.endswith(".xlsx"):
        raise ImportFileError(_("文件类型不对：请上传 .xlsx 格式的填报模板。"))
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        upload.seek(0)
        raise ImportFileError(_("文件内容不是 .xlsx 工作簿（可能只是改了扩展名）。"))
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            entries = package.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > (
                MAX_UNCOMPRESSED_BYTES
            ):
                # Sizes come from the zip directory, so a zip bomb is refused before it
                # expands.
                raise ImportFileError(_("文件解压后过大，不像是填报模板，已拒绝。"))
            if "xl/workbook.xml" not in {e.filename for e in entries}:
                raise ImportFileError(_("文件不是 Excel 工作簿（.xlsx）。"))
            if any(_declares_dtd(package, entry) for entry in entries):
                raise ImportFileError(
                    _(
                        "文件含有 DTD 声明（正常的 Excel 工作簿没有），"
                        "可能是恶意构造的文件，已拒绝。"
                    )
                )
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        zlib.error,
    ) as error:
        raise ImportFileError(_("文件已损坏，无法打开。")) from error
    finally:
        upload.seek(0)


def _declares_dtd(package, entry):
    """True when the part holds "<!DOCTYPE" anywhere (read in chunks, at most the size
    limit above; a part that is not what its directory entry says is damaged)."""
    read, tail = 0, b""
    with package.open(entry) as part:
        while chunk := part.read(_SCAN_CHUNK):
            read += len(chunk)
            if read > MAX_UNCOMPRESSED_BYTES:
                raise ImportFileError(_("文件解压后过大，不像是填报模板，已拒绝。"))
            window = tail + chunk
            if any(marker in window for marker in _DTD_MARKERS):
                return True
            tail = window[-32:]
    return False


def _read_rows(book):
    if not book.worksheets:
        raise ImportFileError(_("工作簿中没有工作表：请使用本页下载的模板。"))
    sheet = book.worksheets[0]
    header = next(
        sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=8, values_only=True),
        None,
    )
    year = _check_header(header)
    rows = []
    data = sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=len(COLUMNS))
    for offset, cells in enumerate(islice(data, MAX_DATA_ROWS + 1)):
        if offset == MAX_DATA_ROWS:
            raise ImportFileError(
                _("行数过多：模板只有每个指标一行（最多 %(n)s 行）。") % {"n": MAX_DATA_ROWS}
            )
        cells = list(cells) + [None] * (len(COLUMNS) - len(cells))
        values = [getattr(c, "value", None) for c in cells]
        if all(v in (None, "") for v in values):
            continue
        rows.append(_read_row(FIRST_DATA_ROW + offset, cells))
    if not rows:
        raise ImportFileError(_("表格中没有数据行。"))
    return Sheet(year=year, rows=rows)


def _check_header(header):
    expected = ", ".join(COLUMNS)
    if header is None:
        raise ImportFileError(
            _("表格是空的或格式与模板不同：第 2 行应为表头（%(cols)s）。") % {"cols": expected}
        )
    header = [str(h).strip() if h is not None else "" for h in header]
    header += [""] * (len(COLUMNS) - len(header))
    fixed_ok = header[:3] == COLUMNS[:3] and header[7] == COLUMNS[7]
    prefixes_ok = all(header[i].startswith(COLUMNS[i]) for i in (3, 4, 5))
    match = _VALUE_HEADER.match(header[6])
    if not (fixed_ok and prefixes_ok and match):
        raise ImportFileError(
            _(
                "表格格式与模板不同：第 2 行表头应为 %(cols)s（G 列为“某年实际值”），"
                "实际是 %(got)s。请使用本页下载的模板，不要增删或移动列。"
            )
            % {"cols": expected, "got": ", ".join(header)}
        )
    return int(match.group(1))


def _read_row(row_number, cells):
    serial_cell, name_cell = cells[0], cells[1]
    value_cell, note_cell = cells[VALUE_COLUMN - 1], cells[NOTE_COLUMN - 1]
    row = SheetRow(
        row_number=row_number,
        serial=getattr(serial_cell, "value", None),
        name=str(getattr(name_cell, "value", "") or "").strip(),
        value=getattr(value_cell, "value", None),
        note=None,
    )
    for label, cell in ((_("实际值"), value_cell), (_("说明"), note_cell)):
        if getattr(cell, "data_type", None) == "f":
            row.problems.append(
                _("%(label)s是公式（%(formula)s），请复制后“粘贴为数值”再上传。")
                % {"label": label, "formula": cell.value}
            )
    if row.problems:
        row.value = None
    note = getattr(note_cell, "value", None)
    if note not in (None, "") and not row.problems:
        row.note = str(note).strip()
    if isinstance(row.value, str) and not row.value.strip():
        row.value = None
    return row


@dataclass
class PreviewRow:
    row_number: int
    indicator: Indicator | None
    value: object
    note: str | None
    stored: IndicatorActual | None
    status: str  # new, changed, unchanged, blank, error
    errors: list[str] = field(default_factory=list)

    @property
    def shown_value(self):
        return format_decimal(self.value) if isinstance(self.value, Decimal) else self.value

    @property
    def shown_stored(self):
        return format_decimal(self.stored.value) if self.stored else ""


STATUS_LABELS = {
    "new": "新增",
    "changed": "修改",
    "unchanged": "不变",
    "blank": "未填",
    "error": "有误",
}


def preview(user, sheet, reason=None, plan=None):
    """What confirming would do, row by row, with every error: a dry run of the save
    (with the change reason the confirmation will give, if any), against the indicators
    of `plan` (default: the current one)."""
    indicators = {i.serial: i for i in Indicator.objects.for_entry(plan)}
    stored = {
        a.indicator_id: a
        for a in IndicatorActual.objects.filter(year=sheet.year).select_related("entered_by")
    }
    result, entries, seen = [], [], {}
    for row in sheet.rows:
        indicator = indicators.get(_as_serial(row.serial))
        problems = list(row.problems)
        if indicator is None:
            problems.append(
                _("序号“%(serial)s”不是指标序号（1–%(n)s）。")
                % {"serial": row.serial, "n": len(indicators)}
            )
        elif row.name and row.name != indicator.name:
            problems.append(
                _("序号 %(serial)s 的指标应为“%(name)s”，表中是“%(got)s”：请勿调换行。")
                % {"serial": indicator.serial, "name": indicator.name, "got": row.name}
            )
        elif indicator.serial in seen:
            problems.append(
                _("序号 %(serial)s 与第 %(other)s 行重复。")
                % {"serial": indicator.serial, "other": seen[indicator.serial]}
            )
        if indicator is not None:
            seen.setdefault(indicator.serial, row.row_number)
        current = stored.get(indicator.series_key) if indicator else None
        item = PreviewRow(row.row_number, indicator, row.value, row.note, current, "", problems)
        result.append(item)
        if problems or row.value is None:
            item.status = "error" if problems else "blank"
            continue
        item.status = _change_status(item)
        entries.append(
            ActualEntry(
                indicator=indicator,
                value=row.value,
                note=row.note,
                expected_version=current.version if current else None,
                key=row.row_number,
            )
        )
    # The dry run: the real save, always rolled back, so the preview shows exactly
    # what confirming would refuse (rules, locked year, permission).
    with transaction.atomic():
        try:
            actuals_save_many(user=user, year=sheet.year, entries=entries, reason=reason)
        except BatchError as error:
            by_row = {item.row_number: item for item in result}
            for row_number, row_error in error.row_errors.items():
                by_row[row_number].status = "error"
                by_row[row_number].errors.extend(_messages(row_error))
        transaction.set_rollback(True)
    return result


def _messages(error):
    if isinstance(error, PermissionDenied):
        return [str(error)]
    return error.messages


def _as_serial(value):
    try:
        return int(to_decimal(value))
    except (ValidationError, ValueError, ArithmeticError):
        return None


def _change_status(item):
    if item.stored is None:
        return "new"
    try:
        same = to_decimal(item.value) == item.stored.value
    except ValidationError:
        return "changed"  # the save will report why it cannot be read
    note_same = item.note is None or item.note == item.stored.note
    return "unchanged" if same and note_same else "changed"


def entries_payload(rows):
    """The confirmed rows as plain data for the session (between preview and confirm)."""
    return [
        {
            "row": item.row_number,
            "serial": item.indicator.serial,
            "value": item.value if isinstance(item.value, str) else str(item.value),
            "note": item.note,
            "expected_version": item.stored.version if item.stored else None,
        }
        for item in rows
        if item.status in ("new", "changed")
    ]


def payload_entries(payload, plan=None):
    """The rows of `entries_payload`, read back from the session, as ActualEntry (the
    serials of `plan`'s indicators, default the current plan's)."""
    indicators = {i.serial: i for i in Indicator.objects.for_entry(plan)}
    return [
        ActualEntry(
            indicator=indicators[item["serial"]],
            value=item["value"],
            note=item["note"],
            expected_version=item["expected_version"],
            key=item["row"],
        )
        for item in payload
    ]


def confirm(user, year, payload, via_file=""):
    """Save the previewed rows, all or nothing; raise BatchError naming rows on refusal."""
    return actuals_save_many(
        user=user,
        year=year,
        entries=payload_entries(payload),
        via=EntryChannel.IMPORT,
        via_file=via_file,
    )
