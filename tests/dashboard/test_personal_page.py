"""A person's whole page is kept for their session (core/pagecache.py personal_page), and
never outlives what its frame shows: their notices, the years overdue, their name and
permissions, the day, the messages waiting for them. Never one person's page to another."""

import datetime
from decimal import Decimal
from unittest import mock

from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import roles
from indicators import services
from indicators.models import Indicator
from notices.models import Notice

HOME = reverse("home")


def visit(client, url=HOME, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_visit_again_is_the_same_page_for_a_lookup(client, annexes, leader):
    client.force_login(leader)
    visit(client)  # sets the session's CSRF cookie, which names the page kept
    first, first_queries = visit(client, year=2022)
    assert "csrfmiddlewaretoken" in first
    again, queries = visit(client, year=2022)
    assert again == first  # the very bytes, CSRF token included
    assert queries < first_queries
    assert queries <= 6  # session, user, permissions, generation (and the transaction)


def test_one_persons_page_never_reaches_another(annexes, leader, manager):
    leader.first_name, manager.first_name = "王领导", "李管理"
    leader.save()
    manager.save()
    for_leader, for_manager = Client(), Client()
    for_leader.force_login(leader)
    for_manager.force_login(manager)
    leader_page, _ = visit(for_leader)
    manager_page, _ = visit(for_manager)
    assert "王领导" in leader_page and "李管理" not in leader_page
    assert "李管理" in manager_page and "王领导" not in manager_page
    # The same person in a second session (another browser) gets a page of their own:
    # its CSRF token is that session's.
    other = Client()
    other.force_login(leader)
    assert visit(other)[0] != leader_page


def test_a_new_notice_shows_in_the_menu_at_once(client, annexes, manager):
    client.force_login(manager)
    before, _ = visit(client)
    Notice.objects.create(
        recipient=manager, kind="returned", year=2022, title="退回", link="/reporting/", key="k"
    )
    after, _ = visit(client)
    assert after != before
    assert "nav-count" in after


def test_reading_a_notice_changes_the_page(client, annexes, manager):
    notice = Notice.objects.create(
        recipient=manager, kind="returned", year=2022, title="退回", link="/reporting/", key="k"
    )
    client.force_login(manager)
    unread, _ = visit(client)
    notice.read_at = datetime.datetime.now(datetime.UTC)
    notice.save()
    assert visit(client)[0] != unread


def test_a_new_role_shows_in_the_menu_at_once(client, annexes, auditor):
    client.force_login(auditor)
    before, _ = visit(client)
    assert ">数据填报<" not in before.replace("</a>", "<")
    auditor.groups.add(Group.objects.get(name=roles.MANAGER))
    after, _ = visit(client)
    assert after != before and "数据填报" in after


def test_a_changed_figure_shows_at_once(client, annexes, leader, manager):
    client.force_login(leader)
    url = reverse("indicator_detail", args=[4])
    before, _ = visit(client, url)
    services.actual_save(
        user=manager, indicator=Indicator.objects.get(serial=4), year=2022, value=Decimal("213")
    )
    after, _ = visit(client, url)
    assert "213" not in before and "213" in after


def test_a_new_day_builds_the_page_again(client, annexes, leader):
    client.force_login(leader)
    visit(client)
    visit(client)
    _, kept = visit(client)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        _, rebuilt = visit(client)
    assert rebuilt > kept


def test_a_message_shows_once_and_the_page_after_it_is_clean(client, annexes, leader):
    client.force_login(leader)
    visit(client)  # kept without a message
    # A message waiting in the cookie, as a redirect after a save leaves one.
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "已保存一次性消息")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
    shown, _ = visit(client)
    assert "已保存一次性消息" in shown
    assert "已保存一次性消息" not in visit(client)[0]


def test_a_refused_value_is_shown_but_not_kept(client, annexes, leader):
    client.force_login(leader)
    visit(client)
    _, first = visit(client, year="junk")
    _, again = visit(client, year="junk")
    assert again >= first  # built again, not looked up
