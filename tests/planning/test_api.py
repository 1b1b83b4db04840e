"""The API shows plans and series: /api/v1/plans/, ?plan= on the lists, a drafted plan
visible to managers and leadership only."""

import pytest

from indicators.models import Indicator
from indicators.services import actual_save
from planning.services import plan_put_in_force
from plans.models import Plan, PlanState
from work.models import WorkItem

from .test_services import draft_request, plan_draft


@pytest.fixture
def draft(first_plan, approved_2023, manager):
    return plan_draft(user=manager, request=draft_request(first_plan, drop={10}))


def test_plans_are_listed_with_their_period_and_state(api_client, auditor, first_plan):
    plans = api_client(auditor).get("/api/v1/plans/").json()["results"]
    assert [(p["first_year"], p["last_year"], p["state"]) for p in plans] == [
        (2021, 2023, "in_force")
    ]


def test_a_draft_is_listed_for_managers_and_leaders_only(
    api_client, manager, leader, auditor, draft
):
    def years(user):
        return [p["first_year"] for p in api_client(user).get("/api/v1/plans/").json()["results"]]

    assert years(manager) == years(leader) == [2021, 2024]
    assert years(auditor) == [2021]
    assert api_client(auditor).get(f"/api/v1/plans/{draft.pk}/").status_code == 404
    response = api_client(auditor).get("/api/v1/indicators/", {"plan": draft.pk})
    assert response.status_code == 400


def test_lists_filter_by_plan(api_client, leader, first_plan, draft):
    client = api_client(leader)
    old = client.get("/api/v1/indicators/").json()
    new = client.get("/api/v1/indicators/", {"plan": draft.pk}).json()
    assert (old["count"], new["count"]) == (13, 12)
    assert {row["plan"] for row in new["results"]} == {draft.pk}
    platforms = client.get("/api/v1/platforms/", {"plan": draft.pk}).json()
    assert platforms["count"] == 35 and platforms["results"][0]["plan"] == draft.pk
    assert client.get("/api/v1/projects/", {"plan": "x"}).status_code == 400


def test_an_indicator_shows_its_series_over_both_plans(api_client, leader, draft):
    plan_put_in_force(user=leader, plan=draft)
    body = api_client(leader).get("/api/v1/indicators/3/").json()
    assert body["plan"] == draft.pk
    assert [(p["baseline_year"], p["target_year"]) for p in body["series"]] == [
        (2020, 2023),
        (2023, 2026),
    ]
    years = {row["year"]: row for row in body["years"]}
    assert sorted(years) == list(range(2021, 2027))
    assert years[2023]["actual"] is not None  # the old plan's figures belong to the series
    assert years[2024]["actual"] is None
    assert body["continues"] == Indicator.objects.get(plan__first_year=2021, serial=3).pk


def test_a_figure_is_written_through_the_plan_in_force(api_client, manager, leader, draft):
    plan_put_in_force(user=leader, plan=draft)
    client = api_client(manager)
    created = client.post(
        "/api/v1/actuals/", {"indicator": 3, "year": 2024, "value": "2600"}, format="json"
    )
    assert created.status_code == 201, created.json()
    # 2022 belongs to the old plan: through the new plan's indicator it is refused …
    refused = client.post(
        "/api/v1/actuals/", {"indicator": 3, "year": 2022, "value": "2000"}, format="json"
    )
    assert refused.status_code in (400, 409)
    assert Plan.objects.get(pk=draft.pk).state == PlanState.IN_FORCE


def test_every_list_names_its_plan_and_defaults_to_the_plan_in_force(
    api_client, leader, first_plan, draft
):
    plan_put_in_force(user=leader, plan=draft)
    client = api_client(leader)
    endpoints = ["indicators", "actuals", "platforms", "projects", "units", "programmes"]
    endpoints += ["spotlights", "work-items", "policies", "goals", "work-progress"]
    for endpoint in [*endpoints, "policy-applications"]:
        default = client.get(f"/api/v1/{endpoint}/").json()
        assert default["plan"]["id"] == draft.pk, endpoint
        assert default["plan"]["name"] == draft.name
        old = client.get(f"/api/v1/{endpoint}/", {"plan": first_plan.pk}).json()
        assert (old["plan"]["id"], old["plan"]["state"]) == (first_plan.pk, "closed")
        assert (old["plan"]["first_year"], old["plan"]["last_year"]) == (2021, 2023)


def test_the_actuals_list_answers_for_one_plan(api_client, manager, leader, first_plan, draft):
    plan_put_in_force(user=leader, plan=draft)
    indicator = Indicator.objects.get(plan=draft, serial=1)
    actual_save(user=manager, indicator=indicator, year=2024, value=indicator.baseline_value)
    client = api_client(leader)
    new = client.get("/api/v1/actuals/").json()
    assert {row["year"] for row in new["results"]} == {2024}
    old = client.get("/api/v1/actuals/", {"plan": first_plan.pk, "year": 2023}).json()
    assert old["count"] == 13  # the 2023 figures of the 2021–2023 plan
    old_years = client.get("/api/v1/actuals/", {"plan": first_plan.pk}).json()["results"]
    assert {row["year"] for row in old_years} == {2021, 2022, 2023, 2024}


def test_the_drafts_carried_work_is_listed_for_the_new_plan(api_client, leader, first_plan, draft):
    plan_put_in_force(user=leader, plan=draft)
    client = api_client(leader)
    new = client.get("/api/v1/work-items/").json()
    old = client.get("/api/v1/work-items/", {"plan": first_plan.pk}).json()
    assert new["count"] == old["count"] > 0  # nothing finished: every item carried
    old_ids = set(WorkItem.objects.filter(plan=first_plan).values_list("pk", flat=True))
    assert {row["carried_from"] for row in new["results"]} <= old_ids
