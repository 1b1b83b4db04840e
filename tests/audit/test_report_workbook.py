import gc
import hashlib
import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl.chart import BarChart

from audit import workbook
from audit.excel import (
    CellFormat,
    Column,
    Provisional,
    ReportWorkbook,
    Table,
    data_digest,
    display_width,
    excel_number,
    write_table,
)
from audit.workbook import ReportScope, build_workbook
from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.palette import STATUS_COLOURS
from indicators.progress import Status
from indicators.services import actual_save, year_approve, year_unlock
from plans.models import Plan
from platforms.models import Platform
from projects.models import Project, ProjectProgress, ProjectStatus

from .report_data import (
    approve_year,
    change_actual,
    data_rows,
    enter_actual,
    exact,
    header_index,
    open_workbook,
)

SHEETS = [
    "封面", "指标进展", "填报明细", "修改记录", "技术创新平台", "重点项目", "数据问题", "计算口径",
    "部门考核",
]  # fmt: skip


@pytest.fixture
def reported(annexes, manager, leader):
    """Two years of figures for every indicator; 2021 approved, 2022 provisional."""
    for indicator in Indicator.objects.all():
        enter_actual(indicator.serial, 2021, indicator.baseline_value + 1, manager)
        enter_actual(indicator.serial, 2022, indicator.baseline_value + 2, manager)
    approve_year(2021, leader)


def build(scope=None, **kwargs):
    content = build_workbook(scope or ReportScope(), generated_by="审计员甲", **kwargs)
    return open_workbook(content)


def cover_facts(wb):
    return {row[0]: row[1] for row in wb["封面"].iter_rows(min_row=3, values_only=True)}


def test_the_sheets_in_order(reported):
    assert build().sheetnames == SHEETS


def test_every_indicator_row_equals_assess_for_the_chosen_year(reported, manager):
    change_actual(IndicatorActual.objects.get(indicator__serial=4, year=2022), "200", manager)
    rows = data_rows(build(ReportScope(year=2022))["指标进展"])

    indicators = list(Indicator.objects.with_actuals())
    assert [row["序号"].value for row in rows] == [i.serial for i in indicators]
    for row, indicator in zip(rows, indicators, strict=True):
        assessment = indicator.assess(2022)
        assert exact(row["2020年基期值"]) == indicator.baseline_value
        assert exact(row["2023年目标值"]) == indicator.target_value
        assert exact(row["2021年实际值"]) == indicator.actuals_by_year()[2021]
        assert exact(row["2022年实际值"]) == indicator.actuals_by_year()[2022]
        assert exact(row["比较值（累计型为逐年合计）"]) == assessment.value
        # Rates hold the unrounded quotient (to a double's precision), never a display rounding.
        assert row["目标完成率"].value == pytest.approx(float(assessment.completion_rate), 1e-15)
        assert row["增量进度"].value == pytest.approx(float(assessment.gap_closed), 1e-15)
        assert row["预期值"].value == pytest.approx(float(assessment.expected), 1e-15)
        assert row["状态"].value == assessment.status.label
    by_serial = {row["序号"].value: row for row in rows}
    assert exact(by_serial[4]["2022年实际值"]) == Decimal("200")


def test_a_cumulative_indicator_is_compared_on_its_running_sum(reported):
    Indicator.objects.filter(serial=1).update(kind="cumulative")
    rows = data_rows(build(ReportScope(year=2022))["指标进展"])
    first = Indicator.objects.with_actuals().get(serial=1)
    assert exact(rows[0]["比较值（累计型为逐年合计）"]) == first.assess(2022).value
    assert first.assess(2022).value == sum(first.actuals_by_year().values())


def test_without_a_year_progress_is_assessed_for_every_reported_year(reported):
    wb = build()
    assert cover_facts(wb)["进展评估年份"] == "2021、2022"
    rows = data_rows(wb["指标进展"])
    assert [row["评估年份"].value for row in rows] == [2021] * 13 + [2022] * 13
    # The 2021 rows hold nothing of 2022.
    assert {row["2022年实际值"].value for row in rows[:13]} == {None}


def test_no_data_yet_gives_a_workbook_of_no_data_statuses(annexes):
    wb = build()
    statuses = {row["状态"].value for row in data_rows(wb["指标进展"])}
    assert statuses == {Status.NO_DATA.label}
    assert data_rows(wb["填报明细"]) == []


def test_number_formats(reported, manager):
    ProjectProgress.objects.create(
        project=Project.objects.get(row=1),
        year=2022,
        investment_completed=Decimal("1234.5"),
        status=ProjectStatus.UNDER_CONSTRUCTION,
    )
    wb = build(ReportScope(year=2022))
    progress = data_rows(wb["指标进展"])[0]
    assert progress["目标完成率"].number_format == "0.0%"
    assert progress["增量进度"].number_format == "0.0%"
    assert progress["2020年基期值"].number_format == "#,##0"  # 37 次: a whole count
    assert isinstance(progress["增量进度"].value, float)  # a number, not "12.5%" text
    projects = data_rows(wb["重点项目"])
    assert projects[0]["总投资（万元）"].number_format == "#,##0.00"
    assert projects[0]["2022年完成投资（万元）"].number_format == "#,##0.00"
    assert exact(projects[0]["累计完成投资（万元）"]) == Decimal("1234.5")
    assert projects[0]["最新状态"].value == "在建"
    actual = data_rows(wb["填报明细"])[0]
    assert actual["首次填报时间（北京时间）"].number_format == "yyyy-mm-dd hh:mm:ss"


def test_headers_are_bold_frozen_and_filtered(reported):
    wb = build()
    for name in SHEETS[1:]:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref.startswith("A1:"), name
        assert all(cell.font.b for cell in ws[1]), name


def test_column_widths_count_chinese_characters_double():
    assert display_width("科技型企业数") == 12
    assert display_width("R&D") == 3
    assert display_width(Decimal("2174.6666666666666666666666667")) == len("2,174") + 5 + 1


def test_chinese_columns_are_wide_enough(reported):
    ws = build()["指标进展"]
    name_column = ws.column_dimensions["C"].width
    longest = max(len(i.name) for i in Indicator.objects.all())
    assert name_column >= 2 * longest


def test_status_cells_are_coloured_by_conditional_formatting(reported):
    ws = build()["指标进展"]
    status_letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header_index(ws)["状态"] - 1]
    rules = {
        rule.formula[0]: str(ranges.sqref)
        for ranges in ws.conditional_formatting
        for rule in ranges.rules
    }
    assert set(rules) == {f'"{status.label}"' for status in Status} | {'"待审定"'}
    assert rules['"已达标"'] == f"{status_letter}2:{status_letter}27"


def test_gap_closed_bar_chart_with_visible_axes(reported):
    ws = build()["指标进展"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert isinstance(chart, BarChart)
    assert chart.x_axis.delete is False
    assert chart.y_axis.delete is False
    gap_letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header_index(ws)["增量进度"] - 1]
    # The latest year's rows (2022: rows 15–27, after 2021's), charted below the table.
    assert f"${gap_letter}$15:${gap_letter}$27" in chart.series[0].val.numRef.f
    assert chart.anchor._from.row >= 27
    # Each bar in its status colour, in the table's order.
    statuses = [i.assess(2022).status for i in Indicator.objects.with_actuals()]
    bar_colours = [point.graphicalProperties.solidFill.srgbClr for point in chart.series[0].dPt]
    assert bar_colours == [STATUS_COLOURS[s].lstrip("#") for s in statuses]


def test_actuals_sheet_says_who_entered_and_who_approved(reported, manager, leader):
    rows = data_rows(build()["填报明细"])
    assert len(rows) == 26
    first_2021 = next(row for row in rows if row["年份"].value == 2021)
    first_2022 = next(row for row in rows if row["年份"].value == 2022)
    assert first_2021["首次填报人"].value == "manager"
    assert first_2021["最后修改人"].value == "manager"
    assert first_2021["版本"].value == 1
    assert first_2021["审定状态"].value == "已审定"
    assert first_2021["审定人"].value == "leader"
    assert first_2022["审定状态"].value == "待审定"
    assert first_2022["审定人"].value is None


def test_an_unlocked_year_counts_as_provisional_again(reported, sysadmin):
    YearApproval.objects.filter(year=2021).update(
        unlocked_by=sysadmin, unlocked_at=timezone.now(), unlock_reason="更正"
    )
    wb = build()
    assert cover_facts(wb)["已审定数值（条）"] == 0
    assert {r["审定状态"].value for r in data_rows(wb["填报明细"])} == {"待审定"}


def test_cover_counts_approved_and_provisional_values(reported):
    facts = cover_facts(build())
    assert facts["已审定数值（条）"] == 13
    assert facts["待审定数值（条）"] == 13
    assert facts["生成人"] == "审计员甲"
    assert facts["覆盖年份"] == "全部年份（2021–2022年）"
    assert facts["规划期"] == "2021–2023年"


def test_timestamps_are_naive_shanghai_wall_clock(reported):
    generated_at = timezone.now()
    wb = build(generated_at=generated_at)
    shanghai = timezone.localtime(generated_at, timezone.get_default_timezone())
    written = cover_facts(wb)["生成时间（北京时间）"]
    assert written.tzinfo is None
    # Excel keeps milliseconds; a UTC time would be eight hours off.
    assert abs(written - shanghai.replace(tzinfo=None)) < timedelta(seconds=1)

    actual = IndicatorActual.objects.order_by("indicator__serial", "year").first()
    row = data_rows(wb["填报明细"])[0]
    local = timezone.localtime(actual.updated_at, timezone.get_default_timezone())
    assert abs(row["最后修改时间（北京时间）"].value - local.replace(tzinfo=None)) < timedelta(
        seconds=1
    )


def test_history_shows_a_changed_values_old_and_new_value(reported, manager):
    actual = IndicatorActual.objects.get(indicator__serial=4, year=2022)
    change_actual(actual, "200", manager)
    rows = data_rows(build()["修改记录"])
    changes = [
        row
        for row in rows
        if row["操作"].value == "修改" and row["对象"].value == "4. 高新技术企业数 2022年"
    ]
    assert len(changes) == 1
    change = changes[0]
    assert change["字段"].value == "实际值"
    assert exact(change["原值"]) == Decimal("170")  # baseline 168 + 2
    assert exact(change["新值"]) == Decimal("200")
    assert change["操作人"].value == "manager"
    # The 26 creations before it are changes 1–26; a change's rows share its number.
    assert change["变更编号"].value == 27
    assert [r["变更编号"].value for r in rows[:27]] == list(range(1, 28))
    # load_annexes has no user: its changes come after people's, one row per kind and action.
    loaded = [row for row in rows if row["类别"].value == "系统导入（附件载入、命令行）"]
    assert rows[-len(loaded) :] == loaded
    assert {row["对象类型"].value for row in loaded} >= {"指标", "技术创新平台", "重点项目"}
    indicators = next(row for row in loaded if row["对象类型"].value == "指标")
    assert indicators["对象"].value.startswith("13 个对象")
    assert indicators["操作人"].value == "（无操作人）"


def test_history_records_creation_and_deletion(reported, manager):
    actual = enter_actual(5, 2023, "12", manager, note="新录入")
    actual._history_user = manager
    actual.delete()
    rows = [r for r in data_rows(build()["修改记录"]) if r["对象"].value.endswith("2023年")]
    assert [r["操作"].value for r in rows] == ["新增", "删除"]
    assert "实际值=12" in rows[0]["新值"].value
    assert "说明=新录入" in rows[1]["原值"].value


def test_history_of_a_year_leaves_other_years_out(reported, manager):
    change_actual(IndicatorActual.objects.get(indicator__serial=4, year=2021), "169", manager)
    change_actual(IndicatorActual.objects.get(indicator__serial=4, year=2022), "200", manager)
    rows = data_rows(build(ReportScope(year=2022))["修改记录"])
    changed = [r["对象"].value for r in rows if r["操作"].value == "修改"]
    assert changed == ["4. 高新技术企业数 2022年"]


def test_platforms_and_projects_sheets_hold_the_annexes(reported):
    wb = build()
    platforms = data_rows(wb["技术创新平台"])
    assert len(platforms) == Platform.objects.count() == 35
    assert platforms[6]["依托单位"].value == "新疆交通建设集团股份有限公司"  # as written
    assert platforms[6]["原文问题备注"].value
    projects = data_rows(wb["重点项目"])
    assert len(projects) == 34


def test_project_totals_with_and_without_the_overlap(reported):
    ws = build()["重点项目"]
    totals = {
        row[1].value: row[4] for row in ws.iter_rows(min_row=ws.max_row - 1, max_row=ws.max_row)
    }
    with_overlap, without = totals.values()
    assert exact(with_overlap) == Project.objects.total_investment()
    assert exact(without) == Project.objects.total_investment_without_overlap()
    assert exact(with_overlap) - exact(without) == Decimal("390000")
    assert all(cell.font.b for cell in ws[ws.max_row])


def test_data_problems_list_source_flaws_and_flagged_values(reported, manager):
    enter_actual(6, 2023, "999", manager, flagged=True, note="经核实确为 999")
    rows = data_rows(build()["数据问题"])
    categories = {row["类别"].value for row in rows}
    assert {"指标（附件二）", "技术创新平台（附件三）", "重点项目（附件四）"} <= categories
    flagged = [row for row in rows if row["类别"].value == "年度实际值（异常值已确认）"]
    assert len(flagged) == 1
    assert exact(flagged[0]["数值"]) == Decimal("999")
    assert flagged[0]["问题说明"].value == "经核实确为 999"
    remarks = sum(
        1 for model in (Indicator, Platform, Project) for _ in model.objects.exclude(remark="")
    )
    # Flaws only the whole data shows: Annex 4's title, 丝路之光 phase one's year, the
    # truncated host of Annex 3 row 4, and the reading of indicator 6.
    found = [row["问题说明"].value for row in rows if row["年份"].value is None][remarks:]
    assert len(found) == 4
    assert "创新平台情况表" in found[0]
    assert "建设年限为2027年" in found[1] and "2021年" in found[1]
    assert "新疆生产建设兵团制药工程研究" in found[2]
    assert "水平值（年末数）" in found[3]
    assert len(rows) == remarks + 4 + 1


def test_decimals_are_written_with_their_exact_value(annexes, manager):
    enter_actual(3, 2021, "47722.2", manager)
    enter_actual(3, 2022, "1234567.8912", manager)
    rows = data_rows(build()["填报明细"])
    assert [exact(row["实际值"]) for row in rows] == [Decimal("47722.2"), Decimal("1234567.8912")]


def test_a_decimal_longer_than_a_double_goes_in_as_exact_text():
    # 18 significant digits fit the model field but not a double (nor SQLite: see docs/domain.md).
    workbook = ReportWorkbook()
    table = Table("表", [Column("值", CellFormat.VALUE)], [[Decimal("12345678901234.5678")]])
    write_table(workbook, table)
    assert open_workbook(workbook.save())["表"]["A2"].value == "12345678901234.5678"


def test_awkward_text_reads_back_as_written():
    texts = ["  前后空格 ", "第一行\r\n第二行", "R&D <b>强</b>", "=1+1", "响\x07铃"]
    workbook = ReportWorkbook()
    write_table(workbook, Table("表", [Column("文本")], [[text] for text in texts]))
    cells = [row[0] for row in open_workbook(workbook.save())["表"].iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == [*texts[:4], "响铃"]
    assert {cell.data_type for cell in cells} == {"s"}


def test_cell_formats_follow_the_column_and_the_value():
    columns = [
        Column("年份", CellFormat.INTEGER),
        Column("值", CellFormat.VALUE),
        Column("说明"),
        Column("时间", CellFormat.DATETIME),
    ]
    rows = [
        [2021, Provisional(Decimal("12.5")), "短", datetime(2022, 1, 2, 3, 4, 5)],
        [2022, Decimal("7.0000"), "很长的说明" * 20, date(2022, 1, 2)],
    ]
    footer = [[None, Decimal("19.5"), "合计", None]]
    workbook = ReportWorkbook()
    write_table(workbook, Table("表", columns, rows, footer=footer))
    ws = open_workbook(workbook.save())["表"]
    first, second, total = ws[2], ws[3], ws[4]
    assert first[0].number_format == "0"
    # Provisional: italic on light orange; a value's format follows the value.
    assert first[1].number_format == "#,##0.00##"
    assert first[1].font.i and first[1].fill.fgColor.rgb == "00FDE9D9"
    assert second[1].number_format == "#,##0"
    assert not second[1].font.i and second[1].fill.fill_type is None
    assert first[2].alignment.wrap_text and first[2].alignment.vertical == "top"
    assert not first[1].alignment.wrap_text
    assert first[3].number_format == "yyyy-mm-dd hh:mm:ss"
    assert second[3].number_format == "yyyy-mm-dd"
    assert second[3].value == datetime(2022, 1, 2)
    # The long text wraps in its column (40 wide): the row is as tall as its lines.
    assert ws.column_dimensions["C"].width == 40
    assert ws.row_dimensions[2].height is None
    assert ws.row_dimensions[3].height == 15 * 6  # 200 wide in 39 a line
    assert all(cell.font.b for cell in total)
    assert total[1].number_format == "#,##0.00##"


def test_the_data_digest_is_the_sha256_of_the_tables_as_json():
    # Hashed piece by piece (batches of rows), it must equal the hash of the whole JSON text.
    columns = [Column("序号", CellFormat.INTEGER), Column("名称"), Column("值", CellFormat.VALUE)]
    rows = [
        [n, f"行{n}\n“引号”", Provisional(Decimal(n) / 3) if n % 2 else None] for n in range(1234)
    ]
    tables = [
        Table("甲", columns, rows, footer=[[None, "合计", Decimal("1.50")]]),
        Table("乙", [Column("空")], []),
    ]
    whole = json.dumps(
        [
            ["甲", ["序号", "名称", "值"], [
                [str(n), f"行{n}\n“引号”", str(Decimal(n) / 3) if n % 2 else None]
                for n in range(1234)
            ] + [[None, "合计", "1.50"]]],
            ["乙", ["空"], []],
        ],
        ensure_ascii=False,
    )  # fmt: skip
    assert data_digest(tables) == hashlib.sha256(whole.encode()).hexdigest()


def test_excel_number_keeps_short_decimals_as_numbers():
    assert excel_number(Decimal("18.0900")) == Decimal("18.09")
    assert excel_number(Decimal("123456789012345")) == Decimal("123456789012345")
    assert excel_number(Decimal("1234567890123456")) == "1234567890123456"


def test_user_text_is_never_a_formula(annexes, manager):
    enter_actual(1, 2021, "40", manager, note='=HYPERLINK("http://x")', evidence="a\x0bb")
    row = data_rows(build()["填报明细"])[0]
    assert row["说明"].data_type == "s"
    assert row["说明"].value == '=HYPERLINK("http://x")'
    assert row["数据来源/佐证"].value == "ab"  # a control character XML cannot carry


def test_an_admin_selection_limits_the_actuals_and_their_history(reported, manager):
    chosen = IndicatorActual.objects.get(indicator__serial=2, year=2022)
    change_actual(chosen, "30", manager)
    change_actual(IndicatorActual.objects.get(indicator__serial=3, year=2022), "1800", manager)
    wb = build(ReportScope(actual_ids=(chosen.pk,)))
    actuals = data_rows(wb["填报明细"])
    assert [(r["指标序号"].value, r["年份"].value) for r in actuals] == [(2, 2022)]
    history = data_rows(wb["修改记录"])
    assert {r["对象"].value for r in history} == {"2. 创新创业大赛参赛数 2022年"}
    assert cover_facts(wb)["范围"] == "后台所选的 1 条年度实际值"
    assert len(data_rows(wb["指标进展"])) == 13  # progress still covers every indicator


def _grow(start, count, manager):
    """`count` more indicators, platforms and projects, with figures, progress and changes."""
    for n in range(start, start + count):
        indicator = Indicator.objects.create(plan=Plan.objects.get(),
            serial=1000 + n,
            name_as_written=f"测试指标{n}（家）",
            name=f"测试指标{n}",
            unit="家",
            baseline_year=2020,
            baseline_value=Decimal(10),
            target_year=2023,
            target_value=Decimal(20),
            source_ref="测试",
            remark="测试备注",
        )
        for year in (2021, 2022):
            actual = enter_actual(indicator.serial, year, "12", manager, flagged=True)
            change_actual(actual, "13", manager)
        Platform.objects.create(
        plan=Plan.objects.get(),
            name=f"测试平台{n}", host_organisation="某公司", platform_type="实验室", level="市级",
            recognised_year=2022, remark="备注",
        )  # fmt: skip
        whole = Project.objects.create(plan=Plan.objects.get(),
            row=1000 + 2 * n, name=f"测试项目{n}", year=2023, nature="新建",
            total_investment=Decimal(100),
        )  # fmt: skip
        part = Project.objects.create(plan=Plan.objects.get(),
            row=1001 + 2 * n, name=f"测试项目{n}一期", year=2023, nature="新建",
            total_investment=Decimal(40), included_in=whole,
        )  # fmt: skip
        for year in (2021, 2022):
            ProjectProgress.objects.create(
                project=part, year=year, investment_completed=Decimal(5), status="在建",
                entered_by=manager,
            )  # fmt: skip


def _queries_to_build():
    with CaptureQueriesContext(connection) as captured:
        build_workbook(ReportScope(), generated_by="审计员甲")
    return len(captured.captured_queries)


# 20, and a fixed 8 for 部门考核 (units, indicators and their units, figures, items and
# their units, the year's progress, the due date).
QUERY_BOUND = 28


def test_query_count_does_not_grow_with_the_data(annexes, manager, leader):
    approve_year(2021, leader)
    _grow(0, 2, manager)
    small = _queries_to_build()
    _grow(2, 30, manager)
    large = _queries_to_build()
    assert small == large
    assert large <= QUERY_BOUND


def test_query_count_stays_within_the_bound(
    annexes, manager, leader, django_assert_max_num_queries
):
    approve_year(2021, leader)
    _grow(0, 5, manager)
    with django_assert_max_num_queries(QUERY_BOUND):
        build_workbook(ReportScope(year=2022), generated_by="审计员甲")


def test_history_through_the_entry_services_keeps_who_and_why(annexes, manager, leader, sysadmin):
    indicator = Indicator.objects.get(serial=4)
    actual = actual_save(user=manager, indicator=indicator, year=2022, value="180")
    actual_save(user=manager, indicator=indicator, year=2022, value="200", actual=actual)
    year_approve(user=leader, year=2022)
    year_unlock(user=sysadmin, year=2022, reason="更正高新技术企业数")

    rows = data_rows(build(ReportScope(year=2022))["修改记录"])
    value_change = next(r for r in rows if r["字段"].value == "实际值")
    assert (exact(value_change["原值"]), exact(value_change["新值"])) == (180, 200)
    assert value_change["操作人"].value == "manager"
    unlock = next(r for r in rows if r["字段"].value == "解锁人")
    assert unlock["对象"].value == "2022年审定"
    assert unlock["原值"].value is None
    assert unlock["新值"].value == "sysadmin"
    assert unlock["变更原因"].value == "更正高新技术企业数"
    assert cover_facts(build(ReportScope(year=2022)))["已审定数值（条）"] == 0


def test_the_cycle_collector_is_paused_for_the_build_and_restored_even_on_error(
    annexes, monkeypatch
):
    seen = []
    real_progress_table = workbook.progress_table

    def progress_table(*args):
        seen.append(gc.isenabled())
        return real_progress_table(*args)

    monkeypatch.setattr(workbook, "progress_table", progress_table)
    assert gc.isenabled()
    build_workbook(ReportScope(), generated_by="审计员甲")
    assert seen == [False]
    assert gc.isenabled()

    def failing(*args):
        raise RuntimeError("no table")

    monkeypatch.setattr(workbook, "progress_table", failing)
    with pytest.raises(RuntimeError):
        build_workbook(ReportScope(), generated_by="审计员甲")
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused(annexes):
    gc.disable()
    try:
        build_workbook(ReportScope(), generated_by="审计员甲")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_unit_scorecard_sheet_lists_every_unit_with_its_work(annexes):
    """部门考核: each responsible unit with its tasks and items; one with nothing assigned
    says so."""
    from plans.models import Plan, Unit
    from work.models import WorkItem

    plan = Plan.objects.get()
    lead = Unit.objects.create(base=plan.base, name="区科技局")
    Unit.objects.create(base=plan.base, name="区闲置局")
    WorkItem.objects.filter(plan=plan, identifier__in=["5.1", "5.2"]).update(lead_unit=lead)
    rows = {row[0]: row for row in build()["部门考核"].iter_rows(min_row=3, values_only=True)}
    assert rows["区科技局"][3] == 2
    assert rows["区闲置局"][-1] == "本规划中未分配指标或任务事项"

