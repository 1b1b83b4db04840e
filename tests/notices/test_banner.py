"""The home page's banner (notices/templatetags/notices.py): years overdue, and what
waits for this person."""

import datetime

from django.urls import reverse
from django.utils import timezone

from reporting.services import (
    reporting_due_date_set,
    reporting_year_return,
    reporting_year_submit,
)


def _days_since(due):
    return (timezone.localdate() - due).days


def test_overdue_years_and_waiting_notices_are_on_the_home_page(
    client, filled_2021, manager, leader
):
    client.force_login(manager)
    body = client.get(reverse("home")).content.decode()
    assert 'class="notices-banner"' in body
    days = _days_since(datetime.date(2022, 3, 31))
    assert f'2021 年数据尚未提交审定</a> <span class="overdue">逾期 {days} 天</span>' in body
    assert 'href="/reporting/2021/"' in body  # the manager goes straight to the entry

    reporting_year_submit(user=manager, year=2021)
    body = client.get(reverse("home")).content.decode()
    assert "2021 年数据尚未提交审定" not in body  # with leadership now: not overdue
    assert "2022 年数据尚未提交审定" in body

    client.force_login(leader)
    body = client.get(reverse("home")).content.decode()
    assert '<a href="/reporting/2021/review/">2021 年数据已提交，待审定</a>' in body


def test_a_year_in_time_is_not_in_the_banner(client, people, leader):
    far = timezone.localdate() + datetime.timedelta(days=30)
    for year in (2021, 2022, 2023):
        reporting_due_date_set(user=leader, year=year, due_date=far)
    client.force_login(leader)
    assert 'class="notices-banner"' not in client.get(reverse("home")).content.decode()


def test_the_banner_is_not_cached_with_the_page(client, filled_2021, manager, leader):
    client.force_login(leader)
    assert "待审定</a>" not in client.get(reverse("home")).content.decode()
    reporting_year_submit(user=manager, year=2021)
    # The page's body is cached until the figures change; the banner is not part of it.
    assert "2021 年数据已提交，待审定" in client.get(reverse("home")).content.decode()


def test_a_returned_year_is_on_the_managers_home_page_until_resubmitted(
    client, filled_2021, manager, leader
):
    reporting_year_submit(user=manager, year=2021)
    reporting_year_return(user=leader, year=2021, reason="核对")
    client.force_login(manager)
    returned = '<a href="/reporting/2021/">2021 年数据被退回修改</a>'
    assert returned in client.get(reverse("home")).content.decode()
    reporting_year_submit(user=manager, year=2021)
    assert returned not in client.get(reverse("home")).content.decode()
