"""The auditors' Excel workbook: one file that stands on its own.

Seven sheets: cover, indicator progress, yearly actuals, change history, platforms,
projects and data problems. Every progress number comes from `Indicator.assess()`
(indicators/progress.py) and every project total from the project queryset; this module
only places them in cells. The data is read with a fixed number of queries whatever its
size: the workbook is built in one pass from what those queries return.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from itertools import chain

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.numbers import format_decimal
from core.people import display_name
from indicators.models import ApprovalState, Indicator, IndicatorActual, YearApproval
from indicators.palette import STATUS_COLOURS
from indicators.progress import IndicatorKind, Status
from plans.models import Plan
from platforms.models import Platform
from projects.models import Project, ProjectProgress, ProjectStatus

from .excel import (
    CellFormat,
    Column,
    Table,
    add_bar_chart,
    excel_datetime,
    tint,
    write_cover,
    write_table,
)
from .history import AUDITED_MODELS, describe_changes

BASE_NAME = "乌鲁木齐高新区（新市区）双创示范基地"

# Bars take the dashboard's status colours as they are (blue to orange: no reading depends
# on telling red from green), cells a light tint of them.
BLUE, LIGHT_BLUE, ORANGE, GREY = (
    tint(STATUS_COLOURS[s])
    for s in (Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND, Status.NO_DATA)
)
PROJECT_STATUS_FILLS = {
    ProjectStatus.COMPLETED: BLUE,
    ProjectStatus.UNDER_CONSTRUCTION: LIGHT_BLUE,
    ProjectStatus.NOT_STARTED: GREY,
    ProjectStatus.SUSPENDED: ORANGE,
}


@dataclass(frozen=True)
class ReportScope:
    """What a workbook covers: one year or every year, and optionally an admin selection."""

    year: int | None = None
    actual_ids: tuple[int, ...] | None = None  # None: every actual (of the year)

    def actuals(self):
        """The yearly actuals listed in 填报明细, with indicator and who entered them."""
        actuals = IndicatorActual.objects.select_related("indicator", "entered_by")
        if self.year is not None:
            actuals = actuals.filter(year=self.year)
        if self.actual_ids is not None:
            actuals = actuals.filter(pk__in=self.actual_ids)
        return actuals.order_by("indicator__serial", "year")


def sheet_names():
    return [
        _("封面"),
        _("指标进展"),
        _("填报明细"),
        _("修改记录"),
        _("技术创新平台"),
        _("重点项目"),
        _("数据问题"),
    ]


def report_filename(scope, generated_at):
    years = str(scope.year) if scope.year else _("全部年份")
    stamp = excel_datetime(generated_at).strftime("%Y%m%d-%H%M")
    return _("双创示范基地审计报表-%(years)s-%(stamp)s.xlsx") % {"years": years, "stamp": stamp}


def build_workbook(scope, *, generated_by, generated_at=None):
    """The whole workbook as .xlsx bytes, always in the site's language (it is filed)."""
    generated_at = generated_at or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        plan = Plan.objects.current()
        indicators = list(Indicator.objects.with_actuals().of_plan(plan).order_by("serial"))
        actuals = list(scope.actuals())
        approvals = {
            approval.year: approval
            for approval in YearApproval.objects.active().select_related("approved_by")
        }
        projects = list(
            Project.objects.filter(plan=plan)
            .with_progress()
            .select_related("included_in")
            .order_by("row")
        )
        platforms = list(Platform.objects.filter(plan=plan))
        year = _assessment_year(scope, actuals, indicators)

        (cover_name, progress_name, actuals_name, history_name, platforms_name, projects_name,
         problems_name) = sheet_names()  # fmt: skip
        workbook = Workbook(write_only=True)
        write_cover(
            workbook,
            cover_name,
            _("%(base)s 建设指标审计报表") % {"base": BASE_NAME},
            _cover_facts(scope, year, indicators, actuals, approvals, generated_by, generated_at),
        )
        assessments = [indicator.assess(year) for indicator in indicators]
        progress = progress_table(progress_name, indicators, assessments, year)
        add_bar_chart(
            write_table(workbook, progress),
            progress,
            category_header=_("指标名称"),
            value_header=_("增量进度"),
            title=_("%(year)s年各指标增量进度") % {"year": year},
            bar_colours=[STATUS_COLOURS[a.status] for a in assessments],
        )
        write_table(workbook, actuals_table(actuals_name, actuals, approvals))
        write_table(workbook, history_table(history_name, scope))
        write_table(workbook, platforms_table(platforms_name, platforms))
        write_table(workbook, projects_table(projects_name, projects))
        write_table(
            workbook, problems_table(problems_name, indicators, actuals, platforms, projects)
        )

        buffer = BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def _assessment_year(scope, actuals, indicators):
    """The chosen year; else the latest year reported; else the plan's target year."""
    if scope.year is not None:
        return scope.year
    latest = max((actual.year for actual in actuals), default=None)
    if latest is not None:
        return latest
    return max((i.target_year for i in indicators), default=timezone.localdate().year)


def _label(model, field_name):
    return str(model._meta.get_field(field_name).verbose_name)


def _yes(flag):
    return _("是") if flag else ""


def _local_time_header(text):
    return _("%(label)s（北京时间）") % {"label": text}


def _approval_state(approval):
    return (ApprovalState.APPROVED if approval else ApprovalState.PROVISIONAL).label


# 封面 ---------------------------------------------------------------------------------


def _cover_facts(scope, year, indicators, actuals, approvals, generated_by, generated_at):
    years = sorted({actual.year for actual in actuals})
    if scope.year is not None:
        covered = _("%(year)s年") % {"year": scope.year}
    elif years:
        covered = _("全部年份（%(first)s–%(last)s年）") % {"first": years[0], "last": years[-1]}
    else:
        covered = _("全部年份（暂无填报）")
    if scope.actual_ids is None:
        extent = _("全部年度实际值")
    else:
        extent = _("后台所选的 %(count)s 条年度实际值") % {"count": len(actuals)}
    approved = sum(1 for actual in actuals if actual.year in approvals)
    approval_notes = "；".join(
        _("%(year)s年：已审定（%(who)s，%(when)s）")
        % {
            "year": y,
            "who": display_name(approvals[y].approved_by),
            "when": excel_datetime(approvals[y].approved_at).strftime("%Y-%m-%d %H:%M"),
        }
        if y in approvals
        else _("%(year)s年：待审定") % {"year": y}
        for y in years
    )
    first_year = min((i.baseline_year for i in indicators), default=None)
    last_year = max((i.target_year for i in indicators), default=None)
    plan_period = (
        _("%(first)s–%(last)s年") % {"first": first_year + 1, "last": last_year}
        if indicators
        else ""
    )
    return [
        (_("示范基地"), BASE_NAME),
        (_("规划期"), plan_period),
        (_local_time_header(_("生成时间")), excel_datetime(generated_at)),
        (_("生成人"), generated_by),
        (_("覆盖年份"), covered),
        (_("范围"), extent),
        (_("进展评估年份"), year),
        (_("已审定数值（条）"), approved),
        (_("待审定数值（条）"), len(actuals) - approved),
        (_("审定情况"), approval_notes or _("暂无填报")),
        (
            _("说明"),
            _(
                "时间均为北京时间（Asia/Shanghai），Excel 不记录时区。"
                "单元格保存原始数值，百分比等只在显示时取整。"
                "完成率、增量进度和状态由系统统一的进度算法计算，与看板一致。"
                "技术创新平台、重点项目两表为导出时的全部数据，不受年份和所选范围限制。"
            ),
        ),
    ]


# 指标进展 -----------------------------------------------------------------------------


def progress_table(title, indicators, assessments, year):
    """One row per indicator: plan, actuals by year, and its `assess(year)` unchanged."""
    actual_years = sorted(
        {a.year for i in indicators for a in i.series_actuals() if a.year <= year} | {year}
    )
    baseline_years = {i.baseline_year for i in indicators}
    target_years = {i.target_year for i in indicators}
    columns = [
        Column(_("序号"), CellFormat.INTEGER),
        Column(_("指标名称")),
        Column(_("单位")),
        Column(_("指标类型")),
        Column(_year_header(baseline_years, _("基期值")), CellFormat.VALUE),
        *(Column(_("%(year)s年实际值") % {"year": y}, CellFormat.VALUE) for y in actual_years),
        Column(_year_header(target_years, _("目标值")), CellFormat.VALUE),
        Column(_("%(year)s年比较值（累计型为逐年合计）") % {"year": year}, CellFormat.VALUE),
        Column(_("%(year)s年预期值") % {"year": year}, CellFormat.VALUE, computed=True),
        Column(_("目标完成率"), CellFormat.RATE, computed=True),
        Column(_("增量进度"), CellFormat.RATE, computed=True),
        Column(_("状态")),
        Column(_("规划期后")),
    ]
    rows = []
    for indicator, assessment in zip(indicators, assessments, strict=True):
        by_year = indicator.actuals_by_year()
        rows.append(
            [
                indicator.serial,
                indicator.name,
                indicator.unit,
                IndicatorKind(indicator.kind).label,
                indicator.baseline_value,
                *(by_year.get(y) for y in actual_years),
                indicator.target_value,
                assessment.value,
                assessment.expected,
                assessment.completion_rate,
                assessment.gap_closed,
                assessment.status.label,
                _yes(assessment.post_plan),
            ]
        )
    highlights = {
        _("状态"): {status.label: tint(colour) for status, colour in STATUS_COLOURS.items()}
    }
    return Table(title, columns, rows, highlights=highlights)


def _year_header(years, label):
    """`2020年基期值` when every indicator shares the year, else just `基期值`."""
    if len(years) == 1:
        return _("%(year)s年%(label)s") % {"year": next(iter(years)), "label": label}
    return label


# 填报明细 -----------------------------------------------------------------------------


def actuals_table(title, actuals, approvals):
    columns = [
        Column(_("指标序号"), CellFormat.INTEGER),
        Column(_("指标名称")),
        Column(_label(IndicatorActual, "year"), CellFormat.INTEGER),
        Column(_label(IndicatorActual, "value"), CellFormat.VALUE),
        Column(_("单位")),
        Column(_label(IndicatorActual, "note")),
        Column(_label(IndicatorActual, "evidence")),
        Column(_label(IndicatorActual, "flagged")),
        Column(_label(IndicatorActual, "entered_by")),
        Column(_local_time_header(_label(IndicatorActual, "created_at")), CellFormat.DATETIME),
        Column(_local_time_header(_label(IndicatorActual, "updated_at")), CellFormat.DATETIME),
        Column(_("审定状态")),
        Column(_label(YearApproval, "approved_by")),
        Column(_local_time_header(_label(YearApproval, "approved_at")), CellFormat.DATETIME),
    ]
    rows = []
    for actual in actuals:
        approval = approvals.get(actual.year)
        rows.append(
            [
                actual.indicator.serial,
                actual.indicator.name,
                actual.year,
                actual.value,
                actual.indicator.unit,
                actual.note,
                actual.evidence,
                _yes(actual.flagged),
                display_name(actual.entered_by) if actual.entered_by else None,
                excel_datetime(actual.created_at),
                excel_datetime(actual.updated_at),
                _approval_state(approval),
                display_name(approval.approved_by) if approval else None,
                excel_datetime(approval.approved_at) if approval else None,
            ]
        )
    highlights = {
        _("审定状态"): {_approval_state(True): BLUE, _approval_state(None): ORANGE},
    }
    return Table(title, columns, rows, highlights=highlights)


# 修改记录 -----------------------------------------------------------------------------


def history_table(title, scope):
    """Every recorded change in scope, oldest first: one row per changed field."""
    records = chain.from_iterable(
        _history_records(model, scope) for model in _history_models(scope)
    )
    changes = sorted(describe_changes(records), key=lambda change: change.when)
    rows = [row for change in changes for row in _change_rows(change)]
    columns = [
        Column(_local_time_header(_("时间")), CellFormat.DATETIME),
        Column(_("操作人")),
        Column(_("对象类型")),
        Column(_("对象")),
        Column(_("操作")),
        Column(_("字段")),
        Column(_("原值"), CellFormat.VALUE),
        Column(_("新值"), CellFormat.VALUE),
        Column(_("变更原因")),
    ]
    return Table(title, columns, rows)


def _history_models(scope):
    """The models whose history is in scope: an admin selection only concerns its actuals."""
    if scope.actual_ids is not None:
        return [IndicatorActual]
    return AUDITED_MODELS


def _history_records(model, scope):
    """One query per model, in a fixed order so that changes made in the same instant keep it."""
    records = model.history.all()
    if model is IndicatorActual and scope.actual_ids is not None:
        records = records.filter(id__in=scope.actual_ids)
    if scope.year is not None and model in (IndicatorActual, YearApproval, ProjectProgress):
        records = records.filter(year=scope.year)
    return records.order_by("id", "history_date", "history_id")


def _change_rows(change):
    common = [
        excel_datetime(change.when),
        # No user: a change made outside a request, e.g. the annex loader.
        display_name(change.user, unknown=_("（未记录，如命令行导入）")),
        change.model,
        change.object,
        change.action,
    ]
    if change.fields is None:
        # The whole object in one line, as the new or the last value.
        summary = _summary(change.snapshot)
        old, new = (summary, None) if change.history_type == "-" else (None, summary)
        return [[*common, _("（全部字段）"), old, new, change.reason]]
    return [
        [*common, field.label, _cell(field.old), _cell(field.new), change.reason]
        for field in change.fields
    ]


def _cell(value):
    return excel_datetime(value) if isinstance(value, datetime) else value


def _summary(snapshot):
    """`年份=2022；实际值=200` for every field with a value."""
    parts = []
    for label, value in snapshot:
        if isinstance(value, Decimal):
            value = format_decimal(value)
        elif isinstance(value, datetime):
            value = excel_datetime(value).strftime("%Y-%m-%d %H:%M:%S")
        parts.append(f"{label}={value}")
    return "；".join(parts)


# 技术创新平台 -------------------------------------------------------------------------


def platforms_table(title, platforms):
    columns = [
        Column(_label(Platform, "serial"), CellFormat.INTEGER),
        Column(_label(Platform, "name")),
        Column(_label(Platform, "level")),
        Column(_label(Platform, "platform_type")),
        Column(_label(Platform, "host_organisation")),
        Column(_("来源")),
        Column(_("状态")),
        Column(_label(Platform, "revoked_note")),
        Column(_label(Platform, "remark")),
    ]
    rows = [
        [
            platform.serial,
            platform.name,
            platform.get_level_display(),
            platform.platform_type,
            platform.host_organisation,
            _platform_source(platform),
            _("已撤销") if platform.revoked else _("有效"),
            platform.revoked_note,
            platform.remark,
        ]
        for platform in platforms
    ]
    return Table(title, columns, rows, highlights={_("状态"): {_("已撤销"): GREY}})


def _platform_source(platform):
    if platform.from_source:
        return _("附件三")
    if platform.recognised_year:
        return _("%(year)s年认定") % {"year": platform.recognised_year}
    return _("规划后认定")


# 重点项目 -----------------------------------------------------------------------------


def projects_table(title, projects):
    """Annex 4 with each year's investment; totals with and without the overlap below."""
    investment = {
        (row["project_id"], row["year"]): row["investment_completed"]
        for row in ProjectProgress.objects.values("project_id", "year", "investment_completed")
    }
    years = sorted({year for _project, year in investment})
    columns = [
        Column(_label(Project, "row"), CellFormat.INTEGER),
        Column(_label(Project, "name")),
        Column(_label(Project, "year"), CellFormat.INTEGER),
        Column(_label(Project, "nature")),
        Column(_label(Project, "total_investment"), CellFormat.MONEY),
        *(Column(_("%(year)s年完成投资（万元）") % {"year": y}, CellFormat.MONEY) for y in years),
        Column(_("累计完成投资（万元）"), CellFormat.MONEY),
        Column(_("最新状态")),
        Column(_("最新进展年份"), CellFormat.INTEGER),
        Column(_label(Project, "included_in")),
        Column(_label(Project, "remark")),
    ]
    rows = [
        [
            project.row,
            project.name,
            project.year,
            project.get_nature_display(),
            project.total_investment,
            *(investment.get((project.pk, y)) for y in years),
            project.cumulative_investment,
            ProjectStatus(project.latest_status).label if project.latest_status else None,
            project.latest_progress_year,
            project.included_in.name if project.included_in else None,
            project.remark,
        ]
        for project in projects
    ]
    blank = [None] * (len(columns) - 5)
    listed = Project.objects.filter(pk__in=[project.pk for project in projects])
    footer = [
        [None, _("合计（含重复计算）"), None, None, listed.total_investment(), *blank],
        [
            None,
            _("合计（扣除已包含于其他项目的行，如丝路之光一期）"),
            None,
            None,
            listed.total_investment_without_overlap(),
            *blank,
        ],
    ]
    highlights = {
        _("最新状态"): {status.label: fill for status, fill in PROJECT_STATUS_FILLS.items()}
    }
    return Table(title, columns, rows, footer=footer, highlights=highlights)


# 数据问题 -----------------------------------------------------------------------------


def problems_table(title, indicators, actuals, platforms, projects):
    """Source flaws (each row's remark) and the actuals flagged as outliers."""
    columns = [
        Column(_("类别")),
        Column(_("序号/行序"), CellFormat.INTEGER),
        Column(_("名称")),
        Column(_("年份"), CellFormat.INTEGER),
        Column(_("数值"), CellFormat.VALUE),
        Column(_("问题说明")),
    ]
    rows = [
        [_("指标（附件二）"), i.serial, i.name_as_written, None, None, i.remark]
        for i in indicators
        if i.remark
    ]
    rows += [
        [_("技术创新平台（附件三）"), p.serial, p.name, None, None, p.remark]
        for p in platforms
        if p.remark
    ]
    rows += [
        [_("重点项目（附件四）"), p.row, p.name, None, None, p.remark] for p in projects if p.remark
    ]
    rows += [
        [
            _("年度实际值（异常值已确认）"),
            a.indicator.serial,
            a.indicator.name,
            a.year,
            a.value,
            a.note or _("已标记为异常值"),
        ]
        for a in actuals
        if a.flagged
    ]
    return Table(title, columns, rows)
