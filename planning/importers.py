"""Importing a plan's annex tables from .xlsx: the template, reading, checking every row.

The workbook has three sheets in the shape of the 2021–2023 plan's annexes: 指标 (Annex 2:
serial, name with its unit in brackets, baseline, target), 技术创新平台 (Annex 3) and
重点项目 (Annex 4), and five sheets of the plan's work (`WORK_SHEETS`): 工程, 专栏,
重点任务和专栏项目 (one sheet, the kind in a column), 支持政策 and 具体目标. A workbook
made from an older template, without the work sheets, still imports: the plan then has no
work. As in the figures import, every row is checked first and each problem is reported
with its sheet, row and column; nothing is saved unless every row passes
(planning/services.plan_import). An indicator whose name matches one of the plan before
continues its series.
"""

import io
import re
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
from work.models import Visibility, WorkKind

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

# The plan's work; each sheet may be missing (a workbook of the older template).
WORK_SHEETS = {
    "programmes": (
        "工程",
        [("编号", "identifier"), ("序号", "number"), ("名称", "title"), ("原文", "text")],
    ),
    "spotlights": (
        "专栏",
        [("编号", "identifier"), ("所属工程编号", "programme"), ("名称", "title")],
    ),
    "work_items": (
        "重点任务和专栏项目",
        [("类别", "kind"), ("编号", "identifier"), ("所属工程编号", "programme"),
         ("所属专栏编号", "spotlight"), ("名称", "title"), ("原文", "text"),
         ("牵头单位", "lead_unit"), ("配合单位", "collaborating_units"),
         ("公开范围", "visibility")],
    ),
    "policies": ("支持政策", [("编号", "identifier"), ("政策名称", "title")]),
    "goals": ("具体目标", [("编号", "identifier"), ("名称", "title"), ("原文", "text")]),
}  # fmt: skip

ALL_SHEETS = SHEETS | WORK_SHEETS

# 5、5.1、4-1-2、A1: letters or digits, parts joined by "." or "-".
IDENTIFIER = re.compile(r"[0-9A-Za-z]+(?:[.\-][0-9A-Za-z]+)*")
# 配合单位: names separated by 、，, ; or a line break.
UNIT_SEPARATORS = re.compile(r"[、，,；;\n]+")


@dataclass
class PlanTables:
    """The tables as read and checked; `errors` name sheet, row and column."""

    indicators: list[dict] = field(default_factory=list)
    platforms: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    programmes: list[dict] = field(default_factory=list)
    spotlights: list[dict] = field(default_factory=list)
    work_items: list[dict] = field(default_factory=list)
    policies: list[dict] = field(default_factory=list)
    goals: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def build_template():
    """The empty workbook to fill in: one sheet per annex and per part of the plan's
    work, headers in the first row."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for title, columns in ALL_SHEETS.values():
        sheet = book.create_sheet(title)
        for column, (header, key) in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=column, value=header)
            cell.font, cell.fill = Font(bold=True), fill
            wide = header in {"名称", "政策名称", "原文", "指标名称（含单位）", "项目名称"}
            sheet.column_dimensions[cell.column_letter].width = 36 if wide else 16
            if key in {"identifier", "programme", "spotlight"}:
                # Typed as text, so 5.10 stays 5.10 and is not read back as the number 5.1.
                for row in range(2, MAX_ROWS + 2):
                    sheet.cell(row=row, column=column).number_format = "@"
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
    _read_work(book, titles, tables)
    return tables


def _read_work(book, titles, tables):
    """The work sheets present: each row checked, identifiers unique within the plan (per
    sheet; tasks and items each among their kind), parents named in their own sheets."""
    for kind, (title, columns) in WORK_SHEETS.items():
        if title not in titles:
            continue
        header = dict((key, label) for label, key in columns)
        seen = {}
        for number, values in _sheet_rows(book[title], title, columns):
            problems = []
            _formulas(values, problems)
            row = {key: _cell_text(values.get(key)) for _label, key in columns}
            row["sheet_row"] = number
            for key in ("identifier", "title"):
                if not row[key]:
                    problems.append(_("“%(label)s”不能为空。") % {"label": header[key]})
            if row["identifier"] and not IDENTIFIER.fullmatch(row["identifier"]):
                problems.append(
                    _(
                        "“编号”“%(value)s”格式不对：应由数字或字母组成，"
                        "以“.”或“-”分隔，如 5、5.1、4-1-2。"
                    )
                    % {"value": row["identifier"]}
                )
            if kind == "work_items":
                _work_item(row, header, problems)
            key = (row.get("kind"), row["identifier"])
            if row["identifier"]:
                if key in seen:
                    problems.append(
                        _("“编号”%(value)s 与第 %(other)s 行重复：同一规划中编号不能重复。")
                        % {"value": row["identifier"], "other": seen[key]}
                    )
                seen.setdefault(key, number)
            tables.errors.extend(row_message(title, number, problem) for problem in problems)
            getattr(tables, kind).append(row)
    _check_parents(tables)


def _cell_text(value):
    """A cell as text: a whole number typed in a number cell (5) reads as "5"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _work_item(row, header, problems):
    kinds = {str(label): value for value, label in WorkKind.choices}
    kind_text = row["kind"]
    row["kind"] = kinds.get(kind_text)
    if row["kind"] is None:
        problems.append(
            _("“类别”“%(value)s”无效：应为 %(choices)s 之一。")
            % {"value": kind_text, "choices": "、".join(kinds)}
        )
    elif row["kind"] == WorkKind.TASK and row["spotlight"]:
        problems.append(_("重点任务不属于任何专栏：“所属专栏编号”应留空。"))
    elif row["kind"] == WorkKind.SPOTLIGHT_ITEM and not row["spotlight"]:
        problems.append(_("专栏项目必须填写“所属专栏编号”。"))
    if row["kind"] == WorkKind.TASK and not row["programme"]:
        problems.append(_("重点任务必须填写“所属工程编号”。"))
    visibilities = {str(label): value for value, label in Visibility.choices}
    visibility = row["visibility"] or str(Visibility.PUBLIC.label)
    row["visibility"] = visibilities.get(visibility)
    if row["visibility"] is None:
        problems.append(
            _("“公开范围”“%(value)s”无效：应为 %(choices)s 之一。")
            % {"value": visibility, "choices": "、".join(visibilities)}
        )
    row["collaborating_units"] = [
        name.strip() for name in UNIT_SEPARATORS.split(row["collaborating_units"]) if name.strip()
    ]


def _check_parents(tables):
    """Each spotlight's programme, each task's programme and each item's spotlight is a
    row of its own sheet; an item's programme, if given, is its spotlight's."""
    programmes = {row["identifier"] for row in tables.programmes}
    spotlights = {row["identifier"]: row["programme"] for row in tables.spotlights}
    checks = [("spotlights", "programme", "所属工程编号", programmes, "工程")]
    checks.append(("work_items", "programme", "所属工程编号", programmes, "工程"))
    checks.append(("work_items", "spotlight", "所属专栏编号", set(spotlights), "专栏"))
    for kind, key, column, known, sheet in checks:
        title = WORK_SHEETS[kind][0]
        for row in getattr(tables, kind):
            if row[key] and row[key] not in known:
                tables.errors.append(
                    row_message(
                        title,
                        row["sheet_row"],
                        _("“%(column)s”%(value)s 在“%(sheet)s”工作表中没有。")
                        % {"column": column, "value": row[key], "sheet": sheet},
                    )
                )
    for row in tables.work_items:
        parent = spotlights.get(row["spotlight"])
        if parent and row["programme"] and row["programme"] != parent:
            tables.errors.append(
                row_message(
                    WORK_SHEETS["work_items"][0],
                    row["sheet_row"],
                    _("“所属工程编号”%(value)s 与专栏 %(spotlight)s 所属的工程 %(parent)s 不一致。")
                    % {"value": row["programme"], "spotlight": row["spotlight"], "parent": parent},
                )
            )


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
            k: (str(v) if v is not None and not isinstance(v, str | list) else v)
            for k, v in row.items()
        }

    return {kind: [plain(row) for row in getattr(tables, kind)] for kind in ALL_SHEETS}


def tables_from_session(data):
    """The tables back from the session, numbers as Decimals again."""
    numbers = {"serial", "baseline", "target", "row", "year", "investment"}

    def typed(row):
        row = {k: (to_decimal(v) if k in numbers and v is not None else v) for k, v in row.items()}
        return row | {"sheet_row": int(row["sheet_row"])}

    return PlanTables(**{kind: [typed(row) for row in rows] for kind, rows in data.items()})
