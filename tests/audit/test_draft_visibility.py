"""A draft plan is for managers and leadership only (issue 23, finding 1): the admin (lists,
object pages, filters, history) and the audit workbook follow the site's rule, so an
auditor never meets a draft's plan, indicators, targets or platforms."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_delete, actual_save, year_approve
from planning.services import CarriedIndicator, DraftRequest, NewIndicator, plan_draft
from plans.models import Plan
from platforms.models import Platform

from .report_data import data_rows, open_workbook

DRAFT_NAME = "乌鲁木齐高新区（新市区）双创示范基地建设方案（2024—2026年）"
NEW_INDICATOR = "草稿新增测试指标"


@pytest.fixture
def draft(annexes, manager, leader):
    """2021–2023 in force with 2023 approved; a draft 2024–2026 adding one indicator."""
    old = Plan.objects.get()
    indicators = list(Indicator.objects.of_plan(old).order_by("serial"))
    for indicator in indicators:
        actual_save(user=manager, indicator=indicator, year=2023, value=indicator.target_value)
    year_approve(user=leader, year=2023)
    request = DraftRequest(
        source=old,
        name=DRAFT_NAME,
        first_year=2024,
        last_year=2026,
        carried=[CarriedIndicator(source=i, target=i.target_value * 2) for i in indicators],
        added=[NewIndicator(name=f"{NEW_INDICATOR}（家）", baseline="10", target="987654")],
    )
    return plan_draft(user=manager, request=request)


def new_indicator(plan):
    return Indicator.objects.get(plan=plan, name=NEW_INDICATOR)


def admin_pages(plan):
    """Admin pages of the draft, its new indicator and one of its platforms."""
    indicator = new_indicator(plan)
    platform = Platform.objects.filter(plan=plan).first()
    record = indicator.history.first()
    return [
        reverse("admin:plans_plan_change", args=[plan.pk]),
        reverse("admin:plans_plan_history", args=[plan.pk]),
        reverse("admin:indicators_indicator_change", args=[indicator.pk]),
        reverse("admin:indicators_indicator_history", args=[indicator.pk]),
        reverse(
            "admin:indicators_indicator_simple_history", args=[indicator.pk, record.history_id]
        ),
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        reverse("admin:platforms_platform_history", args=[platform.pk]),
    ]


def test_an_auditor_meets_a_drafts_admin_pages_as_missing_ones(client, draft, auditor):
    client.force_login(auditor)
    for url in admin_pages(draft):
        response = client.get(url)
        # Django's admin sends a missing object's change page to the index with a message;
        # the history pages answer 404.
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("role", ["manager", "leader"])
def test_managers_and_leadership_see_the_drafts_admin_pages(client, draft, request, role):
    client.force_login(request.getfixturevalue(role))
    for url in admin_pages(draft):
        assert client.get(url).status_code == 200, url


def test_an_auditors_admin_lists_leave_the_draft_out(client, draft, auditor, leader):
    client.force_login(auditor)
    plans = client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert DRAFT_NAME not in plans
    indicators = client.get(reverse("admin:indicators_indicator_changelist"))
    assert NEW_INDICATOR not in indicators.content.decode()
    assert indicators.context["cl"].result_count == 13  # the plan in force's only
    platforms = client.get(
        reverse("admin:platforms_platform_changelist"), {"plan__id__exact": draft.pk}
    )
    assert platforms.status_code != 200 or platforms.context["cl"].result_count == 0
    actuals = client.get(reverse("admin:indicators_indicatoractual_changelist"))
    assert DRAFT_NAME not in actuals.content.decode()  # not in the 规划 filter either
    client.force_login(leader)
    assert DRAFT_NAME in client.get(reverse("admin:plans_plan_changelist")).content.decode()
    platforms = client.get(
        reverse("admin:platforms_platform_changelist"), {"plan__id__exact": draft.pk}
    )
    assert platforms.context["cl"].result_count == Platform.objects.filter(plan=draft).count()


def test_the_recent_changes_page_leaves_the_draft_out_for_an_auditor(
    client, draft, auditor, sysadmin
):
    url = reverse("admin:history_recent") + "?model=indicator"
    client.force_login(auditor)
    assert NEW_INDICATOR not in client.get(url).content.decode()
    client.force_login(sysadmin)
    assert NEW_INDICATOR in client.get(url).content.decode()


@pytest.mark.parametrize("role", ["auditor", "leader"])
def test_the_2023_workbook_lists_no_change_of_the_draft(client, draft, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/reports/download/", {"year": 2023})
    assert response.status_code == 200
    changes = data_rows(open_workbook(response.content)["修改记录"])
    shown = " ".join(str(cell.value) for row in changes for cell in row.values())
    assert NEW_INDICATOR not in shown and "987654" not in shown
    # The 2023 figures' own history is there: the sheet is not simply empty.
    assert "2023年" in shown


def test_an_auditor_cannot_download_the_drafts_workbook(client, draft, auditor, leader, sysadmin):
    client.force_login(auditor)
    response = client.get("/reports/download/", {"plan": draft.pk})
    assert response.status_code == 400
    assert "没有这个规划（或你无权查看）" in response.content.decode()
    client.force_login(leader)
    response = client.get("/reports/download/", {"plan": draft.pk})
    assert response.status_code == 200
    facts = open_workbook(response.content)["封面"]
    assert any(row[1] == DRAFT_NAME for row in facts.iter_rows(min_row=3, values_only=True))
    # The download record names the draft: the auditor's list of downloads leaves it out.
    downloads = reverse("admin:audit_reportdownload_changelist")
    client.force_login(sysadmin)
    assert DRAFT_NAME in client.get(downloads).content.decode()
    client.force_login(auditor)
    listed = client.get(downloads)
    assert listed.context["cl"].result_count == 0
    assert DRAFT_NAME not in listed.content.decode()


def test_an_auditor_sees_no_draft_in_the_actuals_api(api_client, draft, auditor, manager):
    # A figure of the draft's own new indicator (entered while it is a draft, e.g. by a
    # script): the API shows it only to those who may see drafts.
    indicator = new_indicator(draft)

    actual = IndicatorActual.objects.create(
        indicator=indicator, year=2024, value=Decimal("11"), entered_by=manager
    )
    assert api_client(auditor).get(f"/api/v1/actuals/{actual.pk}/").status_code == 404
    assert api_client(manager).get(f"/api/v1/actuals/{actual.pk}/").status_code == 200
    listed = api_client(manager).get("/api/v1/actuals/", {"plan": draft.pk}).json()
    assert listed["plan"]["name"] == DRAFT_NAME
    assert [row["id"] for row in listed["results"]] == [actual.pk]


def test_a_deleted_figure_stays_in_the_auditors_history(client, draft, auditor, manager):
    indicator = Indicator.objects.get(plan=draft.previous, serial=2)
    figure = actual_save(user=manager, indicator=indicator, year=2022, value="20")
    actual_delete(user=manager, actual=figure)
    client.force_login(auditor)
    page = client.get(reverse("admin:history_recent") + "?model=indicatoractual")
    deleted = [c for c in page.context["changes"] if c["action"] == "删除"]
    assert [c["object"] for c in deleted] == [f"2. {indicator.name} 2022年"]
