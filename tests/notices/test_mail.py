"""Mail at the moment of the event, after the commit (notices/mail.py)."""

from email.header import decode_header, make_header
from email.utils import getaddresses

import pytest

from notices import services
from planning.services import plan_put_in_force
from plans.models import Plan, PlanState
from reporting.services import (
    reporting_year_approve,
    reporting_year_return,
    reporting_year_submit,
    year_fingerprint,
)


def _to(outbox):
    return sorted(address for m in outbox for _name, address in getaddresses(m.to))


def test_a_submission_is_mailed_to_leadership_when_it_commits(
    filled_2021, manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reporting_year_submit(user=manager, year=2021)
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert _to(mailoutbox) == ["l@example.org"]
    message = mailoutbox[0]
    assert "2021 年数据已提交，待审定" in message.subject
    assert "http://127.0.0.1:8000/reporting/2021/review/" in message.body


def test_return_and_approval_are_mailed_to_the_managers(
    filled_2021, manager, leader, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reporting_year_submit(user=manager, year=2021)
    with django_capture_on_commit_callbacks(execute=True):
        reporting_year_return(user=leader, year=2021, reason="请核对第 7 项")
    assert _to(mailoutbox[1:]) == ["m@example.org"]
    assert "退回修改" in mailoutbox[1].subject and "请核对第 7 项" in mailoutbox[1].body
    with django_capture_on_commit_callbacks(execute=True):
        reporting_year_submit(user=manager, year=2021)
    with django_capture_on_commit_callbacks(execute=True):
        reporting_year_approve(user=leader, year=2021, fingerprint=year_fingerprint(2021))
    assert _to(mailoutbox[3:]) == ["m@example.org"]
    assert "2021 年数据已审定" in mailoutbox[3].subject


def test_a_plan_in_force_is_mailed_to_everyone_with_a_role_one_message_each(
    people, leader, mailoutbox, django_capture_on_commit_callbacks
):
    plan = Plan.objects.get()
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        plan_put_in_force(user=leader, plan=plan)
    assert _to(mailoutbox) == ["a@example.org", "l@example.org", "m@example.org"]
    assert all(len(m.to) == 1 for m in mailoutbox)  # nobody sees the others' addresses


def test_a_rolled_back_event_sends_nothing(
    filled_2021, manager, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    real = services._deliver

    def deliver_then_fail(*args, **kwargs):
        real(*args, **kwargs)  # the mail is queued for the commit ...
        raise RuntimeError("injected failure")  # ... which never comes

    monkeypatch.setattr(services, "_deliver", deliver_then_fail)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            reporting_year_submit(user=manager, year=2021)
    assert callbacks == [] and mailoutbox == []


def test_names_and_addresses_never_reach_a_header_unescaped(
    filled_2021, manager, leader, mailoutbox, django_capture_on_commit_callbacks
):
    leader.first_name = "李\n四, <boss@evil.example>"
    leader.last_name = "Bcc: all@evil.example"
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        reporting_year_submit(user=manager, year=2021)
    headers = mailoutbox[0].message()
    assert "Bcc" not in headers
    assert "\n" not in headers["To"]
    [(name, address)] = getaddresses([headers["To"]])  # one recipient, not three
    assert address == "l@example.org"
    assert (
        str(make_header(decode_header(name))) == "李 四, <boss@evil.example> Bcc: all@evil.example"
    )


def test_an_ascii_name_with_specials_is_quoted(
    filled_2021, manager, leader, mailoutbox, django_capture_on_commit_callbacks
):
    leader.first_name = 'Li, "Boss" <x@evil.example>'
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        reporting_year_submit(user=manager, year=2021)
    [(name, address)] = getaddresses([mailoutbox[0].message()["To"]])
    assert (name, address) == ('Li, "Boss" <x@evil.example>', "l@example.org")


def test_a_person_without_a_valid_address_gets_only_the_notice(
    filled_2021, manager, leader, mailoutbox, django_capture_on_commit_callbacks
):
    leader.email = "l@example.org\nBcc: x@evil.example"
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        reporting_year_submit(user=manager, year=2021)
    assert mailoutbox == []
    assert leader.notices.count() == 1


def test_a_plan_name_with_a_line_break_stays_on_the_subject_line(
    people, leader, mailoutbox, django_capture_on_commit_callbacks
):
    plan = Plan.objects.get()
    Plan.objects.filter(pk=plan.pk).update(
        state=PlanState.DRAFT, name="新规划\nBcc: x@evil.example"
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan_put_in_force(user=leader, plan=Plan.objects.get())
    headers = mailoutbox[0].message()
    assert "Bcc" not in headers
    assert "新规划 Bcc: x@evil.example" in str(make_header(decode_header(headers["Subject"])))
