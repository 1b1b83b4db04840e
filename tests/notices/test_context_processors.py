"""The menu's counts (notices/context_processors.py): one query, this person's only."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notices.models import Notice
from notices.selectors import NoticeCounts, notice_counts
from reporting.reminders import send_reminders
from reporting.services import reporting_year_submit


def test_counts_are_one_query(filled_2021, manager, leader, django_assert_num_queries):
    reporting_year_submit(user=manager, year=2021)
    send_reminders(datetime.date(2023, 3, 17))  # the managers: 2021 overdue is answered,
    with django_assert_num_queries(1):  # 2022 due soon is not
        assert notice_counts(leader) == NoticeCounts(unread=1, to_enter=0, to_review=1)
    with django_assert_num_queries(1):
        assert notice_counts(manager) == NoticeCounts(unread=1, to_enter=1, to_review=0)


def test_the_menu_shows_the_counts(client, filled_2021, manager, leader):
    reporting_year_submit(user=manager, year=2021)
    client.force_login(leader)
    body = client.get(reverse("reporting:overview")).content.decode()
    assert 'title="待审定">1</span>' in body  # beside 审定
    assert 'title="未读">1</span>' in body  # beside 通知
    Notice.objects.update(read_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    body = client.get(reverse("reporting:overview")).content.decode()
    assert 'title="未读"' not in body and 'title="待审定">1</span>' in body


def test_the_count_is_not_queried_where_no_menu_is_shown(client, leader, annexes):
    client.force_login(leader)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/indicators/")
    assert not any("notices_notice" in q["sql"] for q in queries.captured_queries)
