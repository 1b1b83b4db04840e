"""Every report answers for one plan (issue 19): with 2021–2023 approved and closed and
2024–2026 in force with 2024 entered, the workbook and the evaluation report of each plan
name that plan and measure its figures against its own baselines and targets.

The expected statuses and 增量进度 are computed here from each plan's indicators with
indicators/progress.py, not taken from a snapshot of an earlier download.
"""

import io
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from audit.models import ReportDownload
from display.selectors import figures_by_series, indicator_progress
from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.progress import Status, assess
from indicators.services import actual_save, year_approve
from planning.services import CarriedIndicator, DraftRequest, plan_draft, plan_put_in_force
from plans.models import Plan, PlanState

from .report_data import data_rows, exact, open_workbook

OLD_NAME = "乌鲁木齐高新区（新市区）双创示范基地建设方案（2021—2023年）"
NEW_NAME = "乌鲁木齐高新区（新市区）双创示范基地建设方案（2024—2026年）"
STATUS_LABELS = {str(status.label): status for status in Status}


def share_of_the_way(indicator, share):
    """A value `share` of the way from the indicator's baseline to its target, whole for
    whole counts."""
    value = indicator.baseline_value + (indicator.target_value - indicator.baseline_value) * share
    if indicator.baseline_value == indicator.baseline_value.to_integral_value():
        return value.to_integral_value()
    return value.quantize(Decimal("0.01"))


# 2023: odd serials past the 2023 target, even ones short of it (a mix of statuses).
SHARES = {2021: Decimal("0.3"), 2022: Decimal("0.6")}


def share_2023(indicator):
    return Decimal("1.1") if indicator.serial % 2 else Decimal("0.5")


def draft_next(old, manager):
    """2024–2026 from `old`: every indicator carried, target 1.5 × the old target."""
    carried = [
        CarriedIndicator(source=i, target=(i.target_value * Decimal("1.5")).quantize(Decimal(1)))
        for i in Indicator.objects.of_plan(old).order_by("serial")
    ]
    request = DraftRequest(
        source=old, name=NEW_NAME, first_year=2024, last_year=2026, carried=carried
    )
    return plan_draft(user=manager, request=request)


@pytest.fixture
def two_plans(annexes, manager, leader):
    """(old, new): 2021–2023 with every year approved, closed; 2024–2026 in force with
    2024 entered (provisional)."""
    old = Plan.objects.get()
    for indicator in Indicator.objects.of_plan(old):
        for year, share in (*SHARES.items(), (2023, share_2023(indicator))):
            actual_save(
                user=manager,
                indicator=indicator,
                year=year,
                value=share_of_the_way(indicator, share),
                note="测试数据",
            )
    for year in (2021, 2022, 2023):
        year_approve(user=leader, year=year)
    new = plan_put_in_force(user=leader, plan=draft_next(old, manager))
    for indicator in Indicator.objects.of_plan(new):
        actual_save(
            user=manager,
            indicator=indicator,
            year=2024,
            value=share_of_the_way(indicator, Decimal("0.2")),
            note="测试数据",
        )
    old.refresh_from_db()
    assert (old.state, new.state) == (PlanState.CLOSED, PlanState.IN_FORCE)
    return old, new


def expected_progress(plan, year):
    """{serial: (status, 增量进度)} of `plan` in `year`, from its own baselines and targets
    and its series' figures after its baseline year."""
    expected = {}
    for indicator in Indicator.objects.of_plan(plan):
        owner = indicator.series_owner
        figures = {
            a.year: a.value
            for a in IndicatorActual.objects.filter(indicator=owner)
            if indicator.baseline_year < a.year <= year
        }
        assessment = assess(indicator.goal, figures, year)
        expected[indicator.serial] = (assessment.status, as_stored(assessment.gap_closed))
    return expected


def as_stored(rate):
    """A rate as a workbook cell holds it (a double: 15 significant digits are exact)."""
    return None if rate is None else round(float(rate), 12)


def workbook_progress(wb, year):
    """{serial: (status, 增量进度)} of the 指标进展 rows of `year`."""
    return {
        row["序号"].value: (STATUS_LABELS[row["状态"].value], as_stored(exact(row["增量进度"])))
        for row in data_rows(wb["指标进展"])
        if row["评估年份"].value == year
    }


def cover_facts(wb):
    return {row[0]: row[1] for row in wb["封面"].iter_rows(min_row=3, values_only=True)}


def download(client, **query):
    response = client.get("/reports/download/", query)
    assert response.status_code == 200, response.content.decode()
    filename = unquote(response["Content-Disposition"])
    return open_workbook(response.content), filename


# The workbook -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "which, name, period, year",
    [("old", OLD_NAME, "2021–2023年", 2023), ("new", NEW_NAME, "2024–2026年", 2024)],
)
def test_each_plans_workbook_names_its_plan_and_measures_against_its_own_targets(
    client, two_plans, auditor, which, name, period, year
):
    plan = dict(zip(("old", "new"), two_plans, strict=True))[which]
    client.force_login(auditor)
    wb, filename = download(client, plan=plan.pk, year=year)
    facts = cover_facts(wb)
    assert (facts["规划"], facts["规划期"]) == (name, period)
    assert name in wb["封面"]["A1"].value
    assert name in wb["指标进展"].oddHeader.left.text  # printed above every sheet
    assert name in filename and f"{period}规划" in filename and f"-{year}年-" in filename
    expected = expected_progress(plan, year)
    assert workbook_progress(wb, year) == expected
    # Not every row the same status: the comparison could tell a wrong plan apart.
    assert len({status for status, _gap in expected.values()}) > 1
    assert ReportDownload.objects.get().plan == plan


def test_the_old_plans_2023_rows_agree_with_its_dashboard(client, two_plans, auditor):
    old, _new = two_plans
    client.force_login(auditor)
    wb, _filename = download(client, plan=old.pk, year=2023)
    indicators = Indicator.objects.of_plan(old)
    figures = figures_by_series(indicators)
    locked = YearApproval.objects.locked_years()
    dashboard = {
        i.serial: indicator_progress(i, 2023, locked, figures.get(i.series_key, [])).assessment
        for i in indicators
    }
    shown = workbook_progress(wb, 2023)
    assert shown == {s: (a.status, as_stored(a.gap_closed)) for s, a in dashboard.items()}
    assert {status for status, _gap in shown.values()} == {Status.ACHIEVED, Status.BEHIND}


def test_every_year_of_a_plan_is_its_own_years_only(client, two_plans, auditor):
    old, new = two_plans
    client.force_login(auditor)
    wb, filename = download(client, plan=old.pk)
    assert "全部年份" in filename and OLD_NAME in filename
    years = {row["评估年份"].value for row in data_rows(wb["指标进展"])}
    # 2024 is entered under the new plan; for the old one it is 规划期后 (as its dashboard).
    assert years == {2021, 2022, 2023, 2024}
    for year in (2021, 2022, 2023):
        assert workbook_progress(wb, year) == expected_progress(old, year)
    wb, _filename = download(client, plan=new.pk)
    assert {row["评估年份"].value for row in data_rows(wb["指标进展"])} == {2024}
    assert workbook_progress(wb, 2024) == expected_progress(new, 2024)
    entered = {row["年份"].value for row in data_rows(wb["填报明细"])}
    assert entered == {2024}  # the old plan's years are not the new plan's figures


def test_without_a_plan_the_workbook_is_the_plan_in_force(client, two_plans, auditor):
    _old, new = two_plans
    client.force_login(auditor)
    wb, _filename = download(client, year=2024)
    assert cover_facts(wb)["规划"] == NEW_NAME
    assert workbook_progress(wb, 2024) == expected_progress(new, 2024)


@pytest.mark.parametrize(
    "which, year, message",
    [
        ("new", 2023, "2023 年不在规划“" + NEW_NAME + "”的年份（2024–2026年）之内"),
        ("old", 2020, "2020 年不在规划“" + OLD_NAME + "”的年份（2021–2024年）之内"),
    ],
)
def test_a_year_outside_the_plan_is_refused_with_a_message(
    client, two_plans, auditor, which, year, message
):
    plan = dict(zip(("old", "new"), two_plans, strict=True))[which]
    client.force_login(auditor)
    response = client.get("/reports/download/", {"plan": plan.pk, "year": year})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportDownload.objects.exists()


def test_an_unknown_plan_is_refused_with_a_message(client, two_plans, auditor):
    client.force_login(auditor)
    response = client.get("/reports/download/", {"plan": "999", "year": 2024})
    assert response.status_code == 400
    assert "没有这个规划（或你无权查看）" in response.content.decode()


def test_the_dashboard_of_the_old_plan_exports_the_old_plan(client, two_plans, auditor):
    old, _new = two_plans
    client.force_login(auditor)
    body = client.get("/", {"plan": old.pk, "year": 2023}).content.decode()
    assert f'href="/reports/download/?plan={old.pk}&amp;year=2023"' in body
    assert f'href="/reports/download/?plan={old.pk}"' in body


def test_the_command_exports_the_plan_named_by_id_or_name(two_plans, tmp_path):
    old, new = two_plans
    out = tmp_path / "report.xlsx"
    for wanted in (str(old.pk), OLD_NAME):
        call_command(
            "export_report", "--plan", wanted, "--year", "2023", "--output", str(out),
            stdout=io.StringIO(),
        )  # fmt: skip
        wb = open_workbook(out.read_bytes())
        assert cover_facts(wb)["规划"] == OLD_NAME
        assert workbook_progress(wb, 2023) == expected_progress(old, 2023)
    call_command("export_report", "--output", str(out), stdout=io.StringIO())
    assert cover_facts(open_workbook(out.read_bytes()))["规划"] == NEW_NAME
    with pytest.raises(CommandError, match="没有这个规划"):
        call_command("export_report", "--plan", "不存在的规划", "--output", str(out))
    with pytest.raises(CommandError, match="2023 年不在规划"):
        call_command("export_report", "--plan", str(new.pk), "--year", "2023", "--output", str(out))


# The evaluation report -----------------------------------------------------------------


def evaluation(client, **query):
    return client.get("/reports/evaluation/", query)


def text_of(content):
    """The paragraphs and the table cells (the cover's facts) of a .docx."""
    document = Document(io.BytesIO(content))
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_the_final_evaluation_of_the_old_plan_names_it_and_its_period(client, two_plans, leader):
    old, _new = two_plans
    client.force_login(leader)
    response = evaluation(client, plan=old.pk)
    assert response.status_code == 200
    filename = unquote(response["Content-Disposition"])
    assert OLD_NAME in filename and "终期评估报告-2021–2023年" in filename
    text = text_of(response.content)
    assert "终期评估报告（2021–2023年）" in text and OLD_NAME in text
    expected = expected_progress(old, 2023)
    achieved = sum(1 for status, _gap in expected.values() if status == Status.ACHIEVED)
    assert f"已达标 {achieved} 项" in text


def test_a_stage_evaluation_of_the_last_year_is_a_stage_evaluation(client, two_plans, leader):
    old, _new = two_plans
    client.force_login(leader)
    response = evaluation(client, plan=old.pk, year=2023)
    assert response.status_code == 200
    filename = unquote(response["Content-Disposition"])
    assert "阶段评估报告-2023年" in filename and "终期" not in filename
    assert OLD_NAME in filename
    assert "阶段评估报告（2023年）" in text_of(response.content)


def test_the_final_evaluation_waits_for_the_plans_last_year(client, two_plans, leader):
    _old, new = two_plans
    client.force_login(leader)
    response = evaluation(client, plan=new.pk)
    assert response.status_code == 400
    assert "最后一年（2026年）尚无填报数据，还不能生成终期评估报告" in response.content.decode()
    assert not ReportDownload.objects.exists()
    body = client.get("/", {"plan": new.pk}).content.decode()
    assert "终期评估报告" not in body and "2024年阶段评估报告（Word）" in body
    stage = evaluation(client, plan=new.pk, year=2024)
    assert stage.status_code == 200
    filename = unquote(stage["Content-Disposition"])
    assert NEW_NAME in filename and "阶段评估报告-2024年" in filename


def test_the_old_plans_dashboard_offers_its_final_evaluation(client, two_plans, leader):
    old, _new = two_plans
    client.force_login(leader)
    body = client.get("/", {"plan": old.pk, "year": 2023}).content.decode()
    assert f'href="/reports/evaluation/?plan={old.pk}"' in body
    assert "2021–2023年终期评估报告（Word）" in body


def test_the_evaluation_command_takes_the_plan(two_plans, tmp_path):
    old, new = two_plans
    out = tmp_path / "report.docx"
    call_command(
        "export_evaluation", "--plan", str(old.pk), "--output", str(out), stdout=io.StringIO()
    )
    assert "终期评估报告（2021–2023年）" in text_of(out.read_bytes())
    with pytest.raises(CommandError, match="尚无填报数据"):
        call_command("export_evaluation", "--plan", str(new.pk), "--output", str(out))


def test_the_admin_action_exports_for_the_plan_filtered_on(client, two_plans, auditor):
    old, _new = two_plans
    chosen = list(IndicatorActual.objects.filter(year=2023).values_list("pk", flat=True))
    client.force_login(auditor)
    url = reverse("admin:indicators_indicatoractual_changelist")
    listed = client.get(url, {"plan": old.pk})
    assert listed.context["cl"].result_count == 13 * 4  # 2021–2023, and 2024 as 规划期后
    response = client.post(
        f"{url}?plan={old.pk}", {"action": "export_audit_report", "_selected_action": chosen}
    )
    assert response.status_code == 200
    wb = open_workbook(response.content)
    assert cover_facts(wb)["规划"] == OLD_NAME
    assert workbook_progress(wb, 2023) == expected_progress(old, 2023)
    # Without the filter: the plan in force, whose figures the 2023 ones are not.
    refused = client.post(url, {"action": "export_audit_report", "_selected_action": chosen})
    assert refused.status_code == 302
    assert ReportDownload.objects.count() == 1
