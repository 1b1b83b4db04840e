import datetime
import io
from email.header import decode_header, make_header
from email.utils import getaddresses

import pytest
from django.core import mail
from django.core.management import call_command

from reporting.models import ReminderSent
from reporting.reminders import send_reminders
from reporting.services import (
    reporting_due_date_set,
    reporting_year_return,
    reporting_year_submit,
)

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
    return sorted(address for m in messages for _name, address in getaddresses(m.to))


def test_managers_are_reminded_14_and_3_days_before_the_due_date(people):
    # 2022's figures are due 2023-03-31 (the default); 2021's were due 2022-03-31, so
    # the first run also sends 2021's overdue reminder (once).
    assert send_reminders(datetime.date(2023, 3, 16)) == 1  # 15 days before 2022's date
    assert "2021 年数据已逾期" in mail.outbox[0].subject
    mail.outbox.clear()
    assert send_reminders(datetime.date(2023, 3, 17)) == 1  # 14 days
    assert _to(mail.outbox) == ["m@example.org"]
    assert "2022 年" in mail.outbox[0].subject and "2023-03-31" in mail.outbox[0].subject
    assert send_reminders(datetime.date(2023, 3, 18)) == 0  # never the same one twice
    assert send_reminders(datetime.date(2023, 3, 28)) == 1  # 3 days
    assert send_reminders(datetime.date(2023, 3, 28)) == 0
    assert len(mail.outbox) == 2


def test_a_missed_run_catches_up_once(people):
    assert send_reminders(datetime.date(2023, 3, 20)) == 2  # 11 days: the 14-day reminder
    assert sorted(ReminderSent.objects.values_list("kind", "year")) == [
        ("due_14", 2022),
        ("overdue", 2021),
    ]


def test_an_overdue_year_is_reminded_once_per_due_date(people, leader):
    assert send_reminders(datetime.date(2023, 4, 1)) == 2  # 2021 and 2022, both past
    assert send_reminders(datetime.date(2023, 5, 1)) == 0
    assert all("逾期" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    reporting_due_date_set(user=leader, year=2022, due_date=datetime.date(2023, 6, 30))
    assert send_reminders(datetime.date(2023, 7, 1)) == 1  # the new date passed too
    assert "2023-06-30" in mail.outbox[0].subject


def test_no_due_reminder_once_the_year_is_submitted(people):
    manager, _leader = people
    fill_year(manager, 2022)
    reporting_year_submit(user=manager, year=2022)
    mail.outbox.clear()
    send_reminders(datetime.date(2023, 3, 17))
    assert all("2022 年" not in m.subject for m in mail.outbox)
    send_reminders(datetime.date(2023, 4, 17))
    assert all("2022 年" not in m.subject for m in mail.outbox)


def test_submissions_and_returns_are_not_mailed_by_the_reminders(people):
    """They are mailed when they happen (tests/notices/test_mail.py)."""
    manager, leader = people
    fill_year(manager, 2021)
    reporting_year_submit(user=manager, year=2021)
    reporting_year_return(user=leader, year=2021, reason="请核对第 7 项")
    mail.outbox.clear()
    assert send_reminders(datetime.date(2021, 6, 1)) == 0
    assert mail.outbox == []


def test_a_name_that_could_break_a_header_never_reaches_one(people):
    manager, _leader = people
    manager.first_name = "王\nBcc: x@evil.example, <y@evil.example>"
    manager.save()
    send_reminders(datetime.date(2023, 3, 17))
    headers = mail.outbox[0].message()
    assert "Bcc" not in headers and "\n" not in headers["To"]
    [(name, address)] = getaddresses([headers["To"]])  # one recipient, not three
    assert address == "m@example.org"
    assert str(make_header(decode_header(name))) == "王 Bcc: x@evil.example, <y@evil.example>"


def test_the_command_is_idempotent(people):
    out = io.StringIO()
    call_command("send_reminders", "--today", "2023-03-17", stdout=out)
    call_command("send_reminders", "--today", "2023-03-17", stdout=out)
    assert out.getvalue().splitlines() == ["已发送 2 封提醒邮件。", "已发送 0 封提醒邮件。"]
    assert len(mail.outbox) == 2
