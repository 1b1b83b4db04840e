"""Importing a plan's annex tables from .xlsx: the template, reading, checking every row.

The workbook has three sheets in the shape of the 2021–2023 plan's annexes: 指标 (Annex 2:
serial, name with its unit in brackets, baseline, target), 技术创新平台 (Annex 3) and
重点项目 (Annex 4). As in the figures import, every row is checked first and each problem
is reported with its sheet, row and column; nothing is saved unless every row passes
(planning/services.plan_import). An indicator whose name matches one of the plan before
continues its series.
"""

import io
from dataclasses import dataclass, field
from itertools import islice

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from core.numbers import to_decimal
from indicators.importers import ImportFileError, read_workbook
from indicators.names import parse_indicator_name
from indicators.rules import unit_errors
from platforms.models import PlatformLevel
from projects.models import ProjectNature

MAX_ROWS = 500  # per sheet; a plan's annexes have a few dozen rows

# (sheet title, [(header, key)]) in the order of the annexes.
SHEETS = {
    "indicators": (
        "指标",
        [("序号", "serial"), ("指标名称（含单位）", "name"), ("基期值", "baseline"),
         ("目标值", "target")],
    ),
    "platforms": (
        "技术创新平台",
        [("序号", "serial"), ("名称", "name"), ("依托单位", "host"), ("类型", "type"),
         ("级别", "level")],
    ),
    "projects": (
        "重点项目",
        [("行序", "row"), ("项目名称", "name"), ("建设年限", "year"), ("项目性质", "nature"),
         ("总投资（万元）", "investment")],
    ),
}  # fmt: skip


@dataclass
class PlanTables:
    """The three tables as read and checked; `errors` name sheet, row and column."""

    indicators: list[dict] = field(default_factory=list)
    platforms: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def build_template():
    """The empty workbook to fill in: one sheet per annex, headers in the first row."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for title, columns in SHEETS.values():
        sheet = book.create_sheet(title)
        for column, (header, _key) in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=column, value=header)
            cell.font, cell.fill = Font(bold=True), fill
            sheet.column_dimensions[cell.column_letter].width = 36 if column == 2 else 16
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_tables(upload):
    """Read and check an uploaded workbook; raise ImportFileError if it is not one."""
    return read_workbook(upload, _read)


def _read(book):
    tables = PlanTables()
    titles = set(book.sheetnames)
    for kind, (title, columns) in SHEETS.items():
        if title not in titles:
            raise ImportFileError(
                _("工作簿缺少“%(title)s”工作表：请使用本页下载的模板。") % {"title": title}
            )
        rows = _sheet_rows(book[title], title, columns)
        checker = {"indicators": _indicator, "platforms": _platform, "projects": _project}[kind]
        seen = {}
        for number, values in rows:
            problems = []
            row = checker(values, problems)
            # Compared as stored: serial 1 and "1", 科技型企业数（家） and 科技型企业数（个）
            # would break the plan's one serial and one name per row.
            key = row.get("serial", row.get("row"))
            name = parse_indicator_name(row["name"]).name if kind == "indicators" else row["name"]
            for label, value in (("serial", key), ("name", name)):
                if value in (None, ""):
                    continue
                if (label, value) in seen:
                    problems.append(
                        _("与第 %(other)s 行重复（%(value)s）。")
                        % {"other": seen[(label, value)], "value": value}
                    )
                seen.setdefault((label, value), number)
            tables.errors.extend(row_message(title, number, problem) for problem in problems)
            getattr(tables, kind).append(row | {"sheet_row": number})
    if not tables.indicators and not tables.errors:
        tables.errors.append(_("“指标”工作表没有数据行：规划至少要有一项指标。"))
    return tables


def row_message(sheet, row, problem):
    """A problem of one row, named by its sheet and its row number in the sheet."""
    return _("“%(sheet)s”第 %(row)s 行：%(problem)s") % {
        "sheet": sheet,
        "row": row,
        "problem": problem,
    }


def _sheet_rows(sheet, title, columns):
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    expected = [h for h, _key in columns]
    got = [str(h).strip() if h is not None else "" for h in list(header)[: len(expected)]]
    if got != expected:
        raise ImportFileError(
            _("“%(title)s”工作表第 1 行应为表头 %(expected)s，实际是 %(got)s。")
            % {"title": title, "expected": "、".join(expected), "got": "、".join(got)}
        )
    rows = []
    data = sheet.iter_rows(min_row=2, max_col=len(columns), values_only=True)
    for offset, cells in enumerate(islice(data, MAX_ROWS + 1)):
        if offset == MAX_ROWS:
            raise ImportFileError(
                _("“%(title)s”工作表行数过多（最多 %(n)s 行）。") % {"title": title, "n": MAX_ROWS}
            )
        cells = list(cells) + [None] * (len(columns) - len(cells))
        if all(c in (None, "") for c in cells):
            continue
        values = {}
        for (header, key), cell in zip(columns, cells, strict=True):
            if isinstance(cell, str) and cell.startswith("="):
                values[key] = None
                values.setdefault("_formulas", []).append(header)
            else:
                values[key] = cell.strip() if isinstance(cell, str) else cell
        rows.append((offset + 2, values))
    return rows


def _number(values, key, label, problems, whole=False):
    raw = values.get(key)
    if raw in (None, ""):
        problems.append(_("“%(label)s”不能为空。") % {"label": label})
        return None
    try:
        number = to_decimal(raw, label)
    except ValidationError as error:
        problems.append(error.messages[0])
        return None
    if whole and number != number.to_integral_value():
        problems.append(_("“%(label)s”须为整数。") % {"label": label})
        return None
    return number


def _text(values, key, label, problems):
    text = str(values.get(key) or "").strip()
    if not text:
        problems.append(_("“%(label)s”不能为空。") % {"label": label})
    return text


def _choice(values, key, label, choices, problems):
    """A text that must be one of `choices` (a level, a project's nature)."""
    text = _text(values, key, label, problems)
    if text and text not in choices:
        problems.append(
            _("%(label)s“%(value)s”无效：应为 %(choices)s 之一。")
            % {"label": label, "value": text, "choices": "、".join(choices)}
        )
    return text


def _formulas(values, problems):
    for header in values.get("_formulas", []):
        problems.append(_("“%(label)s”是公式：请粘贴为数值后再上传。") % {"label": header})


def _indicator(values, problems):
    _formulas(values, problems)
    serial = _number(values, "serial", _("序号"), problems, whole=True)
    name = _text(values, "name", _("指标名称（含单位）"), problems)
    parsed = parse_indicator_name(name)
    baseline = _number(values, "baseline", _("基期值"), problems)
    target = _number(values, "target", _("目标值"), problems)
    for label, value in ((_("基期值"), baseline), (_("目标值"), target)):
        if value is not None:
            problems.extend(unit_errors(value, parsed.unit, label, whole=False))
    return {"serial": serial, "name": name, "baseline": baseline, "target": target}


def _platform(values, problems):
    _formulas(values, problems)
    level = _choice(values, "level", _("级别"), PlatformLevel.values, problems)
    return {
        "serial": _number(values, "serial", _("序号"), problems, whole=True),
        "name": _text(values, "name", _("名称"), problems),
        "host": _text(values, "host", _("依托单位"), problems),
        "type": _text(values, "type", _("类型"), problems),
        "level": level,
    }


def _project(values, problems):
    _formulas(values, problems)
    nature = _choice(values, "nature", _("项目性质"), ProjectNature.values, problems)
    investment = _number(values, "investment", _("总投资（万元）"), problems)
    if investment is not None and investment < 0:
        problems.append(_("总投资不能为负数。"))
    return {
        "row": _number(values, "row", _("行序"), problems, whole=True),
        "name": _text(values, "name", _("项目名称"), problems),
        "year": _number(values, "year", _("建设年限"), problems, whole=True),
        "nature": nature,
        "investment": investment,
    }


def tables_to_session(tables):
    """Checked tables as plain data for the session, between preview and confirm."""

    def plain(row):
        return {
            k: (str(v) if v is not None and not isinstance(v, str) else v) for k, v in row.items()
        }

    return {
        kind: [plain(row) for row in getattr(tables, kind)]
        for kind in ("indicators", "platforms", "projects")
    }


def tables_from_session(data):
    """The tables back from the session, numbers as Decimals again."""
    numbers = {"serial", "baseline", "target", "row", "year", "investment"}

    def typed(row):
        row = {k: (to_decimal(v) if k in numbers and v is not None else v) for k, v in row.items()}
        return row | {"sheet_row": int(row["sheet_row"])}

    return PlanTables(**{kind: [typed(row) for row in rows] for kind, rows in data.items()})
