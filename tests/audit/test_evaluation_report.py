"""The evaluation report (.docx): read back, its numbers and sentences match the data."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from audit.evaluation import build_evaluation
from audit.models import ReportDownload
from audit.plan_period import current_plan_period
from audit.report_docx import build_report, rate
from indicators.models import Indicator, IndicatorActual
from indicators.progress import Status, round_rate

from .demo_figures import enter_demo_figures


@pytest.fixture
def demo(annexes, manager, leader):
    enter_demo_figures(manager, leader)


def text_of(content):
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    return document, "\n".join(paragraphs), tables


def test_plan_period_comes_from_the_indicators(annexes):
    period = current_plan_period()
    assert (period.baseline_year, period.first_year, period.last_year) == (2020, 2021, 2023)


def test_a_stage_report_counts_statuses_and_names_the_indicators(demo):
    evaluation = build_evaluation(current_plan_period(), 2021)
    document, text, tables = text_of(build_report(evaluation))
    assert "阶段评估报告" in document.paragraphs[0].text
    # Demo figures for 2021: 1 achieved, 6 on track, 5 behind, 1 below the baseline.
    assert "13项指标中，已达标 1 项（科技平台数），按期推进 6 项（" in text
    assert "进度滞后 5 项（创新创业大赛参赛数、科技型企业数、新增上市企业数" in text
    assert "低于基线 1 项（区内创新创业孵化平台载体数）" in text
    assert "本报告所用2021年数据均已审定。" in text
    # 2022 is in the database but not in a 2021 report.
    assert "2022" not in " ".join(tables[1][0])
    row_4 = next(r for r in tables[1] if r[0] == "4")
    assessment = Indicator.objects.with_actuals().get(serial=4).assess(2021)
    assert row_4[3:] == ["168", "190", "234", rate(assessment.completion_rate),
                         rate(assessment.gap_closed), Status.ON_TRACK.label]  # fmt: skip


def test_growth_and_pace_are_stated_per_indicator(demo):
    evaluation = build_evaluation(current_plan_period(), 2022)
    _document, text, _tables = text_of(build_report(evaluation))
    # 高新技术企业数 215 in 2022 from 168 in 2020; 234 needed in 2023.
    growth = (Decimal(215) / Decimal(168)) ** (Decimal(1) / Decimal(2)) - 1
    assert f"基期以来年均增长 {round_rate(growth)}%，规划所需年均增长 11.7%" in text
    # 23.5 a year since 2020: 234 reached in 2023.
    assert "按当前速度预计2023年达标" in text
    # 区内创新创业孵化平台载体数: 27 in 2022 from 26, 0.5 a year: 2 more takes 4 years.
    assert "按当前速度规划期内无法达标" in text
    assert "其中 13 项指标的数据尚待审定" in text


def test_the_final_report_assesses_the_plans_last_year(demo):
    evaluation = build_evaluation(current_plan_period())
    assert evaluation.final and evaluation.year == 2023
    _document, text, _tables = text_of(build_report(evaluation))
    assert "暂无数据 13 项" in text  # no 2023 figures in the demo
    # The plan has ended: no projection.
    assert "按当前速度预计" not in text and "按当前速度规划期内无法达标" not in text


def test_projects_platforms_and_notes(demo):
    _document, text, _tables = text_of(build_report(build_evaluation(current_plan_period(), 2022)))
    assert "直接求和为 3,786,980.2 万元，扣除后为 3,396,980.2 万元" in text
    # 2021 + 2022 of rows 1, 2, 5 and 32; row 16 (phase one) is inside row 32.
    assert "截至2022年累计完成投资 282,000 万元（含待审定数据）" in text
    assert "附件三所列平台 35 个" in text
    assert "增量进度：" in text and "创新平台情况表" in text


def test_the_report_has_a_chart_per_indicator(demo):
    document, _text, _tables = text_of(build_report(build_evaluation(current_plan_period(), 2021)))
    assert len(document.inline_shapes) == IndicatorActual.objects.filter(year=2021).count() == 13


def test_download_for_leadership_and_managers_is_recorded(demo, client, leader, auditor):
    client.force_login(leader)
    response = client.get("/reports/evaluation/?year=2022")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert ReportDownload.objects.get().requested_by == leader
    client.force_login(auditor)
    assert client.get("/reports/evaluation/?year=2022").status_code == 403


@pytest.mark.parametrize(
    "query, message",
    [("year=2019", "评估年份 2019 不在规划期 2021–2023年 之内。"), ("year=abc", "四位数字")],
)
def test_a_year_outside_the_plan_is_refused(annexes, client, manager, query, message):
    client.force_login(manager)
    response = client.get(f"/reports/evaluation/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportDownload.objects.exists()


def test_the_command_writes_the_report(demo, tmp_path):
    out = tmp_path / "r.docx"
    call_command("export_evaluation", "--year", "2021", "--output", str(out), stdout=io.StringIO())
    assert "阶段评估" in Document(out).paragraphs[0].text
    with pytest.raises(CommandError, match="不在规划期"):
        call_command("export_evaluation", "--year", "2030", "--output", str(out))
