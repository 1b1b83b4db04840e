"""The published figures of a plan's year as open data: CSV, JSON and .xlsx.

One table (`year_table`) is written three ways, each with the licence (PUBLIC_DATA_LICENCE)
and the plan's source document. Text cells go through core/spreadsheets.py: a name never
becomes a formula in the reader's spreadsheet. Numbers are exact: figures as entered, rates
as the pages show them (rounded once, half-up, by indicators/progress.py).
"""

import csv
import io
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.numbers import format_decimal
from core.spreadsheets import csv_text, put
from indicators.progress import expected_shown

from .selectors import public_dashboard, public_years


@dataclass(frozen=True)
class Column:
    key: str  # the JSON field
    label: str  # the CSV and sheet header
    text: bool = False  # typed by people: never a formula


def columns():
    return [
        Column("serial", _("序号")),
        Column("name", _("指标名称"), text=True),
        Column("unit", _("单位"), text=True),
        Column("kind", _("指标类型"), text=True),
        Column("baseline_year", _("基期年份")),
        Column("baseline_value", _("基期值")),
        Column("target_year", _("目标年份")),
        Column("target_value", _("目标值")),
        Column("year", _("年份")),
        Column("actual", _("实际值")),
        Column("compared_value", _("比较值（累计型为累计值）")),
        Column("expected", _("应达值")),
        Column("completion_percent", _("目标完成率（%）")),
        Column("gap_closed_percent", _("增量进度（%）")),
        Column("status", _("状态"), text=True),
    ]


def _number(value):
    return format_decimal(value) if value is not None else None


def year_table(plan, year):
    """[{column key: value}] of every public indicator of `plan` in public `year`: numbers
    as exact decimal strings (None when there is none), the rest as text."""
    years = public_years([plan])
    dashboard = public_dashboard(plan, year, years)
    rows = []
    for row in dashboard.rows:
        indicator, assessment = row.indicator, row.assessment
        goal = indicator.goal
        actual = (
            row.latest_actual.value
            if row.latest_actual and row.latest_actual.year == year
            else None
        )
        rows.append(
            {
                "serial": indicator.serial,
                "name": indicator.name,
                "unit": indicator.unit,
                "kind": str(indicator.get_kind_display()),
                "baseline_year": goal.baseline_year,
                "baseline_value": _number(goal.baseline_value),
                "target_year": goal.target_year,
                "target_value": _number(goal.target_value),
                "year": year,
                "actual": _number(actual),
                "compared_value": _number(assessment.value),
                "expected": _number(expected_shown(goal, assessment.value, assessment.expected)),
                "completion_percent": _number(row.completion_percent),
                "gap_closed_percent": _number(row.gap_closed_percent),
                "status": str(assessment.status.label),
            }
        )
    return rows


def about(plan, year):
    """The lines every download states: licence, source, plan, year."""
    return [
        (_("数据许可"), settings.PUBLIC_DATA_LICENCE),
        (_("出处"), plan.source_document or plan.name),
        (_("规划"), f"{plan.name}（{plan.period_label}）"),
        (_("年份"), _("%(year)s年（已审定并公开发布）") % {"year": year}),
    ]


def as_csv(plan, year):
    """UTF-8 with a byte-order mark (Excel opens it as UTF-8); the licence and source
    first, as lines starting with "#" (pandas: `read_csv(..., comment="#")`)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    for label, value in about(plan, year):
        writer.writerow([f"# {label}：{csv_text(value)}"])
    cols = columns()
    writer.writerow([c.label for c in cols])
    for row in year_table(plan, year):
        writer.writerow(
            [
                ("" if row[c.key] is None else csv_text(row[c.key]) if c.text else row[c.key])
                for c in cols
            ]
        )
    return out.getvalue().encode("utf-8")


def as_json(plan, year):
    data = {
        "licence": settings.PUBLIC_DATA_LICENCE,
        "source": plan.source_document or plan.name,
        "plan": {
            "id": plan.pk,
            "name": plan.name,
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            "baseline_year": plan.baseline_year,
        },
        "year": year,
        "columns": {c.key: c.label for c in columns()},
        "indicators": year_table(plan, year),
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def as_xlsx(plan, year):
    """A sheet of figures (numbers as numbers) and a sheet 说明 with the licence."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("数据")
    cols = columns()
    for index, column in enumerate(cols, start=1):
        put(sheet.cell(row=1, column=index), column.label)
    for row_number, row in enumerate(year_table(plan, year), start=2):
        for index, column in enumerate(cols, start=1):
            value = row[column.key]
            if value is not None and not column.text and isinstance(value, str):
                value = _excel_number(value)
            put(sheet.cell(row=row_number, column=index), value)
    notes = workbook.create_sheet(_("说明"))
    for row_number, (label, value) in enumerate(about(plan, year), start=1):
        put(notes.cell(row=row_number, column=1), label)
        put(notes.cell(row=row_number, column=2), value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _excel_number(text):
    """A decimal string as an Excel number (a float: Excel has no other)."""
    return float(text)
