"""The notices each event gives, and the ones it marks done (notices/services.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Indicator
from notices import services
from notices.models import Notice, NoticeKind
from planning.services import plan_put_in_force
from plans.models import Plan, PlanState
from reporting.models import ReportingEvent, ReportingState
from reporting.reminders import send_reminders
from reporting.services import (
    reporting_due_date_set,
    reporting_year_approve,
    reporting_year_return,
    reporting_year_state,
    reporting_year_submit,
    year_fingerprint,
)


def _of(user):
    return list(Notice.objects.visible_to(user).values_list("kind", "year", "done_at"))


def test_a_submission_waits_for_leadership(filled_2021, manager, leader, auditor):
    event = reporting_year_submit(user=manager, year=2021)
    notice = Notice.objects.get(recipient=leader)
    assert (notice.kind, notice.year, notice.link) == (
        NoticeKind.SUBMITTED,
        2021,
        "/reporting/2021/review/",
    )
    assert notice.needs_action and notice.read_at is None
    assert "2021 年数据已提交" in notice.title and "manager" in notice.body
    assert notice.key == f"submit:{event.pk}"
    assert _of(manager) == [] and _of(auditor) == []


def test_a_return_tells_the_managers_why_with_the_comments(filled_2021, manager, leader):
    reporting_year_submit(user=manager, year=2021)
    seven = Indicator.objects.get(serial=7)
    reporting_year_return(
        user=leader, year=2021, reason="第 7 项请核对", comments={seven: "与统计年鉴不符"}
    )
    notice = Notice.objects.get(recipient=manager)
    assert notice.kind == NoticeKind.RETURNED and notice.link == "/reporting/2021/"
    assert "（1 项指标有意见）" in notice.title
    assert "退回原因：第 7 项请核对" in notice.body
    assert f"7. {seven.name}：与统计年鉴不符" in notice.body
    # Leadership's awaiting-审定 notice is answered by the return.
    assert Notice.objects.get(recipient=leader).done_at is not None


def test_resubmitting_answers_the_return_and_approving_answers_the_submission(
    filled_2021, manager, leader
):
    reporting_year_submit(user=manager, year=2021)
    reporting_year_return(user=leader, year=2021, reason="核对")
    returned = Notice.objects.get(recipient=manager, kind=NoticeKind.RETURNED)
    assert returned.done_at is None
    reporting_year_submit(user=manager, year=2021)
    returned.refresh_from_db()
    assert returned.done_at is not None
    waiting = Notice.objects.get(recipient=leader, done_at__isnull=True)
    reporting_year_approve(user=leader, year=2021, fingerprint=year_fingerprint(2021))
    waiting.refresh_from_db()
    assert waiting.done_at is not None
    approved = Notice.objects.get(recipient=manager, kind=NoticeKind.APPROVED)
    assert not approved.needs_action and "2021 年数据已审定" in approved.title
    assert not Notice.objects.waiting().exists()


def test_due_date_notices_are_given_once_and_replace_each_other(people, manager, leader):
    send_reminders(datetime.date(2023, 3, 17))  # 2022: 14 days left; 2021: overdue
    send_reminders(datetime.date(2023, 3, 18))
    assert sorted((kind, year) for kind, year, _done in _of(manager)) == [
        (NoticeKind.DUE_SOON, 2022),
        (NoticeKind.OVERDUE, 2021),
    ]
    assert _of(leader) == []
    send_reminders(datetime.date(2023, 3, 28))  # 3 days left: replaces the 14-day one
    soon = Notice.objects.filter(recipient=manager, year=2022).order_by("pk")
    assert [(n.key, n.done_at is None) for n in soon] == [
        ("due_14:2022:2023-03-31", False),
        ("due_3:2022:2023-03-31", True),
    ]


def test_due_date_notices_reach_managers_without_a_mail_address(people, manager):
    manager.email = ""
    manager.save()
    send_reminders(datetime.date(2023, 3, 17))
    assert Notice.objects.filter(recipient=manager, kind=NoticeKind.OVERDUE).count() == 1


def test_submitting_answers_the_overdue_notice(filled_2021, manager):
    send_reminders(datetime.date(2023, 3, 17))
    overdue = Notice.objects.get(recipient=manager, year=2021, kind=NoticeKind.OVERDUE)
    reporting_year_submit(user=manager, year=2021)
    overdue.refresh_from_db()
    assert overdue.done_at is not None


def test_a_new_due_date_answers_the_reminders_of_the_old_one(people, manager, leader):
    send_reminders(datetime.date(2023, 3, 17))
    reporting_due_date_set(user=leader, year=2021, due_date=datetime.date(2023, 6, 30))
    assert not Notice.objects.filter(recipient=manager, year=2021).waiting().exists()


def test_a_plan_put_in_force_is_told_to_everyone_with_a_role(people, leader, outsider):
    plan = Plan.objects.get()
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.DRAFT)
    plan_put_in_force(user=leader, plan=plan)
    told = Notice.objects.filter(kind=NoticeKind.PLAN_IN_FORCE)
    assert sorted(n.recipient.username for n in told) == ["auditor", "leader", "manager"]
    assert all(n.link == f"/plans/{plan.pk}/" and not n.needs_action for n in told)
    assert plan.name in told[0].title


# ---- no event without its notice, no notice without its event ------------------------


@pytest.fixture
def failing_notices(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("injected failure while writing the notices")

    monkeypatch.setattr(services.Notice.objects, "bulk_create", fail)


def test_a_failing_notice_rolls_the_submission_back(filled_2021, manager, failing_notices):
    with pytest.raises(RuntimeError):
        reporting_year_submit(user=manager, year=2021)
    assert not ReportingEvent.objects.exists()
    assert reporting_year_state(2021) == ReportingState.IN_PROGRESS
    assert not Notice.objects.exists()


def test_a_request_killed_between_the_event_and_its_notice_leaves_neither(
    client, filled_2021, manager, failing_notices
):
    client.force_login(manager)
    with pytest.raises(RuntimeError):
        client.post("/reporting/2021/submit/")
    assert not ReportingEvent.objects.exists()
    assert reporting_year_state(2021) == ReportingState.IN_PROGRESS


def test_a_failing_notice_rolls_the_return_back(filled_2021, manager, leader, monkeypatch):
    reporting_year_submit(user=manager, year=2021)
    monkeypatch.setattr(
        services, "_deliver", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x"))
    )
    with pytest.raises(RuntimeError):
        reporting_year_return(user=leader, year=2021, reason="核对")
    assert list(ReportingEvent.objects.values_list("kind", flat=True)) == ["submit"]
    assert reporting_year_state(2021) == ReportingState.SUBMITTED
    assert Notice.objects.get(recipient=leader).done_at is None  # not answered either


def test_a_failing_notice_rolls_the_plan_back(people, leader, failing_notices):
    plan = Plan.objects.get()
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.DRAFT)
    with pytest.raises(RuntimeError):
        plan_put_in_force(user=leader, plan=plan)
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT and plan.put_in_force_by is None


def test_a_refused_step_gives_no_notice(filled_2021, manager, leader):
    with pytest.raises(ValidationError):
        reporting_year_return(user=leader, year=2021, reason="核对")  # not submitted
    assert not Notice.objects.exists()


def test_marking_read_keeps_the_first_time(filled_2021, manager, leader):
    reporting_year_submit(user=manager, year=2021)
    notice = Notice.objects.get(recipient=leader)
    first = services.notice_mark_read(notice).read_at
    assert first is not None
    assert services.notice_mark_read(notice).read_at == first
    assert services.notices_mark_all_read(leader) == 0
