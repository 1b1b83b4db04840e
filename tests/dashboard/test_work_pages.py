"""The pages of the plan's work: 重点任务, a task, the support policies, the 部门 scorecard,
and the task summary on the dashboard. Role × page: who may open each, and what a unit
reporter and an auditor see of it."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import roles
from dashboard import work_stats
from display import scorecard
from plans.models import Plan, PlanState, Unit, UnitMember
from tests.conftest import make_user
from work import reporting_dates
from work.models import Policy, PolicyApplication, Programme, WorkItem, WorkKind, WorkProgress

from .chart_json import embedded_chart

STAFF = ["manager", "leader", "auditor", "sysadmin"]


@pytest.fixture
def plan(annexes):
    return Plan.objects.get()


@pytest.fixture
def unit(plan):
    """A unit leading task 5.1 and helping with spotlight item 4-1-2."""
    unit = Unit.objects.create(base=plan.base, name="区科技局")
    WorkItem.objects.filter(plan=plan, identifier="5.1").update(lead_unit=unit)
    WorkItem.objects.get(plan=plan, identifier="4-1-2").collaborating_units.add(unit)
    return unit


@pytest.fixture
def reporter(django_user_model, unit):
    user = make_user(django_user_model, "kj-reporter", roles.UNIT_REPORTER)
    UnitMember.objects.create(user=user, unit=unit)
    return user


def progress(plan, identifier, year, status, **extra):
    item = WorkItem.objects.get(plan=plan, identifier=identifier)
    return WorkProgress.objects.create(item=item, year=year, status=status, **extra)


# ---- who may open what -----------------------------------------------------------------


@pytest.mark.parametrize("url", ["/work/", "/work/5.1/", "/work/policies/", "/work/scorecard/"])
def test_a_user_without_a_role_is_refused(client, plan, outsider, url):
    client.force_login(outsider)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/work/", "/work/5.1/", "/work/policies/", "/work/scorecard/"])
@pytest.mark.parametrize("role", STAFF)
def test_staff_open_every_page(client, plan, request, role, url):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == 200


def test_url_names():
    assert reverse("work_list") == "/work/"
    assert reverse("work_item_detail", args=["4-1-2"]) == "/work/4-1-2/"
    assert reverse("policy_list") == "/work/policies/"
    assert reverse("work_scorecard") == "/work/scorecard/"


# ---- 重点任务 -----------------------------------------------------------------------------


def test_the_list_shows_the_plans_27_tasks_and_45_items_by_programme(client, plan, leader):
    client.force_login(leader)
    response = client.get("/work/")
    assert response.context is not None
    page = response.content.decode()
    assert "本规划共 72 项重点任务和专栏项目" in page
    programme = Programme.objects.filter(plan=plan).order_by("ordering").first()
    assert f"{programme.number}{programme.title}" in page


def test_a_unit_reporter_sees_only_its_units_items(client, plan, reporter):
    client.force_login(reporter)
    page = client.get("/work/").content.decode()
    assert "本规划共 2 项" in page
    assert "/work/5.1/" in page and "/work/4-1-2/" in page
    assert "/work/5.2/" not in page


def test_a_unit_reporter_cannot_open_another_units_task(client, plan, reporter):
    client.force_login(reporter)
    assert client.get("/work/5.1/").status_code == 200
    assert client.get("/work/5.2/").status_code == 404


def test_a_unit_reporter_is_refused_the_policies_and_the_scorecard(client, plan, reporter):
    client.force_login(reporter)
    assert client.get("/work/policies/").status_code == 403
    assert client.get("/work/scorecard/").status_code == 403


def test_a_reporters_page_is_not_served_to_a_leader_from_the_cache(client, plan, reporter, leader):
    client.force_login(reporter)
    client.get("/work/")
    client.force_login(leader)
    assert "本规划共 72 项" in client.get("/work/").content.decode()


def test_the_status_filter_and_counts_follow_the_year(client, plan, leader):
    progress(plan, "5.1", 2021, "已完成", completion_percent=100)
    progress(plan, "5.2", 2021, "进度滞后", reason="资金未到位")
    client.force_login(leader)
    page = client.get("/work/?year=2021&status=进度滞后").content.decode()
    assert "符合条件的 1 项" in page
    assert "/work/5.2/" in page and "/work/5.1/" not in page
    chart = embedded_chart(client.get("/work/?year=2021"), "work-chart")
    names = [trace["name"] for trace in chart["data"]]
    assert "★ 已完成" in names and "▲ 进度滞后" in names
    assert chart["layout"]["barmode"] == "stack"


def test_the_unit_filter_lists_that_units_items(client, plan, leader, unit):
    client.force_login(leader)
    page = client.get(f"/work/?unit={unit.pk}").content.decode()
    assert "符合条件的 2 项" in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("year=1999", "年份 1999 不在可选范围内"),
        ("unit=abc", "责任单位"),
        ("status=完美", "状态“完美”无效"),
    ],
)
def test_a_bad_filter_gets_a_message_and_is_not_cached(
    client, plan, leader, monkeypatch, query, message
):
    stored = []
    original = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, *a, **k: stored.append(key) or original(key, *a, **k)
    )
    client.force_login(leader)
    response = client.get(f"/work/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "本规划共 72 项" in response.content.decode()
    assert not [key for key in stored if key.startswith("page:")]
    client.get("/work/?year=2021")
    assert len([key for key in stored if key.startswith("page:")]) == 1
    client.get("/work/")
    assert len([key for key in stored if key.startswith("page:")]) == 2


def test_a_draft_plans_work_is_hidden_from_auditors(client, plan, auditor, manager):
    draft = Plan.objects.create(
        base=plan.base,
        name="下一期规划",
        baseline_year=2023,
        first_year=2024,
        last_year=2026,
        state=PlanState.DRAFT,
    )
    programme = Programme.objects.create(
        plan=draft, identifier="1", number="（一）", title="草稿工程"
    )
    WorkItem.objects.create(
        kind=WorkKind.TASK, programme=programme, identifier="9.9", title="草稿任务"
    )
    client.force_login(auditor)
    page = client.get(f"/work/?plan={draft.pk}").content.decode()
    assert "草稿工程" not in page
    assert client.get(f"/work/9.9/?plan={draft.pk}").status_code == 404
    client.force_login(manager)
    assert "草稿工程" in client.get(f"/work/?plan={draft.pk}").content.decode()


# ---- a task ------------------------------------------------------------------------------


def test_a_tasks_page_shows_its_years_units_and_links(client, plan, leader, unit):
    progress(plan, "5.1", 2021, "进度滞后", reason="资金未到位", progress_text="完成选址")
    client.force_login(leader)
    page = client.get("/work/5.1/").content.decode()
    assert "区科技局" in page
    assert "资金未到位" in page and "完成选址" in page
    assert "2021年" in page and "待审定" in page
    assert "佐证材料" in page


def test_an_item_links_its_projects_and_platforms(client, plan, leader):
    item = WorkItem.objects.filter(plan=plan).exclude(projects=None).first()
    if item is None:
        item = WorkItem.objects.get(plan=plan, identifier="4-1-2")
        item.projects.add(plan.projects.first())
    project = item.projects.first()
    client.force_login(leader)
    page = client.get(f"/work/{item.identifier}/").content.decode()
    assert project.name in page
    assert "/projects/?plan=" in page


def test_an_unknown_task_is_a_404_with_a_reason(client, plan, leader):
    client.force_login(leader)
    response = client.get("/work/99.99/")
    assert response.status_code == 404
    assert "99.99" in response.content.decode()


# ---- policies ----------------------------------------------------------------------------


def test_the_policies_page_totals_each_year(client, plan, manager):
    first, second = Policy.objects.filter(plan=plan).order_by("ordering")[:2]
    PolicyApplication.objects.create(
        policy=first, year=2021, applied=True, funds=120, enterprises=3
    )
    PolicyApplication.objects.create(
        policy=second, year=2021, applied=True, funds=30, enterprises=2
    )
    client.force_login(manager)
    response = client.get("/work/policies/")
    page = response.content.decode()
    assert "支持政策 30 项" in page
    totals = {
        t.year: t
        for t in work_stats.policy_year_totals(list(Policy.objects.filter(plan=plan)), [2021])
    }
    assert totals[2021].applied == 2 and totals[2021].not_reported == 28
    assert totals[2021].funds == 150 and totals[2021].enterprises == 5


# ---- the scorecard -----------------------------------------------------------------------


def test_timeliness_on_time_late_and_undecided():
    due = datetime.date(2022, 3, 31)
    assert scorecard.timeliness(2, 2, datetime.date(2022, 3, 31), due, due).on_time is True
    late = scorecard.timeliness(2, 2, datetime.date(2022, 4, 3), due, datetime.date(2022, 5, 1))
    assert late.on_time is False and late.days_late == 3
    missing = scorecard.timeliness(2, 1, None, due, datetime.date(2022, 4, 10))
    assert missing.on_time is False and missing.days_late == 10
    assert scorecard.timeliness(2, 1, None, due, datetime.date(2022, 3, 1)).on_time is None
    assert scorecard.timeliness(2, 2, due, None, due).on_time is None


def test_the_scorecard_lists_every_unit_with_its_work(client, plan, leader, unit):
    idle = Unit.objects.create(base=plan.base, name="区闲置局")
    progress(plan, "5.1", 2021, "已完成")
    client.force_login(leader)
    page = client.get("/work/scorecard/?year=2021").content.decode()
    assert unit.name in page and idle.name in page
    assert "本规划中未分配指标或任务事项" in page
    # 4-1-2 has no record for 2021, long past its due date (31 March 2022).
    assert "逾期" in page
    assert "已填 1/2 项" in page


def test_the_scorecard_uses_the_registered_due_date(client, plan, leader, unit, monkeypatch):
    monkeypatch.setattr(reporting_dates, "_providers", [])
    progress(plan, "5.1", 2021, "已完成")
    progress(plan, "4-1-2", 2021, "推进中")
    client.force_login(leader)
    assert "未设定截止日期" in client.get("/work/scorecard/?year=2021").content.decode()
    monkeypatch.setattr(
        reporting_dates, "_providers", [(lambda year: datetime.date(2099, 1, 1), ())]
    )
    cache.clear()
    assert "✓ 按时" in client.get("/work/scorecard/?year=2021").content.decode()


def test_a_bad_scorecard_year_gets_a_message(client, plan, leader):
    client.force_login(leader)
    response = client.get("/work/scorecard/?year=abc")
    assert response.status_code == 200
    assert "不在可选范围内" in response.content.decode()


# ---- the dashboard's summary and the menu ------------------------------------------------


def test_the_dashboard_counts_tasks_and_shows_a_change_at_once(client, plan, leader):
    client.force_login(leader)
    page = client.get("/?year=2021").content.decode()
    assert "重点任务与专栏项目（2021年）" in page
    assert "★ 已完成" not in page
    progress(plan, "5.1", 2021, "已完成")
    assert "★ 已完成 1" in client.get("/?year=2021").content.decode()


def test_the_menu_links_the_tasks_for_those_who_may_see_them(client, plan, reporter, outsider):
    client.force_login(reporter)
    assert 'href="/work/"' in client.get("/work/").content.decode()
    client.force_login(outsider)
    assert 'href="/work/"' not in client.get("/notices/").content.decode()


def test_a_unit_reporter_starts_on_their_units_tasks(client, annexes, django_user_model):
    from core import roles
    from plans.models import Unit, UnitMember
    from tests.conftest import make_user

    reporter = make_user(django_user_model, "reporter-home", roles.UNIT_REPORTER)
    UnitMember.objects.create(user=reporter, unit=Unit.objects.get(name="区发改委"))
    client.force_login(reporter)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("work_list")
