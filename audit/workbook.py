"""The auditors' Excel workbook: one file that stands on its own, and prints.

Eight sheets: cover, indicator progress, yearly actuals, change history, platforms,
projects, data problems and definitions, each set up to print (audit/excel.py). Every
progress number comes from `assess()` (indicators/progress.py, what `Indicator.assess()`
returns) and every project total from the project queryset; this module only places them
in cells. The data is read with a fixed number of queries whatever its size: the workbook
is built in one pass from what those queries return. At 100x the data (about 390,000
cells) that pass has to stay cheap per cell: labels are translated once per table, not
once per row, and the cells are written by audit/excel.py as text.
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from importlib import metadata
from itertools import chain

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from core.numbers import format_decimal
from core.people import display_name
from display.scorecard import unit_scorecard
from indicators.models import ApprovalState, Indicator, IndicatorActual, YearApproval
from indicators.palette import STATUS_COLOURS
from indicators.progress import IndicatorKind, Status, assess
from plans.models import Plan
from platforms.models import Platform
from projects.models import Project, ProjectProgress, ProjectStatus

from .definitions import DEFINITIONS
from .excel import (
    CellFormat,
    Column,
    Provisional,
    ReportWorkbook,
    Table,
    add_bar_chart,
    data_digest,
    excel_datetime,
    tint,
    write_cover,
    write_table,
)
from .history import AUDITED_MODELS, describe_changes
from .plan_period import current_plan_period
from .source_flaws import source_flaws

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

    def includes_platform(self, platform):
        """A one-year report leaves out the platforms recognised after its year."""
        return self.year is None or not platform.recognised_year or (
            platform.recognised_year <= self.year
        )

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
        _("计算口径"),
        _("部门考核"),
    ]


def report_filename(scope, generated_at):
    years = str(scope.year) if scope.year else _("全部年份")
    stamp = excel_datetime(generated_at).strftime("%Y%m%d-%H%M")
    return _("双创示范基地审计报表-%(years)s-%(stamp)s.xlsx") % {"years": years, "stamp": stamp}


def app_name():
    """The app as the workbook's creator: its name and version (pyproject.toml)."""
    try:
        version = metadata.version("shuangchuang-dashboard")
    except metadata.PackageNotFoundError:
        version = "?"
    return _("双创示范基地指标看板 %(version)s") % {"version": version}


def build_workbook(scope, *, generated_by, generated_at=None):
    """The whole workbook as .xlsx bytes, always in the site's language (it is filed)."""
    generated_at = generated_at or timezone.now()
    with translation.override(settings.LANGUAGE_CODE), _cycle_collection_paused():
        plan = Plan.objects.current()
        period = current_plan_period(plan)
        indicators = list(Indicator.objects.with_actuals().of_plan(plan).order_by("serial"))
        actuals = list(scope.actuals())
        approvals = {
            approval.year: approval
            for approval in YearApproval.objects.active().select_related("approved_by")
        }
        locked_years = set(approvals)
        # A queryset, read once when first listed: the project sheet's totals are asked of
        # the database over these very rows (a list of 3,400 ids to filter by costs more).
        projects = Project.objects.filter(plan=plan).select_related("included_in").order_by("row")
        platforms = [
            p for p in Platform.objects.filter(plan=plan) if scope.includes_platform(p)
        ]
        years = _assessment_years(scope, actuals, period)
        changes = _changes(scope)

        names = sheet_names()
        heading = _("%(base)s 建设指标审计报表") % {"base": period.base_name}
        progress = progress_table(names[1], indicators, years, locked_years)
        tables = [
            progress,
            actuals_table(names[2], actuals, approvals, _first_entries(scope)),
            history_table(names[3], changes),
            platforms_table(names[4], platforms),
            projects_table(names[5], projects, scope, locked_years),
            problems_table(names[6], indicators, actuals, platforms, projects),
            definitions_table(names[7], progress, period),
            unit_scorecard_table(names[8], plan, years[-1], locked_years),
        ]

        workbook = ReportWorkbook()
        workbook.properties.title = heading
        workbook.properties.creator = app_name()
        workbook.properties.subject = period.name if period else ""
        write_cover(
            workbook,
            names[0],
            heading,
            _cover_facts(
                scope, period, years, actuals, approvals, changes, tables, generated_by,
                generated_at,
            ),  # fmt: skip
        )
        latest = range(len(progress.rows) - len(indicators), len(progress.rows))
        add_bar_chart(
            write_table(workbook, progress, heading),
            progress,
            category_header=_("指标名称"),
            value_header=_("增量进度"),
            title=_("%(year)s年各指标增量进度") % {"year": years[-1]},
            bar_colours=[STATUS_COLOURS[i.assess(years[-1]).status] for i in indicators],
            rows=latest,
        )
        for table in tables[1:]:
            write_table(workbook, table, heading)

        return workbook.save()


@contextmanager
def _cycle_collection_paused():
    """Python's cycle collector paused while the workbook is built.

    The build creates a few hundred thousand objects that all live until it returns (the
    rows read, the tables); as they pile up the collector walks them again and again, for
    nothing: a sixth of the build time at 100x the data. Nothing is garbage before the
    end, so peak memory is the same. The pause is process-wide (other threads' cycles wait
    too, for about a second) and always ends, even on an error; when builds overlap, the
    one that paused the collector restarts it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _assessment_years(scope, actuals, period):
    """The years assessed: the chosen year; else every year reported (the admin selection's
    years); else the plan's last year."""
    if scope.year is not None:
        return [scope.year]
    reported = sorted({actual.year for actual in actuals})
    if reported:
        return reported
    return [period.last_year if period else timezone.localdate().year]


def _label(model, field_name):
    return str(model._meta.get_field(field_name).verbose_name)


# Labels are looked up once per table, not once per row: at 100x the data a lazy label
# (a choice's `.label`, `get_FOO_display()`) translated per cell cost a second.


def _choice_labels(model, field_name):
    """{stored value: label as text} of a choice field."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def _member_labels(choices):
    """{member: label as text} of a choices class (a member equals its stored value)."""
    return {member: str(member.label) for member in choices}


def _yes_texts():
    """{flag: text} for a yes/no column: 是, or empty."""
    return {True: _("是"), False: ""}


def _local_time_header(text):
    return _("%(label)s（北京时间）") % {"label": text}


def _approval_state(approval, labels):
    """已审定 or 待审定 (`labels`: `_member_labels(ApprovalState)`)."""
    return labels[ApprovalState.APPROVED if approval else ApprovalState.PROVISIONAL]


def _marked(value, approved):
    """A figure as written: marked `Provisional` unless its year is approved."""
    return value if approved or value is None else Provisional(value)


# 封面 ---------------------------------------------------------------------------------


def _cover_facts(
    scope, period, years, actuals, approvals, changes, tables, generated_by, generated_at
):
    reported = sorted({actual.year for actual in actuals})
    if scope.year is not None:
        covered = _("%(year)s年（不含以后年份的数据）") % {"year": scope.year}
    elif reported:
        covered = _("全部年份（%(first)s–%(last)s年）") % {
            "first": reported[0],
            "last": reported[-1],
        }
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
        for y in reported
    )
    cutoff = max((change.when for change in changes), default=None)
    facts = [
        (_("示范基地"), period.base_name if period else ""),
        (_("规划期"), period.label if period else ""),
        (_("依据文件"), period.source_document if period else ""),
        (_local_time_header(_("生成时间")), excel_datetime(generated_at)),
        (_("生成人"), generated_by),
        (_("生成程序"), app_name()),
        (_local_time_header(_("数据截至")), excel_datetime(cutoff) if cutoff else _("暂无数据")),
        (_("覆盖年份"), covered),
        (_("范围"), extent),
        (_("进展评估年份"), "、".join(str(y) for y in years)),
        (_("已审定数值（条）"), approved),
        (_("待审定数值（条）"), len(actuals) - approved),
        (_("审定情况"), approval_notes or _("暂无填报")),
        (
            _("说明"),
            _(
                "时间均为北京时间（Asia/Shanghai），Excel 不记录时区。"
                "单元格保存原始数值，百分比等只在显示时取整。"
                "完成率、增量进度和状态由系统统一的进度算法计算，与看板一致，口径见“计算口径”表。"
                "待审定的数值以斜体、浅橙色底标出，并在“审定状态”列注明。"
            ),
        ),
        (_("数据指纹（SHA-256）"), data_digest(tables)),
        (None, None),
        (_("控制数"), _("各表行数及合计，用于核对打印件或副本是否完整：")),
    ]
    for table in tables:
        count, total = table.control_total()
        text = _("%(count)s 行") % {"count": count}
        if total is not None:
            text += _("；“%(column)s”合计 %(total)s") % {
                "column": table.total_header,
                "total": format_decimal(total, grouped=True),
            }
        facts.append((table.title, text))
    facts += [
        (None, None),
        (_("编制人"), _("签字：____________　　日期：____年__月__日")),
        (_("审核人"), _("签字：____________　　日期：____年__月__日")),
        (_("审定人"), _("签字：____________　　日期：____年__月__日")),
    ]
    return facts


# 指标进展 -----------------------------------------------------------------------------


def progress_table(title, indicators, years, locked_years):
    """One row per indicator and assessed year: plan, actuals up to that year, and its
    `assess(year)` unchanged; a figure of a year not approved is marked provisional."""
    actual_years = sorted(
        {a.year for i in indicators for a in i.series_actuals() if a.year <= years[-1]}
        | set(years)
    )
    baseline_years = {i.baseline_year for i in indicators}
    target_years = {i.target_year for i in indicators}
    columns = [
        Column(_("评估年份"), CellFormat.INTEGER),
        Column(_("序号"), CellFormat.INTEGER),
        Column(_("指标名称")),
        Column(_("单位")),
        Column(_("指标类型")),
        Column(_year_header(baseline_years, _("基期值")), CellFormat.VALUE),
        *(Column(_("%(year)s年实际值") % {"year": y}, CellFormat.VALUE) for y in actual_years),
        Column(_year_header(target_years, _("目标值")), CellFormat.VALUE),
        Column(_("比较值（累计型为逐年合计）"), CellFormat.VALUE),
        Column(_("审定状态")),
        Column(_("预期值"), CellFormat.VALUE, computed=True),
        Column(_("目标完成率"), CellFormat.RATE, computed=True),
        Column(_("增量进度"), CellFormat.RATE, computed=True),
        Column(_("状态")),
        Column(_("规划期后")),
    ]
    kinds, statuses = _member_labels(IndicatorKind), _member_labels(Status)
    states, yes = _member_labels(ApprovalState), _yes_texts()
    # Each indicator's goal and actuals once, not once per assessed year.
    series = [(i, i.goal, i.actuals_by_year()) for i in indicators]
    rows = []
    for year in years:
        for indicator, goal, by_year in series:
            # What Indicator.assess(year) returns, from the actuals read once above.
            assessment = assess(goal, by_year, year)
            state = indicator.approval_state(year, locked_years)
            rows.append(
                [
                    year,
                    indicator.serial,
                    indicator.name,
                    indicator.unit,
                    kinds[indicator.kind],
                    indicator.baseline_value,
                    *(
                        _marked(by_year.get(y), y in locked_years) if y <= year else None
                        for y in actual_years
                    ),
                    indicator.target_value,
                    _marked(assessment.value, state == ApprovalState.APPROVED),
                    states[state] if assessment.value is not None else None,
                    assessment.expected,
                    assessment.completion_rate,
                    assessment.gap_closed,
                    statuses[assessment.status],
                    yes[assessment.post_plan],
                ]
            )
    highlights = {
        _("状态"): {statuses[status]: tint(colour) for status, colour in STATUS_COLOURS.items()},
        _("审定状态"): {states[ApprovalState.PROVISIONAL]: ORANGE},
    }
    return Table(
        title, columns, rows, highlights=highlights, total_header=_("比较值（累计型为逐年合计）")
    )


def _year_header(years, label):
    """`2020年基期值` when every indicator shares the year, else just `基期值`."""
    if len(years) == 1:
        return _("%(year)s年%(label)s") % {"year": next(iter(years)), "label": label}
    return label


# 填报明细 -----------------------------------------------------------------------------


def _first_entries(scope):
    """{actual id: its creation record (who first entered it, when)} for the actuals in
    `scope`, in one query (the actuals named by a subquery, not by a list of ids)."""
    in_scope = scope.actuals().order_by().values("pk")
    records = (
        IndicatorActual.history.filter(id__in=in_scope, history_type="+")
        .select_related("history_user")
        .order_by("history_date")
    )
    first = {}
    for record in records:
        first.setdefault(record.id, record)
    return first


def actuals_table(title, actuals, approvals, first_entries):
    columns = [
        Column(_("指标序号"), CellFormat.INTEGER),
        Column(_("指标名称")),
        Column(_label(IndicatorActual, "year"), CellFormat.INTEGER),
        Column(_label(IndicatorActual, "value"), CellFormat.VALUE),
        Column(_("单位")),
        Column(_label(IndicatorActual, "note")),
        Column(_label(IndicatorActual, "evidence")),
        Column(_label(IndicatorActual, "flagged")),
        Column(_("首次填报人")),
        Column(_local_time_header(_("首次填报时间")), CellFormat.DATETIME),
        Column(_("最后修改人")),
        Column(_local_time_header(_label(IndicatorActual, "updated_at")), CellFormat.DATETIME),
        Column(_label(IndicatorActual, "version"), CellFormat.INTEGER),
        Column(_("最后一次保存的来源")),
        Column(_("审定状态")),
        Column(_label(YearApproval, "approved_by")),
        Column(_local_time_header(_label(YearApproval, "approved_at")), CellFormat.DATETIME),
    ]
    unrecorded = _("（未记录）")
    states, yes = _member_labels(ApprovalState), _yes_texts()
    channels = _choice_labels(IndicatorActual, "entered_via")
    rows = []
    for actual in actuals:
        approval = approvals.get(actual.year)
        first = first_entries.get(actual.pk)
        rows.append(
            [
                actual.indicator.serial,
                actual.indicator.name,
                actual.year,
                _marked(actual.value, approval is not None),
                actual.indicator.unit,
                actual.note,
                actual.evidence,
                yes[actual.flagged],
                display_name(first.history_user, unknown=unrecorded) if first else unrecorded,
                excel_datetime(first.history_date if first else actual.created_at),
                display_name(actual.entered_by, unknown=unrecorded),
                excel_datetime(actual.updated_at),
                actual.version,
                _entry_channel(actual, channels) or unrecorded,
                _approval_state(approval, states),
                display_name(approval.approved_by) if approval else None,
                excel_datetime(approval.approved_at) if approval else None,
            ]
        )
    highlights = {
        _("审定状态"): {
            _approval_state(True, states): BLUE,
            _approval_state(None, states): ORANGE,
        },
    }
    return Table(
        title,
        columns,
        rows,
        highlights=highlights,
        total_header=_label(IndicatorActual, "value"),
    )


def _entry_channel(actual, labels):
    """`Excel 导入（indicators-2022.xlsx）`, `填报页面`, `接口（API）`…; "" when not recorded
    (figures saved before the channel was kept). `labels`: the channels' labels."""
    if not actual.entered_via:
        return ""
    label = labels.get(actual.entered_via, actual.entered_via)
    if actual.entered_from_file:
        return _("%(label)s（%(file)s）") % {"label": label, "file": actual.entered_from_file}
    return label


# 修改记录 -----------------------------------------------------------------------------


def _changes(scope):
    """Every recorded change in scope, oldest first."""
    records = chain.from_iterable(
        _history_records(model, scope) for model in _history_models(scope)
    )
    return sorted(describe_changes(records), key=lambda change: change.when)


def history_table(title, changes):
    """People's changes first, one row per changed field, the rows of one save sharing a
    change number; then the changes made without a user (the annex loader, commands), one
    row per kind of object and action and day, since their content is in the annex sheets."""
    people = [change for change in changes if change.user is not None]
    machine = [change for change in changes if change.user is None]
    rows = [
        row
        for number, change in enumerate(people, start=1)
        for row in _change_rows(number, change)
    ]
    rows += _loader_rows(len(people), machine)
    columns = [
        Column(_("变更编号"), CellFormat.INTEGER),
        Column(_("类别")),
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


def _change_rows(number, change):
    common = [
        number,
        _("人员操作"),
        excel_datetime(change.when),
        display_name(change.user),
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


def _loader_rows(numbered, changes):
    """One row per (kind of object, action, day) of the changes no user made."""
    groups = {}
    for change in changes:
        key = (change.model, change.action, excel_datetime(change.when).date())
        groups.setdefault(key, []).append(change)
    return [
        [
            numbered + index,
            _("系统导入（附件载入、命令行）"),
            excel_datetime(group[0].when),
            _("（无操作人）"),
            model,
            _("%(count)s 个对象，如“%(first)s”") % {"count": len(group), "first": group[0].object},
            action,
            _("（全部字段，内容见各附件表）"),
            None,
            None,
            group[0].reason,
        ]
        for index, ((model, action, _day), group) in enumerate(groups.items(), start=1)
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
    levels = _choice_labels(Platform, "level")
    validity = {True: _("已撤销"), False: _("有效")}
    source = _PlatformSource()
    rows = [
        [
            platform.serial,
            platform.name,
            levels.get(platform.level, platform.level),
            platform.platform_type,
            platform.host_organisation,
            source(platform),
            validity[platform.revoked],
            platform.revoked_note,
            platform.remark,
        ]
        for platform in platforms
    ]
    return Table(title, columns, rows, highlights={_("状态"): {validity[True]: GREY}})


class _PlatformSource:
    """A platform's 来源: 附件三, `2022年认定`, or 规划后认定 (each wording translated once)."""

    def __init__(self):
        self.annex, self.after_plan = _("附件三"), _("规划后认定")
        self.recognised = _("%(year)s年认定")

    def __call__(self, platform):
        if platform.from_source:
            return self.annex
        if platform.recognised_year:
            return self.recognised % {"year": platform.recognised_year}
        return self.after_plan


# 重点项目 -----------------------------------------------------------------------------


def projects_table(title, projects, scope, locked_years):
    """Annex 4 with each year's investment (up to the report's year); totals with and
    without the overlap below. `projects`: a queryset of the projects listed."""
    progress = ProjectProgress.objects.values_list(
        "project_id", "year", "investment_completed", "status"
    ).order_by("year")
    if scope.year is not None:
        progress = progress.filter(year__lte=scope.year)
    investment, latest = {}, {}
    # Read as a stream: at 100x the data its 34,000 rows need not be in memory at once.
    for project_id, year, invested, status in progress.iterator():
        investment[project_id, year] = invested
        latest[project_id] = (year, status)  # ordered by year: the last one stays
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
    natures, statuses = _choice_labels(Project, "nature"), _member_labels(ProjectStatus)
    rows = []
    for project in projects:
        done = [investment.get((project.pk, y)) for y in years]
        last = latest.get(project.pk)
        rows.append(
            [
                project.row,
                project.name,
                project.year,
                natures.get(project.nature, project.nature),
                project.total_investment,
                *(_marked(v, y in locked_years) for v, y in zip(done, years, strict=True)),
                _marked(
                    sum((v for v in done if v is not None), Decimal(0)) if last else None,
                    all(y in locked_years for y, v in zip(years, done, strict=True) if v),
                ),
                statuses[last[1]] if last else None,
                last[0] if last else None,
                project.included_in.name if project.included_in else None,
                project.remark,
            ]
        )
    blank = [None] * (len(columns) - 5)
    footer = [
        [None, _("合计（含重复计算）"), None, None, projects.total_investment(), *blank],
        [
            None,
            _("合计（扣除已包含于其他项目的行，如丝路之光一期）"),
            None,
            None,
            projects.total_investment_without_overlap(),
            *blank,
        ],
    ]
    highlights = {
        _("最新状态"): {statuses[status]: fill for status, fill in PROJECT_STATUS_FILLS.items()}
    }
    return Table(
        title,
        columns,
        rows,
        footer=footer,
        highlights=highlights,
        total_header=_label(Project, "total_investment"),
    )


# 数据问题 -----------------------------------------------------------------------------


def problems_table(title, indicators, actuals, platforms, projects):
    """Source flaws (each row's remark, then those only the whole data shows) and the
    actuals flagged as outliers."""
    columns = [
        Column(_("类别")),
        Column(_("序号/行序"), CellFormat.INTEGER),
        Column(_("名称")),
        Column(_("年份"), CellFormat.INTEGER),
        Column(_("数值"), CellFormat.VALUE),
        Column(_("问题说明")),
    ]
    rows = [
        [category, key, name, None, None, text]
        for category, key, name, text in source_flaws(indicators, platforms, projects)
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


# 计算口径 -----------------------------------------------------------------------------


def definitions_table(title, progress, period):
    """Every rate and the status rule in words (audit/definitions.py) and as an Excel
    formula over the 指标进展 sheet's first row, so a reader can recompute any cell."""
    letters = {
        column.header: get_column_letter(index)
        for index, column in enumerate(progress.columns, start=1)
    }
    ref = {
        key: f"'{progress.title}'!{letters[header]}2"
        for key, header in (
            ("year", _("评估年份")),
            ("value", _("比较值（累计型为逐年合计）")),
            ("expected", _("预期值")),
        )
    }
    baseline = next(h for h in letters if h.endswith(_("基期值")))
    target = next(h for h in letters if h.endswith(_("目标值")))
    ref["base"] = f"'{progress.title}'!{letters[baseline]}2"
    ref["target"] = f"'{progress.title}'!{letters[target]}2"
    baseline_year = period.baseline_year if period else 0
    plan_span = str(period.last_year - period.baseline_year) if period else "1"
    span = f"({{year}}-{baseline_year})"
    formulas = {
        _("预期值"): "={base}+({target}-{base})*" + span + "/" + plan_span,
        _("目标完成率"): "={value}/{target}",
        _("增量进度"): "=({value}-{base})/({target}-{base})",
        _("状态"): (
            '=IF({value}>={target},"已达标",IF({value}>={expected},"按期推进",'
            'IF({value}>={base},"进度滞后","低于基线")))'
        ),
        _("年均增长率（已实现）"): "=({value}/{base})^(1/" + span + ")-1",
        _("年均增长率（规划所需）"): "=({target}/{base})^(1/" + plan_span + ")-1",
        _("年均增量（当前速度）"): "=({value}-{base})/" + span,
        _("按当前速度达标年份"): (
            "={year}+ROUNDUP(({target}-{value})/(({value}-{base})/" + span + "),0)"
        ),
    }
    columns = [
        Column(_("名称")),
        Column(_("定义")),
        Column(_("Excel 公式（以指标进展第 2 行为例）")),
    ]
    rows = [
        [str(name), str(words), formulas[name].format(**ref) if name in formulas else None]
        for name, words in ((str(n), w) for n, w in DEFINITIONS)
    ]
    rows.append(
        [
            _("说明"),
            _(
                "公式以越高越好的指标为例；越低越好的指标比较方向相反，目标完成率为 目标值÷比较值。"
                "基期年份、目标年份见“指标进展”表头。"
            ),
            None,
        ]
    )
    return Table(title, columns, rows)


def unit_scorecard_table(title, plan, year, locked_years):
    """部门考核: per responsible unit, in the report's (last) year, its indicators' and
    tasks' statuses and whether it reported on time (display/scorecard.py, the same
    numbers as the scorecard page)."""
    on_time = {True: _("按时"), False: _("逾期"), None: _("未判定")}
    columns = [
        Column(_("责任单位")),
        Column(_("指标数"), CellFormat.INTEGER),
        Column(_("指标进度")),
        Column(_("任务事项数"), CellFormat.INTEGER),
        Column(_("任务事项状态")),
        Column(_("已填报"), CellFormat.INTEGER),
        Column(_("截止日期"), CellFormat.DATE),
        Column(_("按时填报")),
        Column(_("逾期天数"), CellFormat.INTEGER),
        Column(_("说明")),
    ]
    rows = []
    today = timezone.localdate()
    scores = [] if plan is None else unit_scorecard(plan, year, today, locked_years)
    for score in scores:
        timely = score.timeliness
        rows.append(
            [
                score.unit.name,
                len(score.indicators),
                "；".join(f"{label} {n}" for label, n in score.indicator_counts.items()),
                score.work_total,
                "；".join(f"{c.label} {c.count}" for c in score.work_counts if c.count),
                timely.reported,
                timely.due,
                on_time[timely.on_time] if timely.total else "",
                timely.days_late,
                "" if score.assigned else _("本规划中未分配指标或任务事项"),
            ]
        )
    return Table(
        title,
        columns,
        rows,
        highlights={_("按时填报"): {on_time[False]: ORANGE}},
    )
