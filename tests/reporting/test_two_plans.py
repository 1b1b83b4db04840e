"""Two consecutive plans on the reporting pages: 2021–2023, closed, whose 2023 was
returned once (with a reason and a comment on one indicator), given evidence and then
approved; 2024–2026 in force with 2024 entered. Every year stays with its own plan, the
ended plan's record stays readable, and 2023 is 2024–2026's baseline year, not one of
its reporting years."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.services import ActualEntry
from planning.services import plan_draft, plan_put_in_force
from plans.models import Plan, PlanState
from projects.models import ProjectProgress
from projects.services import project_progress_save
from reporting.models import Evidence, ReportingState
from reporting.services import (
    reporting_figures_save,
    reporting_year_approve,
    reporting_year_return,
    reporting_year_state,
    reporting_year_submit,
    year_fingerprint,
)
from tests.planning.test_services import draft_request
from tests.reporting.conftest import fill_work

RETURN_REASON = "第 7 项与统计年鉴不符，请核对后重新提交"
COMMENT = "请附统计年鉴页"
PDF = b"%PDF-1.4\n% 2023 statistical yearbook extract\n%%EOF\n"
PATENTS = 7


def url(name, plan=None, **kwargs):
    path = reverse(f"reporting:{name}", kwargs=kwargs or None)
    return f"{path}?plan={plan.pk}" if plan else path


@pytest.fixture
def two_plans(client, first_plan, figures_2021_2023, manager, leader):
    patents = Indicator.objects.get(plan=first_plan, serial=PATENTS)
    fill_work(manager, 2023)
    reporting_year_submit(user=manager, year=2023)
    reporting_year_return(user=leader, year=2023, reason=RETURN_REASON, comments={patents: COMMENT})
    client.force_login(manager)
    client.post(
        url("evidence_upload", first_plan, year=2023),
        {"target": f"indicator-{patents.pk}", "file": SimpleUploadedFile("年鉴摘录.pdf", PDF)},
    )
    project = first_plan.projects.order_by("row").first()
    project_progress_save(
        user=manager, project=project, year=2023, investment_completed="100", status="在建"
    )
    reporting_year_submit(user=manager, year=2023)
    reporting_year_approve(user=leader, year=2023, fingerprint=year_fingerprint(2023))

    new = plan_draft(user=manager, request=draft_request(first_plan))
    plan_put_in_force(user=leader, plan=new)
    reporting_figures_save(
        user=manager,
        year=2024,
        entries=[
            ActualEntry(indicator=i, value=i.baseline_value, key=i.serial)
            for i in Indicator.objects.of_plan(new)
        ],
    )
    client.logout()
    first_plan.refresh_from_db()
    assert first_plan.state == PlanState.CLOSED
    return SimpleNamespace(old=first_plan, new=new, evidence=Evidence.objects.get())


def test_the_manager_reaches_the_ended_plans_overview(client, manager, two_plans):
    client.force_login(manager)
    page = client.get(url("overview", two_plans.old))
    html = page.content.decode()
    assert page.context["plan"] == two_plans.old
    assert [s.year for s in page.context["summaries"]] == [2021, 2022, 2023]
    assert f"<h1>数据填报：{two_plans.old.name_with_period}</h1>" in html
    assert 'id="plan-closed"' in html
    assert 'id="year-2024"' not in html
    # The picker offers both plans; links from here keep the old plan.
    assert f'<option value="{two_plans.new.pk}"' in html
    assert f'href="/reporting/2023/review/?plan={two_plans.old.pk}"' in html


def test_the_ended_plans_2023_review_shows_the_return_the_comment_and_the_evidence(
    client, manager, two_plans
):
    client.force_login(manager)
    page = client.get(url("review", two_plans.old, year=2023))
    assert page.status_code == 200
    html = page.content.decode()
    assert page.context["plan"] == two_plans.old
    assert RETURN_REASON in html
    assert COMMENT in html
    evidence_link = reverse("reporting:evidence_download", kwargs={"pk": two_plans.evidence.pk})
    assert f'href="{evidence_link}"' in html
    assert "已审定锁定" in html
    assert client.get(evidence_link).status_code == 200
    # Without ?plan= the year finds its plan: the one whose period holds it.
    assert client.get(url("review", year=2023)).context["plan"] == two_plans.old


def test_the_ended_plans_approved_year_is_read_only(client, manager, two_plans):
    client.force_login(manager)
    page = client.get(url("entry", two_plans.old, year=2023))
    html = page.content.decode()
    assert page.context["plan"] == two_plans.old
    assert "已审定锁定" in html
    assert 'name="form-0-value"' not in html and "全部保存" not in html
    assert COMMENT in html  # the comment stays beside its indicator

    before = IndicatorActual.objects.get(indicator__serial=PATENTS, year=2023).value
    data = {"form-TOTAL_FORMS": "13", "form-INITIAL_FORMS": "13", "form-6-value": "1"}
    refused = client.post(url("entry", two_plans.old, year=2023), data)
    assert refused.status_code == 200
    assert "你的输入没有保存" in refused.content.decode()
    assert IndicatorActual.objects.get(indicator__serial=PATENTS, year=2023).value == before

    projects = client.get(url("projects", two_plans.old, year=2023)).content.decode()
    assert "已审定锁定" in projects and "全部保存" not in projects
    assert ProjectProgress.objects.get(year=2023).investment_completed == 100


def test_the_new_plans_overview_lists_its_own_years_not_its_baseline_year(
    client, manager, two_plans
):
    client.force_login(manager)
    for page in (client.get(url("overview")), client.get(url("overview", two_plans.new))):
        assert page.context["plan"] == two_plans.new
        assert [s.year for s in page.context["summaries"]] == [2024, 2025, 2026]
        html = page.content.decode()
        assert f"<h1>数据填报：{two_plans.new.name_with_period}</h1>" in html
        assert 'id="year-2023"' not in html
    review_list = client.get(url("review_list", two_plans.new))
    assert [s.year for s in review_list.context["summaries"]] == [2024, 2025, 2026]


@pytest.mark.parametrize("name", ["entry", "review", "projects", "approve", "import_upload"])
def test_a_year_not_of_the_plan_asked_for_is_not_found(client, leader, manager, name, two_plans):
    client.force_login(manager if name in ("entry", "projects", "import_upload") else leader)
    refused = client.get(url(name, two_plans.new, year=2023))
    assert refused.status_code == 404
    assert "2023 年不是所选规划的年度" in refused.content.decode()
    assert client.get(url(name, two_plans.old, year=2024)).status_code == 404
    outside = client.get(url(name, year=2019))
    assert outside.status_code == 404
    assert "2019 年不属于你可查看的任何规划" in outside.content.decode()


def test_each_year_is_entered_with_its_own_plans_indicators(client, manager, two_plans):
    client.force_login(manager)
    old_rows = client.get(url("entry", year=2022)).context["rows"]
    new_rows = client.get(url("entry", year=2024)).context["rows"]
    assert {row["indicator"].plan for row in old_rows} == {two_plans.old}
    assert {row["indicator"].plan for row in new_rows} == {two_plans.new}
    # 2024's figure, stored on the series, shows with the new plan's indicator; last year
    # is the new plan's baseline (the approved 2023 actual).
    seven = next(row for row in new_rows if row["indicator"].serial == PATENTS)
    assert seven["current"] is not None and seven["previous_label"] == "基期值"


def test_a_closed_plans_year_not_approved_is_still_entered_submitted_and_approved(
    client, manager, leader, two_plans
):
    client.force_login(manager)
    page = client.get(url("entry", two_plans.old, year=2022))
    assert 'name="form-0-value"' in page.content.decode()
    data = {f"form-{k}": v for k, v in page.context["formset"].management_form.initial.items()}
    for i, row in enumerate(page.context["rows"]):
        data[f"form-{i}-indicator_id"] = row["indicator"].pk
        data[f"form-{i}-expected_version"] = row["current"].version
        data[f"form-{i}-value"] = row["stored"]
        data[f"form-{i}-note"] = "审计更正" if row["indicator"].serial == 1 else ""
    saved = client.post(url("entry", two_plans.old, year=2022), data)
    assert saved.status_code == 302 and saved.url == url("entry", two_plans.old, year=2022)
    assert IndicatorActual.objects.get(indicator__serial=1, year=2022).note == "审计更正"
    fill_work(manager, 2022)  # the year's work too, or it is not complete

    submitted = client.post(url("submit", two_plans.old, year=2022))
    assert submitted.url == url("overview", two_plans.old)
    assert reporting_year_state(2022) == ReportingState.SUBMITTED

    client.force_login(leader)
    approved = client.post(
        url("approve", two_plans.old, year=2022), {"fingerprint": year_fingerprint(2022)}
    )
    assert approved.url == url("review_list", two_plans.old)
    assert YearApproval.objects.for_year(2022).approved_by == leader


def test_leadership_and_auditors_cannot_post_entries(client, leader, auditor, two_plans):
    stored = {a.pk: (a.value, a.version) for a in IndicatorActual.objects.all()}
    for user in (leader, auditor):
        client.force_login(user)
        for plan, year in ((two_plans.old, 2022), (two_plans.new, 2024)):
            data = {"form-TOTAL_FORMS": "13", "form-INITIAL_FORMS": "13", "form-0-value": "1"}
            assert client.post(url("entry", plan, year=year), data).status_code == 403
            assert client.post(url("submit", plan, year=year)).status_code == 403
    assert {a.pk: (a.value, a.version) for a in IndicatorActual.objects.all()} == stored


def test_an_auditor_reads_the_ended_plans_record_but_never_a_drafts_years(
    client, manager, auditor, two_plans
):
    draft = Plan.objects.create(
        base=two_plans.new.base,
        name="双创示范基地建设方案（2027—2029年）（草稿）",
        baseline_year=2026,
        first_year=2027,
        last_year=2029,
        previous=two_plans.new,
    )
    client.force_login(auditor)
    record = client.get(url("review_list", two_plans.old))
    assert record.context["plan"] == two_plans.old
    assert "填报记录" in record.content.decode()
    review = client.get(url("review", two_plans.old, year=2023)).content.decode()
    assert RETURN_REASON in review and COMMENT in review
    # A draft: not offered, not chosen when asked for, its years not found.
    asked = client.get(url("review_list", draft))
    assert asked.context["plan"] == two_plans.new and draft not in asked.context["plans"]
    assert draft.name not in asked.content.decode()
    assert client.get(url("review", year=2027)).status_code == 404
    assert client.get(url("review", draft, year=2027)).status_code == 404
    # Managers see drafts; a draft's year is shown, never offered for entry.
    client.force_login(manager)
    assert client.get(url("review", draft, year=2027)).context["plan"] == draft


def test_a_drafts_begun_year_is_shown_read_only_and_never_saved(
    client, first_plan, approved_2023, manager
):
    draft = plan_draft(user=manager, request=draft_request(first_plan))
    client.force_login(manager)
    page = client.get(url("entry", year=2024))
    html = page.content.decode()
    assert page.context["plan"] == draft
    assert "尚是草稿" in html and 'name="form-0-value"' not in html
    data = {f"form-{k}": v for k, v in page.context["formset"].management_form.initial.items()}
    data |= {"form-0-indicator_id": page.context["rows"][0]["indicator"].pk, "form-0-value": "1"}
    refused = client.post(url("entry", draft, year=2024), data)
    assert "你的输入没有保存" in refused.content.decode()
    assert not IndicatorActual.objects.filter(year=2024).exists()
