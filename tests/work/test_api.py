"""The plan's work over the REST API: one plan's lists, who sees which rows, and writes of
progress and policy applications through work/services.py (roles, units, the rules, the
year lock, the optimistic version)."""

import pytest
from django.utils import timezone

from core.records import TEXT_MAX_LENGTH
from indicators.models import YearApproval
from plans.models import Plan, PlanState
from work.models import Goal, PolicyApplication, WorkProgress
from work.services import policy_application_save, work_progress_save

PROGRESS = "/api/v1/work-progress/"
APPLICATIONS = "/api/v1/policy-applications/"


@pytest.fixture
def earlier_plan(plan):
    """An earlier, closed plan of the same base, so `plan` stays the one in force."""
    return Plan.objects.create(
        base=plan.base,
        name="更早的规划",
        baseline_year=2017,
        first_year=2018,
        last_year=2020,
        state=PlanState.CLOSED,
    )


def post(client, url, body, **headers):
    return client.post(url, body, format="json", headers=headers)


def test_work_lists_answer_for_the_plan_in_force_and_name_it(
    api_client, leader, plan, task, item, policy
):
    Goal.objects.create(plan=plan, identifier="1", title="测试目标")
    client = api_client(leader)
    for url, count in [
        ("/api/v1/programmes/", 1),
        ("/api/v1/spotlights/", 1),
        ("/api/v1/work-items/", 2),
        ("/api/v1/policies/", 1),
        ("/api/v1/goals/", 1),
        ("/api/v1/units/", 2),
    ]:
        body = client.get(url).json()
        assert body["count"] == count, url
        assert body["plan"]["id"] == plan.pk, url  # named in the envelope, as every list
        if url != "/api/v1/units/":  # units belong to the base, not to one plan
            assert {row["plan"] for row in body["results"]} == {plan.pk}, url


def test_a_list_of_another_plan_holds_that_plans_rows(api_client, leader, task, earlier_plan):
    client = api_client(leader)
    body = client.get("/api/v1/work-items/", {"plan": earlier_plan.pk}).json()
    assert (body["count"], body["plan"]["id"]) == (0, earlier_plan.pk)
    progress = client.get(PROGRESS, {"plan": earlier_plan.pk}).json()
    assert progress["plan"]["name"] == "更早的规划"
    assert client.get("/api/v1/work-items/", {"plan": "x"}).status_code == 400


def test_work_items_filter_by_kind_unit_and_programme(api_client, manager, task, item, units):
    client = api_client(manager)

    def identifiers(**query):
        rows = client.get("/api/v1/work-items/", query).json()["results"]
        return sorted(row["identifier"] for row in rows)

    assert identifiers(kind="task") == ["5.1"]
    assert identifiers(kind="spotlight_item") == ["5-1-1"]
    assert identifiers(unit=units["kj"].pk) == ["5-1-1"]
    assert identifiers(unit=units["fgw"].pk) == ["5-1-1", "5.1"]  # leads one, helps on one
    assert identifiers(programme=task.programme_id) == ["5-1-1", "5.1"]


def test_a_unit_reporter_sees_only_their_units_work_and_no_policies(
    api_client, kj_reporter, task, item, policy, units
):
    client = api_client(kj_reporter)
    rows = client.get("/api/v1/work-items/").json()["results"]
    assert [row["identifier"] for row in rows] == ["5-1-1"]
    assert client.get(f"/api/v1/work-items/{task.pk}/").status_code == 404
    assert [u["id"] for u in client.get("/api/v1/units/").json()["results"]] == [units["kj"].pk]
    assert client.get("/api/v1/policies/").status_code == 403
    assert client.get(APPLICATIONS).status_code == 403


def test_a_unit_reporter_reports_their_units_item_through_the_api(api_client, kj_reporter, item):
    response = post(
        api_client(kj_reporter),
        PROGRESS,
        {"item": item.pk, "year": 2022, "status": "推进中", "completion_percent": "40"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["completion_percent"], body["version"]) == ("推进中", "40", 1)
    assert response["ETag"] == '"1"'
    assert body["entered_by"] == "kj-reporter" and body["plan"] == item.plan_id


def test_another_units_item_is_not_found_and_nothing_is_saved(api_client, kj_reporter, task):
    response = post(
        api_client(kj_reporter), PROGRESS, {"item": task.pk, "year": 2022, "status": "推进中"}
    )
    assert response.status_code == 404
    assert not WorkProgress.objects.exists()


def test_another_units_progress_cannot_be_read_or_changed(api_client, manager, kj_reporter, task):
    row = work_progress_save(user=manager, item=task, year=2022, status="推进中")
    client = api_client(kj_reporter)
    assert client.get(f"{PROGRESS}{row.pk}/").status_code == 404
    response = client.patch(
        f"{PROGRESS}{row.pk}/", {"status": "已完成", "version": 1}, format="json"
    )
    assert response.status_code == 404
    assert client.get(PROGRESS).json()["count"] == 0
    assert WorkProgress.objects.get().status == "推进中"


@pytest.mark.parametrize("role", ["leader", "auditor"])
def test_roles_that_read_only_may_list_but_not_write(request, api_client, manager, task, role):
    work_progress_save(user=manager, item=task, year=2021, status="推进中")
    client = api_client(request.getfixturevalue(role))
    assert client.get(PROGRESS).json()["count"] == 1
    response = post(client, PROGRESS, {"item": task.pk, "year": 2022, "status": "推进中"})
    assert response.status_code == 403
    assert WorkProgress.objects.count() == 1


def test_a_manager_reports_on_every_units_work_and_on_policies(
    api_client, manager, task, item, policy
):
    client = api_client(manager)
    for work in (task, item):
        body = {"item": work.pk, "year": 2022, "status": "推进中"}
        assert post(client, PROGRESS, body).status_code == 201
    body = {"policy": policy.pk, "year": 2022, "applied": True, "funds": "12.5", "enterprises": 3}
    response = post(client, APPLICATIONS, body)
    assert response.status_code == 201, response.json()
    assert (response.json()["funds"], response.json()["enterprises"]) == ("12.5", 3)


def test_the_manager_lists_progress_filtered_by_year_item_and_unit(
    api_client, manager, task, item, units
):
    for work, year in [(task, 2021), (task, 2022), (item, 2022)]:
        work_progress_save(user=manager, item=work, year=year, status="推进中")
    client = api_client(manager)

    def count(**query):
        return client.get(PROGRESS, query).json()["count"]

    assert count() == 3
    assert count(year=2022) == 2
    assert count(item=task.pk) == 2
    assert count(unit=units["kj"].pk) == 1
    assert count(kind="spotlight_item") == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"status": "进度滞后"}, "reason", "必须填写原因"),
        ({"year": 2019}, "year", "不在规划期"),
        ({"reason": "长" * (TEXT_MAX_LENGTH + 1)}, "reason", ""),
        ({"completion_percent": "120"}, "completion_percent", ""),
        ({"status": "完成"}, "status", ""),
    ],
)
def test_bad_progress_is_refused_with_the_fields_message_and_nothing_saved(
    api_client, manager, task, body, field, message
):
    data = {"item": task.pk, "year": 2022, "status": "推进中", **body}
    response = post(api_client(manager), PROGRESS, data)
    assert response.status_code == 400, response.json()
    assert message in " ".join(response.json()[field])
    assert not WorkProgress.objects.exists()


def test_a_locked_year_is_refused_with_409(api_client, manager, leader, task):
    YearApproval.objects.create(year=2021, approved_by=leader, approved_at=timezone.now())
    response = post(
        api_client(manager), PROGRESS, {"item": task.pk, "year": 2021, "status": "推进中"}
    )
    assert response.status_code == 409
    assert "审定锁定" in " ".join(response.json()["year"])
    assert not WorkProgress.objects.exists()


def test_a_second_record_of_the_same_year_is_a_conflict(api_client, manager, task):
    client = api_client(manager)
    body = {"item": task.pk, "year": 2022, "status": "推进中"}
    assert post(client, PROGRESS, body).status_code == 201
    assert post(client, PROGRESS, body).status_code == 409
    assert WorkProgress.objects.count() == 1


def test_a_change_needs_the_version_and_a_stale_one_is_refused(api_client, manager, task):
    row = work_progress_save(user=manager, item=task, year=2022, status="推进中")
    client = api_client(manager)
    url = f"{PROGRESS}{row.pk}/"
    assert client.patch(url, {"status": "已完成"}, format="json").status_code == 400
    changed = client.patch(url, {"status": "已完成"}, format="json", headers={"If-Match": '"1"'})
    assert changed.status_code == 200, changed.json()
    assert changed["ETag"] == '"2"'
    stale = client.patch(url, {"status": "推进中", "version": 1}, format="json")
    assert stale.status_code == 412
    assert WorkProgress.objects.get().status == "已完成"


def test_a_reporter_may_not_move_progress_to_another_units_item(
    api_client, manager, fgw_reporter, task, item, units
):
    item.collaborating_units.clear()  # now 测试单位乙's alone
    row = work_progress_save(user=fgw_reporter, item=task, year=2022, status="推进中")
    response = api_client(fgw_reporter).patch(
        f"{PROGRESS}{row.pk}/", {"item": item.pk, "version": 1}, format="json"
    )
    assert response.status_code == 404
    assert WorkProgress.objects.get().item == task


def test_a_policy_not_applied_with_funds_is_refused(api_client, manager, policy):
    body = {"policy": policy.pk, "year": 2022, "applied": False, "funds": "5"}
    response = post(api_client(manager), APPLICATIONS, body)
    assert response.status_code == 400
    assert "未兑现" in " ".join(response.json()["applied"])
    assert not PolicyApplication.objects.exists()


def test_a_policy_application_is_changed_with_its_version(api_client, manager, policy):
    row = policy_application_save(user=manager, policy=policy, year=2022, applied=True)
    client = api_client(manager)
    url = f"{APPLICATIONS}{row.pk}/"
    response = client.patch(url, {"effect": "惠及 3 家企业", "version": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert client.get(url).json()["effect"] == "惠及 3 家企业"
    assert client.patch(url, {"effect": "x", "version": 1}, format="json").status_code == 412


def test_unknown_fields_are_refused(api_client, manager, task):
    body = {"item": task.pk, "year": 2022, "status": "推进中", "entered_by": "x"}
    response = post(api_client(manager), PROGRESS, body)
    assert response.status_code == 400 and "entered_by" in response.json()


@pytest.mark.parametrize(
    ("role", "progress_status", "application_status"),
    [
        ("manager", 201, 201),
        ("fgw_reporter", 201, 403),  # their unit's task; policies are not theirs
        ("kj_reporter", 404, 403),  # another unit's task
        ("leader", 403, 403),
        ("auditor", 403, 403),
        ("outsider", 403, 403),
    ],
)
def test_who_may_write_what(
    request, api_client, task, policy, role, progress_status, application_status
):
    client = api_client(request.getfixturevalue(role))
    progress = post(client, PROGRESS, {"item": task.pk, "year": 2022, "status": "推进中"})
    application = post(client, APPLICATIONS, {"policy": policy.pk, "year": 2022, "applied": True})
    assert (progress.status_code, application.status_code) == (
        progress_status,
        application_status,
    )
    assert WorkProgress.objects.count() == (progress_status == 201)
    assert PolicyApplication.objects.count() == (application_status == 201)


def test_work_of_a_draft_plan_takes_no_progress(api_client, manager, plan, task):
    plan.state = PlanState.DRAFT
    plan.save()
    response = post(
        api_client(manager), PROGRESS, {"item": task.pk, "year": 2022, "status": "推进中"}
    )
    assert response.status_code == 403
    assert not WorkProgress.objects.exists()


def test_a_change_reason_is_kept_in_the_history(api_client, manager, task):
    row = work_progress_save(user=manager, item=task, year=2022, status="推进中")
    response = api_client(manager).patch(
        f"{PROGRESS}{row.pk}/",
        {"status": "已完成", "version": 1, "change_reason": "年报核实"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert WorkProgress.objects.get().history.first().history_change_reason == "年报核实"
