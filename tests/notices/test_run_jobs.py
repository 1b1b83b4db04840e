"""`manage.py run_jobs`, the dated jobs beside runserver (make run)."""

import io

from django.core.management import call_command

from notices.models import Notice, NoticeKind


def test_one_run_sends_the_reminders_and_gives_the_notices(people, manager, mailoutbox):
    out = io.StringIO()
    call_command("run_jobs", "--once", stdout=out)
    # Today every year of the 2021–2023 plan is past its due date and not submitted.
    assert "send_reminders：已发送 3 封提醒邮件。" in out.getvalue()
    assert len(mailoutbox) == 3
    overdue = Notice.objects.filter(recipient=manager, kind=NoticeKind.OVERDUE)
    assert sorted(overdue.values_list("year", flat=True)) == [2021, 2022, 2023]
    call_command("run_jobs", "--once", stdout=out)
    assert len(mailoutbox) == 3 and overdue.count() == 3  # each once


def test_a_failing_run_is_reported_and_the_loop_goes_on(people, monkeypatch, caplog):
    from notices.management.commands import run_jobs

    def fail(today):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(run_jobs, "send_reminders", fail)
    out = io.StringIO()
    call_command("run_jobs", "--once", stdout=out)
    assert "send_reminders failed" in caplog.text and out.getvalue() == ""
