"""Writes of the plan's work: a year's progress of a task or spotlight item, a year's
application of a support policy. The one code path for every caller (admin, the entry
pages and API to come), following core/records.py: permission, the unit's responsibility
(`reportable_by`), validation (work/rules.py), the year lock of an approved year
(indicators' `YearApproval`) and the optimistic version check. Batches are all or nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.records import (
    YearlyRecord,
    check_change_reason,
    check_text_lengths,
    save_checked,
    stamp,
    stored_for_write,
)
from indicators.services import check_year_unlocked, reason_problems, save_each

from .models import Policy, PolicyApplication, WorkItem, WorkProgress
from .rules import validate_policy_application, validate_work_progress

WORK_PROGRESS = YearlyRecord(
    model=WorkProgress,
    owner_field="item",
    value_field="status",
    value_label=gettext_lazy("状态"),
    check_unlocked=check_year_unlocked,
    add_denied=gettext_lazy("你没有权限填报任务年度进展。"),
    change_denied=gettext_lazy("你没有权限修改任务年度进展。"),
    delete_denied=gettext_lazy("你没有权限删除任务年度进展。"),
    taken=gettext_lazy("“%(name)s”%(year)s 年已有进展记录，请直接修改那一条。"),
)

POLICY_APPLICATION = YearlyRecord(
    model=PolicyApplication,
    owner_field="policy",
    value_field="funds",
    value_label=gettext_lazy("兑现资金（万元）"),
    check_unlocked=check_year_unlocked,
    add_denied=gettext_lazy("你没有权限填报政策兑现情况。"),
    change_denied=gettext_lazy("你没有权限修改政策兑现情况。"),
    delete_denied=gettext_lazy("你没有权限删除政策兑现情况。"),
    taken=gettext_lazy("政策“%(name)s”%(year)s 年已有兑现记录，请直接修改那一条。"),
)


def _check_item_reportable(user, item):
    if not WorkItem.objects.reportable_by(user).filter(pk=item.pk).exists():
        raise PermissionDenied(
            _("“%(name)s”不由你所在的单位负责（或其规划尚未执行），你不能填报它的进展。")
            % {"name": item.name}
        )


def work_progress_prepare(
    *,
    user,
    item,
    year,
    status,
    reason="",
    progress_text="",
    completion_percent=None,
    progress=None,
    expected_version=None,
    change_reason=None,
    today=None,
):
    """Everything `work_progress_save` checks, without writing: the row, ready to save."""
    check_text_lengths(
        {"reason": (_("原因"), reason), "progress_text": (_("进展情况"), progress_text)}
    )
    current = stored_for_write(
        WORK_PROGRESS,
        user=user,
        owner=item,
        year=year,
        row=progress,
        expected_version=expected_version,
    )
    _check_item_reportable(user, item)
    if current is not None and current.item_id != item.pk:
        _check_item_reportable(user, current.item)
    plan = item.plan
    percent = validate_work_progress(
        year=year,
        first_year=plan.first_year,
        last_year=plan.last_year,
        status=status,
        reason=reason,
        completion_percent=completion_percent,
        today=today,
    )
    row = current or WorkProgress()
    before = _progress_content(current)
    row.item = item
    row.year = year
    row.status = status
    row.reason = (reason or "").strip()
    row.progress_text = progress_text or ""
    row.completion_percent = percent
    # A year leadership has seen (the rules registered by the reporting cycle, as for
    # figures): a change says why, and the why goes into the history.
    if _progress_content(row) != before:
        problems = reason_problems(year, change_reason)
        if problems:
            raise ValidationError({"change_reason": problems})
    check_change_reason((change_reason or "").strip(), field="change_reason")
    # Why the entry changed, kept in its history (as a figure's reason is).
    row._change_reason = (change_reason or "").strip() or None
    return stamp(row, current, user)


def _progress_content(row):
    """What a change of a row's progress is measured by (None: no row yet)."""
    if row is None:
        return None
    return (row.status, row.reason, row.progress_text, row.completion_percent)


@transaction.atomic
def work_progress_save(**kwargs):
    """Create or change one year's progress of a task or item; return the saved row.

    Keyword arguments: user, item (a WorkItem), year, status (WorkStatus), reason
    (required for 进度滞后 / 已调整 / 已停止), progress_text (进展情况),
    completion_percent (0–100, optional), progress (the row being edited),
    expected_version (the version the user saw), change_reason (kept in the history),
    today. `progress` and `expected_version` work as in indicators.services.actual_save.
    """
    return save_checked(WORK_PROGRESS, work_progress_prepare(**kwargs))


@dataclass
class WorkProgressEntry:
    """One item's row of a whole-year progress entry."""

    item: object
    status: str
    reason: str = ""
    progress_text: str = ""
    completion_percent: object = None
    expected_version: int | None = None
    key: object = None  # how the caller names the row to the user


@transaction.atomic
def work_progress_save_many(*, user, year, entries, change_reason=None, today=None):
    """Save a year's progress of several items, all or nothing; return the rows saved.

    Every row is checked and every refusal collected first: if any row fails, nothing is
    saved and BatchError names each failed row by its key.
    """

    stored = {
        row.item_id: row
        for row in WorkProgress.objects.filter(year=year, item__in=[e.item for e in entries])
    }

    def save_one(entry):
        return work_progress_save(
            user=user,
            item=entry.item,
            year=year,
            status=entry.status,
            reason=entry.reason,
            progress_text=entry.progress_text,
            completion_percent=entry.completion_percent,
            progress=stored.get(entry.item.pk) if entry.expected_version is not None else None,
            expected_version=entry.expected_version,
            change_reason=change_reason,
            today=today,
        )

    return save_each(entries, save_one)


def policy_application_prepare(
    *,
    user,
    policy,
    year,
    applied,
    effect="",
    funds=None,
    enterprises=None,
    application=None,
    expected_version=None,
    change_reason=None,
    today=None,
):
    """Everything `policy_application_save` checks, without writing: the row, ready to save."""
    check_text_lengths({"effect": (_("实施效果"), effect)})
    current = stored_for_write(
        POLICY_APPLICATION,
        user=user,
        owner=policy,
        year=year,
        row=application,
        expected_version=expected_version,
    )
    if not Policy.objects.reportable_by(user).filter(pk=policy.pk).exists():
        raise PermissionDenied(_("你不能填报政策“%(name)s”的兑现情况。") % {"name": policy.name})
    plan = policy.plan
    amount, count = validate_policy_application(
        year=year,
        first_year=plan.first_year,
        last_year=plan.last_year,
        applied=applied,
        funds=funds,
        enterprises=enterprises,
        today=today,
    )
    row = current or PolicyApplication()
    row.policy = policy
    row.year = year
    row.applied = bool(applied)
    row.effect = effect or ""
    row.funds = amount
    row.enterprises = count
    row._change_reason = (change_reason or "").strip() or None
    return stamp(row, current, user)


@transaction.atomic
def policy_application_save(**kwargs):
    """Create or change how a policy was applied in a year; return the saved row.

    Keyword arguments: user, policy, year, applied (bool), effect (实施效果), funds
    (兑现资金, 万元, optional, ≥ 0), enterprises (惠及企业, 家, optional, whole, ≥ 0),
    application (the row being edited), expected_version, change_reason, today.
    """
    return save_checked(POLICY_APPLICATION, policy_application_prepare(**kwargs))


@dataclass
class PolicyApplicationEntry:
    """One policy's row of a whole-year entry."""

    policy: object
    applied: bool
    effect: str = ""
    funds: object = None
    enterprises: object = None
    expected_version: int | None = None
    key: object = None


@transaction.atomic
def policy_application_save_many(*, user, year, entries, change_reason=None, today=None):
    """Save a year's application of several policies, all or nothing; return the rows."""

    stored = {
        row.policy_id: row
        for row in PolicyApplication.objects.filter(
            year=year, policy__in=[e.policy for e in entries]
        )
    }

    def save_one(entry):
        return policy_application_save(
            user=user,
            policy=entry.policy,
            year=year,
            applied=entry.applied,
            effect=entry.effect,
            funds=entry.funds,
            enterprises=entry.enterprises,
            application=stored.get(entry.policy.pk) if entry.expected_version is not None else None,
            expected_version=entry.expected_version,
            change_reason=change_reason,
            today=today,
        )

    return save_each(entries, save_one)
