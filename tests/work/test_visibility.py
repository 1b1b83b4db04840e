"""Who sees which work: one queryset method per model (`visible_to` / `reportable_by`)."""

import pytest
from django.db import IntegrityError, transaction

from plans.models import Plan, PlanState, UnitMember
from work.models import (
    Goal,
    Policy,
    Programme,
    Spotlight,
    WorkItem,
    WorkKind,
    WorkProgress,
)


def visible(user):
    return set(WorkItem.objects.visible_to(user).values_list("identifier", flat=True))


def reportable(user):
    return set(WorkItem.objects.reportable_by(user).values_list("identifier", flat=True))


def test_a_unit_reporter_sees_what_their_unit_leads_or_collaborates_on(
    task, item, fgw_reporter, kj_reporter
):
    # 区发改委 leads the task and helps with the item; 测试单位乙 leads only the item.
    assert visible(fgw_reporter) == {"5.1", "5-1-1"}
    assert visible(kj_reporter) == {"5-1-1"}
    assert reportable(kj_reporter) == {"5-1-1"}


def test_an_item_with_two_of_a_units_roles_is_listed_once(item, units, fgw_reporter):
    item.lead_unit = units["fgw"]
    item.save()
    assert WorkItem.objects.visible_to(fgw_reporter).count() == 1


@pytest.mark.parametrize("role", ["manager", "leader", "auditor", "sysadmin"])
def test_managers_leadership_and_auditors_see_every_units_work(request, task, item, role):
    assert visible(request.getfixturevalue(role)) == {"5.1", "5-1-1"}


def test_only_managers_and_unit_reporters_enter_progress(task, item, manager, leader, auditor):
    assert reportable(manager) == {"5.1", "5-1-1"}
    assert reportable(leader) == set()
    assert reportable(auditor) == set()


def test_a_reporter_of_an_inactive_unit_or_without_a_unit_sees_nothing(
    task, item, units, fgw_reporter, outsider
):
    assert visible(outsider) == set()
    units["fgw"].active = False
    units["fgw"].save()
    assert visible(fgw_reporter) == set()
    UnitMember.objects.filter(user=fgw_reporter).delete()
    assert visible(fgw_reporter) == set()


def test_a_draft_plans_work_is_seen_as_the_plan_is_and_never_reported_on(
    plan, task, manager, auditor
):
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.DRAFT)
    assert visible(manager) == {"5.1"}  # managers see drafts (they draft them)
    assert visible(auditor) == set()  # as plans.Plan.objects.visible_to says
    assert reportable(manager) == set()


def test_progress_is_seen_as_its_item_is(task, item, fgw_reporter, kj_reporter):
    for work in (task, item):
        WorkProgress.objects.create(item=work, year=2022, status="推进中")
    assert WorkProgress.objects.visible_to(kj_reporter).get().item == item
    assert WorkProgress.objects.visible_to(fgw_reporter).count() == 2


def test_policies_are_for_managers_not_unit_reporters(policy, manager, leader, fgw_reporter):
    assert list(Policy.objects.visible_to(manager)) == [policy]
    assert list(Policy.objects.reportable_by(manager)) == [policy]
    assert list(Policy.objects.visible_to(leader)) == [policy]
    assert list(Policy.objects.reportable_by(leader)) == []
    assert list(Policy.objects.visible_to(fgw_reporter)) == []


def test_plan_definitions_follow_the_plans_visibility(plan, programme, auditor, fgw_reporter):
    Goal.objects.create(plan=plan, identifier="1", title="测试目标")
    assert Programme.objects.visible_to(fgw_reporter).get() == programme
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.DRAFT)
    assert not Programme.objects.visible_to(auditor).exists()
    assert not Goal.objects.visible_to(auditor).exists()


def test_an_item_takes_its_plan_and_programme_from_its_spotlight(plan, programme, item):
    other = Programme.objects.create(plan=plan, identifier="6", number="（六）", title="另一工程")
    spotlight = Spotlight.objects.create(programme=other, identifier="6", title="另一专栏")
    item.spotlight = spotlight
    item.save()
    item.refresh_from_db()
    assert (item.programme, item.plan) == (other, plan)


def test_identifiers_are_unique_within_a_plan(plan, programme, task):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkItem.objects.create(
            kind=WorkKind.TASK, programme=programme, identifier="5.1", title="重复"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.create(plan=plan, identifier="5", number="（五）", title="重复")


def test_a_task_has_no_spotlight_and_an_item_has_one(programme):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkItem.objects.create(
            kind=WorkKind.SPOTLIGHT_ITEM, programme=programme, identifier="x", title="无专栏"
        )


def test_history_records_changes_to_a_task(task, units):
    task.title = "改过的名称"
    task.save()
    assert [h.title for h in task.history.all()] == ["改过的名称", "测试任务"]
