"""政策兑现 (/reporting/<year>/policies/): base managers only; one save, all or nothing."""

import pytest
from django.urls import reverse

from tests.work import conftest as work_fixtures
from work.models import Policy, PolicyApplication

# The small plan of the work tests: two units, a task, a spotlight item, a policy.
fgw_reporter = work_fixtures.fgw_reporter
item = work_fixtures.item
kj_reporter = work_fixtures.kj_reporter
plan = work_fixtures.plan
policy = work_fixtures.policy
programme = work_fixtures.programme
task = work_fixtures.task
units = work_fixtures.units


def url(plan, year=2021):
    return f"{reverse('reporting:policies', kwargs={'year': year})}?plan={plan.pk}"


def row_data(one, applied="yes", effect="", funds="", enterprises=""):
    prefix = f"p{one.pk}"
    return {
        "row": [one.pk],
        f"{prefix}-applied": applied,
        f"{prefix}-effect": effect,
        f"{prefix}-funds": funds,
        f"{prefix}-enterprises": enterprises,
    }


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("manager", 200),
        ("leader", 403),
        ("auditor", 403),
        ("sysadmin", 200),
        ("fgw_reporter", 403),
        ("kj_reporter", 403),
    ],
)
def test_only_managers_reach_the_policy_page(client, request, plan, policy, item, role, expected):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(url(plan)).status_code == expected


def test_a_manager_saves_a_policys_application(client, plan, policy, manager):
    client.force_login(manager)
    response = client.post(url(plan), row_data(policy, "yes", "惠及科技型企业", "120.5", "8"))
    assert response.status_code == 302
    saved = PolicyApplication.objects.get(policy=policy, year=2021)
    assert saved.applied and saved.enterprises == 8 and str(saved.funds) == "120.5000"


def test_one_bad_policy_saves_nothing_and_is_named(client, plan, policy, manager):
    other = Policy.objects.create(plan=plan, identifier="2", title="第二项政策", ordering=2)
    client.force_login(manager)
    data = row_data(policy, "yes", funds="10")
    bad = row_data(other, "no", funds="5")  # not applied, yet funds paid
    data["row"] += bad.pop("row")
    response = client.post(url(plan), data | bad)
    assert response.status_code == 200
    assert not PolicyApplication.objects.exists()
    assert any(str(m).startswith("2：") for m in response.context["messages"])


def test_a_policy_of_another_plan_is_refused(client, plan, policy, manager):
    client.force_login(manager)
    response = client.post(url(plan), {"row": [policy.pk + 999]})
    assert response.status_code == 403
