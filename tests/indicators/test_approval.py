import pytest
from django.urls import reverse

from indicators.models import Indicator, YearApproval
from indicators.services import actual_save, year_approve
from plans.models import Plan, PlanState

URL = reverse("admin:approval_years")


def approve_from_the_page(client, year=2022, **kwargs):
    """Open the approval page and press its button for `year`, as a browser would."""
    rows = client.get(URL).context["rows"]
    fingerprint = next(row["fingerprint"] for row in rows if row["year"] == year)
    return client.post(
        URL, {"action": "approve", "year": str(year), "fingerprint": fingerprint}, **kwargs
    )


@pytest.fixture
def figures_2022(manager, annexes):
    indicator = Indicator.objects.get(serial=1)
    return actual_save(user=manager, indicator=indicator, year=2022, value="40")


def test_leadership_approves_a_year_from_the_page(client, leader, figures_2022):
    client.force_login(leader)
    assert "审定 2022 年" in client.get(URL).content.decode()
    approve_from_the_page(client)
    approval = YearApproval.objects.for_year(2022)
    assert approval.approved_by == leader
    assert "已审定（leader" in client.get(URL).content.decode()


@pytest.mark.parametrize("role", ["manager", "auditor"])
def test_others_cannot_approve(role, request, client, figures_2022):
    client.force_login(request.getfixturevalue(role))
    page = client.get(URL).content.decode()
    assert "审定 2022 年" not in page
    response = approve_from_the_page(client, follow=True)
    assert "没有权限" in response.content.decode()
    assert YearApproval.objects.locked_years() == set()


def test_administrator_unlocks_with_a_recorded_reason(client, leader, sysadmin, figures_2022):
    client.force_login(leader)
    approve_from_the_page(client)
    client.force_login(sysadmin)
    response = client.post(URL, {"action": "unlock", "year": "2022", "reason": ""}, follow=True)
    assert "解锁原因不能为空" in response.content.decode()
    assert YearApproval.objects.locked_years() == {2022}

    client.post(URL, {"action": "unlock", "year": "2022", "reason": "统计局更正"})
    assert YearApproval.objects.locked_years() == set()
    assert "统计局更正" in client.get(URL).content.decode()  # the unlock record


@pytest.mark.parametrize("role", ["leader", "manager", "auditor"])
def test_only_administrators_unlock_from_the_page(role, request, client, leader, figures_2022):
    client.force_login(leader)
    approve_from_the_page(client)
    client.force_login(request.getfixturevalue(role))
    client.post(URL, {"action": "unlock", "year": "2022", "reason": "想改"})
    assert YearApproval.objects.locked_years() == {2022}


def test_outsider_cannot_open_the_approval_page(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 302  # to the admin login: not staff


def test_an_unlock_reason_longer_than_the_history_holds_is_refused(
    client, leader, sysadmin, figures_2022
):
    client.force_login(leader)
    approve_from_the_page(client)
    client.force_login(sysadmin)
    response = client.post(
        URL, {"action": "unlock", "year": "2022", "reason": "更" * 101}, follow=True
    )
    assert "最多 100 字" in response.content.decode()
    assert YearApproval.objects.locked_years() == {2022}


def test_a_figure_changed_after_the_page_opened_refuses_the_admin_approval(
    client, leader, manager, figures_2022
):
    client.force_login(leader)
    rows = client.get(URL).context["rows"]
    seen = next(row["fingerprint"] for row in rows if row["year"] == 2022)
    actual_save(
        user=manager,
        indicator=figures_2022.indicator,
        year=2022,
        value="41",
        actual=figures_2022,
    )
    response = client.post(
        URL, {"action": "approve", "year": "2022", "fingerprint": seen}, follow=True
    )
    assert "审定页面打开后数据已有变动，请重新查看后再审定。" in response.content.decode()
    assert YearApproval.objects.locked_years() == set()
    response = client.post(URL, {"action": "approve", "year": "2022"}, follow=True)
    assert YearApproval.objects.locked_years() == set()  # no fingerprint, no approval
NEXT_PLAN = "双创示范基地第二期建设方案"


def next_plan(state):
    """2024–2026 after the loaded 2021–2023 plan; put in force, the first one closes."""
    first = Plan.objects.get()
    if state == PlanState.IN_FORCE:
        first.state = PlanState.CLOSED
        first.save()
    return Plan.objects.create(
        base=first.base,
        name=NEXT_PLAN,
        baseline_year=2023,
        first_year=2024,
        last_year=2026,
        state=state,
        previous=first,
    )


@pytest.fixture
def approved_2023_then_next_plan(manager, leader, annexes):
    for indicator in Indicator.objects.all():
        actual_save(user=manager, indicator=indicator, year=2023, value=indicator.target_value)
    year_approve(user=leader, year=2023)
    return next_plan(PlanState.IN_FORCE)


def test_the_approval_list_names_each_years_plan_after_the_next_plan_is_in_force(
    client, sysadmin, approved_2023_then_next_plan
):
    client.force_login(sysadmin)
    page = client.get(URL).content.decode()
    old = Plan.objects.get(state=PlanState.CLOSED)
    # 2023 is the closed plan's (not the baseline of the new one), 2024 the new plan's.
    assert f"<td>2023</td>\n      <td>{old.name}（已结束）" in page  # its name has the period
    assert f"<td>2024</td>\n      <td>{NEXT_PLAN}（2024—2026年）（执行中）" in page
    assert "13 / 13" in page  # 2023's figures counted against the old plan's indicators


def test_an_administrator_unlocks_a_closed_plans_year_with_a_reason(
    client, sysadmin, approved_2023_then_next_plan
):
    client.force_login(sysadmin)
    refused = client.post(URL, {"action": "unlock", "year": "2023", "reason": " "}, follow=True)
    assert "解锁原因不能为空" in refused.content.decode()
    assert YearApproval.objects.locked_years() == {2023}
    client.post(URL, {"action": "unlock", "year": "2023", "reason": "审计更正 2023 年专利数"})
    assert YearApproval.objects.locked_years() == set()
    unlocked = YearApproval.objects.get(year=2023)
    assert (unlocked.unlocked_by, unlocked.unlock_reason) == (sysadmin, "审计更正 2023 年专利数")


def test_the_leader_cannot_unlock_a_closed_plans_year(client, leader, approved_2023_then_next_plan):
    client.force_login(leader)
    client.post(URL, {"action": "unlock", "year": "2023", "reason": "想改"})
    assert YearApproval.objects.locked_years() == {2023}


def test_a_drafts_years_are_not_listed_as_the_drafts(client, leader, annexes):
    next_plan(PlanState.DRAFT)
    client.force_login(leader)
    page = client.get(URL).content.decode()
    assert NEXT_PLAN not in page
    # 2024 has begun: it is listed, as a year after the plan in force.
    assert "<td>2024</td>\n      <td>规划期后</td>" in page


def test_the_approval_record_names_the_plan_of_each_year(
    client, auditor, approved_2023_then_next_plan
):
    client.force_login(auditor)
    page = client.get(reverse("admin:indicators_yearapproval_changelist")).content.decode()
    assert "所属规划" in page
    assert f'<td class="field-plan">{Plan.objects.get(state=PlanState.CLOSED).name}<' in page
