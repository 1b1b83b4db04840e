"""Work progress and policy applications are written by the protocol of figures
(core/records.py): permission, the unit's responsibility, the rules, the year lock and the
optimistic version check; batches are all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.records import TEXT_MAX_LENGTH, StaleEditError
from indicators.models import YearApproval
from indicators.services import BatchError, YearLockedError
from plans.models import Plan, PlanState
from work.models import PolicyApplication, WorkProgress
from work.services import (
    PolicyApplicationEntry,
    WorkProgressEntry,
    policy_application_save,
    policy_application_save_many,
    work_progress_save,
    work_progress_save_many,
)


def save(user, item, year=2022, status="推进中", **kwargs):
    return work_progress_save(user=user, item=item, year=year, status=status, **kwargs)


def test_a_unit_reporter_records_progress_of_their_units_task(task, fgw_reporter):
    row = save(fgw_reporter, task, progress_text="已完成园区规划", completion_percent="40")
    assert (row.status, row.completion_percent, row.version) == ("推进中", Decimal("40"), 1)
    assert row.entered_by == fgw_reporter
    assert row.history.get().history_user == fgw_reporter


def test_a_collaborating_unit_may_report_too(item, fgw_reporter):
    assert save(fgw_reporter, item).item == item


def test_an_item_of_another_unit_is_refused(task, kj_reporter):
    with pytest.raises(PermissionDenied, match="不由你所在的单位负责"):
        save(kj_reporter, task)
    assert not WorkProgress.objects.exists()


@pytest.mark.parametrize("role", ["leader", "auditor", "outsider"])
def test_roles_that_only_read_may_not_report(request, task, role):
    with pytest.raises(PermissionDenied, match="没有权限"):
        save(request.getfixturevalue(role), task)


def test_a_manager_may_report_on_any_units_work(task, item, manager):
    assert {save(manager, work).item for work in (task, item)} == {task, item}


def test_a_status_needing_a_reason_without_one_is_refused(task, fgw_reporter):
    with pytest.raises(ValidationError) as excinfo:
        save(fgw_reporter, task, status="进度滞后", reason=" ")
    assert excinfo.value.message_dict["reason"] == ["状态为“进度滞后”时必须填写原因。"]
    row = save(fgw_reporter, task, status="进度滞后", reason="用地指标未落实")
    assert row.reason == "用地指标未落实"


@pytest.mark.parametrize("year", [2020, 2024])
def test_a_year_outside_the_plan_is_refused(task, fgw_reporter, year):
    with pytest.raises(ValidationError) as excinfo:
        save(fgw_reporter, task, year=year)
    assert "不在规划期（2021—2023 年）内" in excinfo.value.message_dict["year"][0]


def test_a_future_year_is_refused(task, fgw_reporter):
    with pytest.raises(ValidationError) as excinfo:
        save(fgw_reporter, task, year=2022, today=datetime.date(2021, 11, 1))
    assert "不能填报未来年份" in excinfo.value.message_dict["year"][0]


def test_a_locked_year_is_refused(task, fgw_reporter, leader):
    YearApproval.objects.create(year=2022, approved_by=leader, approved_at=timezone.now())
    with pytest.raises(YearLockedError):
        save(fgw_reporter, task)


def test_text_over_the_limit_is_refused(task, fgw_reporter):
    with pytest.raises(ValidationError) as excinfo:
        save(fgw_reporter, task, progress_text="进" * (TEXT_MAX_LENGTH + 1))
    assert f"最多 {TEXT_MAX_LENGTH} 字" in excinfo.value.message_dict["progress_text"][0]
    assert save(fgw_reporter, task, progress_text="进" * TEXT_MAX_LENGTH).pk


def test_a_draft_plans_work_takes_no_progress(plan, task, manager):
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.DRAFT)
    task.refresh_from_db()
    with pytest.raises(PermissionDenied):
        save(manager, task)


def test_a_stale_edit_is_refused_naming_the_newer_status(task, fgw_reporter, manager):
    mine = save(fgw_reporter, task)
    save(manager, task, status="已完成", progress=WorkProgress.objects.get())
    with pytest.raises(StaleEditError) as excinfo:
        save(fgw_reporter, task, status="已调整", reason="x", progress=mine)
    assert "已完成" in excinfo.value.messages[0]
    assert WorkProgress.objects.get().status == "已完成"


def test_a_second_record_of_the_same_year_is_a_stale_edit(task, fgw_reporter):
    save(fgw_reporter, task)
    with pytest.raises(StaleEditError):
        save(fgw_reporter, task, expected_version=None, status="已完成")
    assert WorkProgress.objects.count() == 1


def test_the_change_reason_goes_into_the_history(task, fgw_reporter):
    row = save(fgw_reporter, task)
    save(fgw_reporter, task, status="已完成", progress=row, change_reason="年底验收通过")
    assert task.progress.get().history.first().history_change_reason == "年底验收通过"


def test_a_batch_with_one_bad_row_saves_nothing(task, item, kj_reporter):
    entries = [
        WorkProgressEntry(item=item, status="推进中", key="5-1-1"),
        WorkProgressEntry(item=task, status="推进中", key="5.1"),  # not 测试单位乙's
    ]
    with pytest.raises(BatchError) as excinfo:
        work_progress_save_many(user=kj_reporter, year=2022, entries=entries)
    assert set(excinfo.value.row_errors) == {"5.1"}
    assert not WorkProgress.objects.exists()
    saved = work_progress_save_many(user=kj_reporter, year=2022, entries=entries[:1])
    assert [row.item for row in saved] == [item]


def apply(user, policy, year=2022, **kwargs):
    return policy_application_save(
        user=user, policy=policy, year=year, **({"applied": True} | kwargs)
    )


def test_a_manager_records_how_a_policy_was_applied(policy, manager):
    row = apply(manager, policy, funds="1,250.5", enterprises="12", effect="兑现到位")
    assert (row.funds, row.enterprises, row.applied) == (Decimal("1250.5"), 12, True)
    assert row.history.get().history_user == manager


def test_a_unit_reporter_may_not_record_policy_applications(policy, fgw_reporter):
    with pytest.raises(PermissionDenied):
        apply(fgw_reporter, policy)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"funds": "-5"}, "funds"),
        ({"enterprises": "1.5"}, "enterprises"),
        ({"applied": False, "funds": "10"}, "applied"),
        ({"year": 2024}, "year"),
        ({"effect": "效" * (TEXT_MAX_LENGTH + 1)}, "effect"),
    ],
)
def test_a_bad_policy_application_is_refused_and_changes_nothing(policy, manager, kwargs, field):
    with pytest.raises(ValidationError) as excinfo:
        apply(manager, policy, **kwargs)
    assert field in excinfo.value.message_dict
    assert not PolicyApplication.objects.exists()


def test_a_locked_year_refuses_policy_applications(policy, manager, leader):
    YearApproval.objects.create(year=2021, approved_by=leader, approved_at=timezone.now())
    with pytest.raises(YearLockedError):
        apply(manager, policy, year=2021)


def test_policy_applications_in_a_batch_are_all_or_nothing(plan, policy, manager):
    other = policy.__class__.objects.create(plan=plan, identifier="2", title="另一政策")
    entries = [
        PolicyApplicationEntry(policy=policy, applied=True, funds="10", key="1"),
        PolicyApplicationEntry(policy=other, applied=True, funds="-1", key="2"),
    ]
    with pytest.raises(BatchError) as excinfo:
        policy_application_save_many(user=manager, year=2022, entries=entries)
    assert set(excinfo.value.row_errors) == {"2"}
    assert not PolicyApplication.objects.exists()
