"""What the read endpoints return: definitions, per-year progress, filters, exact decimals."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from indicators.models import Indicator
from indicators.services import actual_save, year_approve
from projects.models import Project
from projects.services import project_progress_save


@pytest.fixture
def as_leader(api_client, leader):
    return api_client(leader)


def test_indicator_shows_definition_and_progress_per_year(as_leader, annexes, manager, leader):
    companies = Indicator.objects.get(serial=3)  # 1762 in 2020 → 2381 in 2023
    actual_save(user=manager, indicator=companies, year=2021, value="2000")  # expected 1968⅓
    year_approve(user=leader, year=2021)

    body = as_leader.get("/api/v1/indicators/3/").json()

    assert (body["baseline_value"], body["target_value"], body["unit"]) == ("1762", "2381", "家")
    assert [year["year"] for year in body["years"]] == [2021, 2022, 2023]
    first, second = body["years"][0], body["years"][1]
    assessment = companies.assess(2021)
    assert first["approval_state"] == "approved"
    assert first["actual"]["value"] == "2000"
    assert first["progress"]["status"] == assessment.status == "on_track"
    assert first["progress"]["status_label"] == "按期推进"
    # Exact quotients, as strings: never rounded, never a float.
    assert Decimal(first["progress"]["completion_rate"]) == assessment.completion_rate
    assert Decimal(first["progress"]["gap_closed"]) == assessment.gap_closed
    assert Decimal(first["progress"]["expected"]) == assessment.expected
    assert second["approval_state"] == "provisional"
    assert second["actual"] is None
    assert second["progress"]["status"] == "no_data"
    assert second["progress"]["completion_rate"] is None


def test_years_after_the_plan_are_listed_as_post_plan(as_leader, annexes, manager):
    companies = Indicator.objects.get(serial=3)
    actual_save(user=manager, indicator=companies, year=2024, value="2400")
    years = as_leader.get("/api/v1/indicators/3/").json()["years"]
    assert [(y["year"], y["progress"]["post_plan"]) for y in years][-2:] == [
        (2023, False),
        (2024, True),
    ]


def test_indicator_list_is_paginated_in_serial_order(as_leader, annexes):
    body = as_leader.get("/api/v1/indicators/").json()
    assert body["count"] == 13
    assert [row["serial"] for row in body["results"]] == list(range(1, 14))


def test_unknown_indicator_is_404(as_leader, annexes):
    assert as_leader.get("/api/v1/indicators/99/").status_code == 404
    assert as_leader.get("/api/v1/indicators/99999999999999999999999/").status_code == 404
    assert as_leader.get("/api/v1/indicators/3.0/").status_code == 404


def test_platforms_filter_by_level_and_type(as_leader, annexes):
    national = as_leader.get("/api/v1/platforms/?level=国家级").json()
    assert national["count"] > 0
    assert {row["level"] for row in national["results"]} == {"国家级"}
    a_type = national["results"][0]["platform_type"]
    by_type = as_leader.get("/api/v1/platforms/", {"platform_type": a_type}).json()
    assert {row["platform_type"] for row in by_type["results"]} == {a_type}
    assert as_leader.get("/api/v1/platforms/?level=省级").status_code == 400


def test_projects_filter_by_nature_and_year_with_progress(as_leader, annexes, manager):
    project = Project.objects.filter(nature="续建").first()
    for year, amount in [(2021, "1000.5"), (2022, "2000.25")]:
        project_progress_save(
            user=manager, project=project, year=year, investment_completed=amount, status="在建"
        )

    body = as_leader.get("/api/v1/projects/", {"nature": "续建", "year": project.year}).json()

    assert {(row["nature"], row["year"]) for row in body["results"]} == {("续建", project.year)}
    row = next(row for row in body["results"] if row["id"] == project.pk)
    assert row["cumulative_investment"] == "3000.75"
    assert row["latest_status"] == "在建"
    assert [(p["year"], p["investment_completed"]) for p in row["progress"]] == [
        (2021, "1000.5"),
        (2022, "2000.25"),
    ]


def test_project_parts_point_at_their_whole(as_leader, annexes):
    part = Project.objects.filter(included_in__isnull=False).first()
    body = as_leader.get(f"/api/v1/projects/{part.pk}/").json()
    assert body["included_in"] == part.included_in.row


def test_unknown_api_urls_answer_in_json(as_leader, db):
    response = as_leader.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert "/api/docs/" in response.json()["detail"]
    assert as_leader.get("/api/v1/projects/1.5/").status_code == 404


def test_lists_take_a_fixed_number_of_queries(
    as_leader, annexes, manager, django_assert_max_num_queries
):
    for serial in range(1, 14):
        indicator = Indicator.objects.get(serial=serial)
        whole = indicator.target_value.to_integral_value()  # valid whatever the unit
        actual_save(user=manager, indicator=indicator, year=2021, value=whole)
    # Auth, permissions, plan, locked years, count, page, prefetched actuals and series:
    # not one per row.
    with django_assert_max_num_queries(12):
        assert as_leader.get("/api/v1/indicators/").status_code == 200
    with django_assert_max_num_queries(10):
        assert as_leader.get("/api/v1/actuals/").status_code == 200
    with django_assert_max_num_queries(10):
        assert as_leader.get("/api/v1/projects/").status_code == 200


def test_indicator_list_is_built_once_until_a_figure_changes(
    as_leader, annexes, manager, django_assert_max_num_queries
):
    companies = Indicator.objects.get(serial=3)
    actual_save(user=manager, indicator=companies, year=2021, value="2000")
    first = as_leader.get("/api/v1/indicators/").json()
    # Again: auth, permissions, plan and the data generation; nothing is built.
    with django_assert_max_num_queries(6):
        assert as_leader.get("/api/v1/indicators/").json() == first
    # A parameter the list does not read neither bypasses the cache nor changes the answer.
    with django_assert_max_num_queries(6):
        assert as_leader.get("/api/v1/indicators/?x=1").json() == first

    actual_save(user=manager, indicator=companies, year=2021, value="2100", expected_version=1)

    row = as_leader.get("/api/v1/indicators/").json()["results"][2]
    assert row["serial"] == 3
    assert row["years"][0]["actual"]["value"] == "2100"


def test_cached_indicator_pages_and_filters_stay_apart(as_leader, annexes):
    everything = as_leader.get("/api/v1/indicators/").json()
    cumulative = as_leader.get("/api/v1/indicators/?kind=cumulative").json()
    reversed_order = as_leader.get("/api/v1/indicators/?ordering=-serial").json()
    assert everything["count"] == 13
    assert cumulative["count"] == Indicator.objects.filter(kind="cumulative").count() < 13
    assert reversed_order["results"][0]["serial"] == 13
    assert as_leader.get("/api/v1/indicators/").json() == everything


def test_browsable_indicator_list_is_built_for_each_user(client, annexes, leader, manager):
    # Only the JSON is cached: the browsable API page shows who is logged in.
    pages = {}
    for user in (leader, manager):
        client.force_login(user)
        response = client.get("/api/v1/indicators/", HTTP_ACCEPT="text/html")
        assert response["Content-Type"].startswith("text/html")
        pages[user.username] = response.content.decode()
    assert leader.username in pages[leader.username]
    assert manager.username in pages[manager.username]
    assert leader.username not in pages[manager.username]


def test_cached_indicator_list_answers_in_json_with_the_requested_indent(as_leader, annexes):
    compact = as_leader.get("/api/v1/indicators/")
    indented = as_leader.get("/api/v1/indicators/", HTTP_ACCEPT="application/json; indent=2")
    assert compact["Content-Type"] == indented["Content-Type"] == "application/json"
    assert compact.json() == indented.json()
    assert b"\n  " in indented.content and b"\n" not in compact.content


def test_junk_ordering_page_or_accept_parameters_make_no_cache_entries(as_leader, annexes):
    first = as_leader.get("/api/v1/indicators/").json()
    keys = set(cache._cache)  # locmem
    for n in range(30):
        assert as_leader.get(f"/api/v1/indicators/?ordering=junk{n}").json() == first
        assert as_leader.get("/api/v1/indicators/?page=0" + "0" * n + "1").json() == first
        response = as_leader.get("/api/v1/indicators/", HTTP_ACCEPT=f"application/json; x={n}")
        assert response.json() == first
    assert set(cache._cache) == keys
