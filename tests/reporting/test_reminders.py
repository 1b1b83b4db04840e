import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from reporting.models import ReminderSent
from reporting.reminders import send_reminders
from reporting.services import reporting_year_return, reporting_year_submit

from .conftest import fill_year


@pytest.fixture
def people(annexes, manager, leader, auditor):
    for user, address in (
        (manager, "m@example.org"),
        (leader, "l@example.org"),
        (auditor, "a@example.org"),
    ):
        user.email = address
        user.save()
    return manager, leader


def _to(messages):
    return sorted(address for m in messages for address in m.to)


def test_managers_are_reminded_14_and_3_days_before_the_due_date(people):
    # 2022's figures are due 2023-03-31 (the default); 2021's were due 2022-03-31.
    assert send_reminders(datetime.date(2023, 3, 16)) == 0  # 15 days before
    assert send_reminders(datetime.date(2023, 3, 17)) == 1  # 14 days
    assert _to(mail.outbox) == ["m@example.org"]
    assert "2022 年" in mail.outbox[0].subject and "2023-03-31" in mail.outbox[0].subject
    assert send_reminders(datetime.date(2023, 3, 18)) == 0  # never the same one twice
    assert send_reminders(datetime.date(2023, 3, 28)) == 1  # 3 days
    assert send_reminders(datetime.date(2023, 3, 28)) == 0
    assert send_reminders(datetime.date(2023, 4, 1)) == 0  # after the date
    assert len(mail.outbox) == 2


def test_a_missed_run_catches_up_once(people):
    assert send_reminders(datetime.date(2023, 3, 20)) == 1  # 11 days: the 14-day reminder
    assert ReminderSent.objects.get().kind == "due_14"


def test_no_due_reminder_once_the_year_is_submitted(people):
    manager, _leader = people
    fill_year(manager, 2022)
    reporting_year_submit(user=manager, year=2022)
    mail.outbox.clear()
    send_reminders(datetime.date(2023, 3, 17))
    assert all("截止" not in m.subject for m in mail.outbox)


def test_leadership_hears_of_a_submission_and_the_manager_of_a_return(people):
    manager, leader = people
    fill_year(manager, 2021)
    reporting_year_submit(user=manager, year=2021)
    assert send_reminders(datetime.date(2023, 1, 1)) == 1
    assert _to(mail.outbox) == ["l@example.org"]
    assert "已提交" in mail.outbox[0].subject
    assert "/reporting/2021/review/" in mail.outbox[0].body

    reporting_year_return(user=leader, year=2021, reason="请核对第 7 项")
    assert send_reminders(datetime.date(2023, 1, 1)) == 1
    assert _to(mail.outbox[1:]) == ["m@example.org"]
    assert "请核对第 7 项" in mail.outbox[1].body
    assert send_reminders(datetime.date(2023, 1, 2)) == 0


def test_the_command_is_idempotent(people):
    out = io.StringIO()
    call_command("send_reminders", "--today", "2023-03-17", stdout=out)
    call_command("send_reminders", "--today", "2023-03-17", stdout=out)
    assert out.getvalue().splitlines() == ["已发送 1 封提醒邮件。", "已发送 0 封提醒邮件。"]
    assert len(mail.outbox) == 1
