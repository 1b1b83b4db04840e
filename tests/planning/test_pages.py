"""The plan pages as people use them: a manager drafts 2024–2026, a leader puts it in
force, the dashboard switches between the two plans and an indicator shows its series."""

import json
import re

import pytest
from django.urls import reverse

from indicators.models import Indicator
from plans.models import Plan, PlanState

DRAFT_URL = reverse("planning:draft")


def draft_post(client, **changes):
    """The draft form as the page fills it in, with a new target for every indicator."""
    page = client.get(DRAFT_URL)
    assert page.status_code == 200
    data = {
        "name": "乌鲁木齐高新区（新市区）双创示范基地建设方案（2024—2026年）",
        "first_year": "2024",
        "last_year": "2026",
        "source_document": "",
        "carry_platforms": "on",
        "carry_projects": "on",
        "carried-TOTAL_FORMS": "13",
        "carried-INITIAL_FORMS": "13",
        "added-TOTAL_FORMS": "3",
        "added-INITIAL_FORMS": "0",
    }
    for index, indicator in enumerate(Indicator.objects.order_by("serial")):
        data[f"carried-{index}-indicator_id"] = str(indicator.pk)
        data[f"carried-{index}-carry"] = "on"
        data[f"carried-{index}-target"] = str(indicator.target_value * 2)
    for index in range(3):
        for field in ("name", "baseline", "target"):
            data[f"added-{index}-{field}"] = ""
    data.update(changes)
    return client.post(DRAFT_URL, {k: v for k, v in data.items() if v is not None})


def test_the_draft_page_shows_each_baseline_with_its_approval(client, manager, approved_2023):
    client.force_login(manager)
    body = client.get(DRAFT_URL).content.decode()
    assert "2023 年已审定实际值" in body
    assert "审定）" in body  # who approved it and when, beside each baseline


def test_a_manager_drafts_the_next_plan_from_the_page(client, manager, approved_2023):
    client.force_login(manager)
    response = draft_post(client)
    draft = Plan.objects.get(state=PlanState.DRAFT)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:detail", args=[draft.pk])
    assert (draft.first_year, draft.last_year, draft.created_by) == (2024, 2026, manager)
    assert draft.indicators.count() == 13


def test_dropping_an_indicator_and_a_bad_target_saves_nothing(client, manager, approved_2023):
    client.force_login(manager)
    response = draft_post(client, **{"carried-0-carry": None, "carried-2-target": "1,76"})
    assert response.status_code == 200
    assert "没有保存" in response.content.decode()
    assert "千位分隔符" in response.content.decode()
    assert Plan.objects.count() == 1


def test_an_unapproved_2023_is_refused_with_a_message(client, manager, figures_2021_2023):
    client.force_login(manager)
    response = draft_post(client)
    assert "2023 年的数据尚未经领导审定" in response.content.decode()
    assert Plan.objects.count() == 1


@pytest.fixture
def draft(client, manager, approved_2023):
    client.force_login(manager)
    draft_post(client, **{"carried-9-carry": None})  # indicator 10 is dropped
    client.logout()
    return Plan.objects.get(state=PlanState.DRAFT)


def test_auditors_do_not_see_a_draft(client, auditor, draft):
    client.force_login(auditor)
    assert client.get(reverse("planning:detail", args=[draft.pk])).status_code == 404
    assert draft.name not in client.get(reverse("planning:list")).content.decode()
    home = client.get(reverse("home"), {"plan": draft.pk}).content.decode()
    assert "2024—2026" not in home  # the current plan instead


def test_a_leader_confirms_and_puts_the_draft_in_force(client, leader, draft):
    client.force_login(leader)
    url = reverse("planning:put_in_force", args=[draft.pk])
    confirmation = client.get(url).content.decode()
    assert "确认批准执行" in confirmation and "已结束" in confirmation
    client.post(url)
    draft.refresh_from_db()
    assert (draft.state, draft.put_in_force_by) == (PlanState.IN_FORCE, leader)


def test_the_dashboard_switches_between_the_two_plans(client, leader, draft):
    client.force_login(leader)
    client.post(reverse("planning:put_in_force", args=[draft.pk]))
    old = Plan.objects.get(first_year=2021)
    new_home = client.get(reverse("home"))
    assert new_home.context["plan"] == draft  # the plan in force by default
    assert len(new_home.context["dashboard"].rows) == 12
    assert [int(y) for y, _label, _chosen in new_home.context["year_options"]] == [2024, 2025, 2026]
    old_home = client.get(reverse("home"), {"plan": old.pk, "year": 2023})
    assert len(old_home.context["dashboard"].rows) == 13
    assert old_home.context["dashboard"].year == 2023


def test_post_plan_years_are_labelled(client, leader, manager, draft):
    from indicators.services import actual_save

    client.force_login(leader)
    client.post(reverse("planning:put_in_force", args=[draft.pk]))
    actual_save(user=manager, indicator=Indicator.objects.get(plan=draft, serial=3), year=2024,
                value="2700")  # fmt: skip
    old = Plan.objects.get(first_year=2021)
    body = client.get(reverse("home"), {"plan": old.pk, "year": 2024}).content.decode()
    assert "2024年（规划期后）" in body
    assert "属规划期后监测" in body


def chart_of(response):
    match = re.search(
        r'<script id="indicator-chart" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def test_a_series_shows_both_periods_on_its_page(client, leader, draft):
    client.force_login(leader)
    client.post(reverse("planning:put_in_force", args=[draft.pk]))
    response = client.get(reverse("indicator_detail", args=[3]), {"plan": draft.pk})
    chart = chart_of(response)
    targets = [t for t in chart["data"] if t.get("meta") == "target"]
    lines = [t for t in chart["data"] if t.get("meta") == "expected"]
    assert [t["x"] for t in targets] == [[2023], [2026]]
    assert [t["x"] for t in lines] == [[2020, 2023], [2023, 2026]]
    new = Indicator.objects.get(plan=draft, serial=3)
    assert lines[1]["y"] == [float(new.baseline_value), float(new.target_value)]
    years = [row.year for row in response.context["detail"].rows]
    assert years == list(range(2021, 2027))
    # The two straight lines are told apart by their dash (and named in the legend).
    assert lines[0]["line"]["dash"] != lines[1]["line"]["dash"]
    assert "2021" in lines[0]["name"] and "2024" in lines[1]["name"]
    # The legend sits below the 年份 axis title, not over it.
    legend = chart["layout"]["legend"]
    assert legend["yanchor"] == "top" and legend["y"] < -0.15


@pytest.mark.parametrize("total", ["12", "14", "0"])
def test_a_carried_form_count_that_does_not_match_the_indicators_is_a_bad_request(
    client, manager, approved_2023, total
):
    client.force_login(manager)
    response = draft_post(client, **{"carried-TOTAL_FORMS": total})
    assert response.status_code == 400
    assert Plan.objects.count() == 1
