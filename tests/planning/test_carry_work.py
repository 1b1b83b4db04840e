"""Drafting the next plan carries the plan's work on: every programme, spotlight, policy
and goal is copied; tasks and items whose latest status is not 已完成 / 已停止 are carried,
each pointing at the item it came from, with its identifier and units."""

import pytest

from indicators.services import year_approve
from planning.services import plan_discard, plan_draft, unfinished_work
from plans.models import Unit
from work.models import Goal, Policy, Programme, Spotlight, WorkItem, WorkProgress
from work.services import work_progress_save

from .test_services import draft_request


@pytest.fixture
def work_2021_2023(first_plan, figures_2021_2023, manager, leader):
    """Progress of four pieces of work, then 2023 approved (as `approved_2023`):
    {name: item}. done: 已完成 in 2022; stopped: 已停止 in 2023; resumed: 已完成 in 2021
    but 推进中 in 2023 (latest counts); untouched: no progress at all."""
    tasks = list(WorkItem.objects.filter(plan=first_plan).tasks().order_by("pk")[:3])
    item = WorkItem.objects.filter(plan=first_plan).spotlight_items().order_by("pk").first()
    work = {"done": tasks[0], "stopped": tasks[1], "resumed": tasks[2], "untouched": item}
    for name, year, status in [
        ("done", 2021, "推进中"),
        ("done", 2022, "已完成"),
        ("stopped", 2023, "已停止"),
        ("resumed", 2021, "已完成"),
        ("resumed", 2023, "推进中"),
    ]:
        reason = "并入其他任务" if status == "已停止" else ""
        work_progress_save(user=manager, item=work[name], year=year, status=status, reason=reason)
    year_approve(user=leader, year=2023)
    return work


def test_unfinished_work_leaves_out_what_was_completed_or_stopped(first_plan, work_2021_2023):
    unfinished = set(unfinished_work(first_plan))
    assert work_2021_2023["done"] not in unfinished
    assert work_2021_2023["stopped"] not in unfinished
    assert {work_2021_2023["resumed"], work_2021_2023["untouched"]} <= unfinished
    assert len(unfinished) == WorkItem.objects.filter(plan=first_plan).count() - 2


def test_a_draft_carries_the_unfinished_work_with_identifiers_and_units(
    first_plan, work_2021_2023, manager
):
    unit = Unit.objects.create(base=first_plan.base, name="测试配合单位")
    resumed = work_2021_2023["resumed"]
    resumed.collaborating_units.add(unit)
    plan = plan_draft(user=manager, request=draft_request(first_plan))

    carried = WorkItem.objects.filter(plan=plan)
    assert carried.count() == WorkItem.objects.filter(plan=first_plan).count() - 2
    assert set(carried.values_list("carried_from", flat=True)) == {
        item.pk for item in unfinished_work(first_plan)
    }
    copy = carried.get(carried_from=resumed)
    assert (copy.identifier, copy.kind, copy.title) == (
        resumed.identifier,
        resumed.kind,
        resumed.title,
    )
    assert copy.lead_unit_id == resumed.lead_unit_id
    assert list(copy.collaborating_units.all()) == [unit]
    assert copy.programme.plan == plan and copy.programme.identifier == resumed.programme.identifier
    item = carried.get(carried_from=work_2021_2023["untouched"])
    assert item.spotlight.plan == plan
    assert item.spotlight.identifier == work_2021_2023["untouched"].spotlight.identifier
    assert not carried.filter(carried_from=work_2021_2023["done"]).exists()
    assert not WorkProgress.objects.filter(item__plan=plan).exists()  # progress stays behind


def test_every_programme_spotlight_policy_and_goal_is_copied(first_plan, work_2021_2023, manager):
    plan = plan_draft(user=manager, request=draft_request(first_plan, carry_work=False))
    for model in (Programme, Spotlight, Policy, Goal):
        old = list(model.objects.filter(plan=first_plan).values_list("identifier", flat=True))
        assert old, model
        assert sorted(model.objects.filter(plan=plan).values_list("identifier", flat=True)) == (
            sorted(old)
        )
    assert not WorkItem.objects.filter(plan=plan).exists()  # the box was unticked


def test_discarding_a_draft_removes_its_work(first_plan, work_2021_2023, manager):
    plan = plan_draft(user=manager, request=draft_request(first_plan))
    plan_discard(user=manager, plan=plan)
    assert not Programme.objects.filter(plan_id=plan.pk).exists()
    assert not WorkItem.objects.filter(plan_id=plan.pk).exists()
    assert WorkItem.objects.filter(plan=first_plan).count() > 0


def test_the_draft_page_lists_the_work_to_carry_and_can_untick_it(
    client, first_plan, work_2021_2023, manager
):
    client.force_login(manager)
    page = client.get("/plans/draft/")
    assert page.status_code == 200
    text = page.content.decode()
    assert work_2021_2023["resumed"].title in text
    assert 'name="carry_work"' in text


def test_the_discard_page_says_the_work_goes_with_the_draft(
    client, first_plan, work_2021_2023, manager
):
    plan = plan_draft(user=manager, request=draft_request(first_plan))
    client.force_login(manager)
    text = client.get(f"/plans/{plan.pk}/discard/").content.decode()
    items = WorkItem.objects.filter(plan=plan).count()
    assert f"重点任务和专栏项目 {items} 项" in text
