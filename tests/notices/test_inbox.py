"""The inbox page (/notices/) and marking notices read (notices/views.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from notices.models import Notice, NoticeKind
from reporting.services import reporting_year_submit


@pytest.fixture
def submitted(filled_2021, manager, leader):
    reporting_year_submit(user=manager, year=2021)
    return Notice.objects.get(recipient=leader)


def test_the_inbox_needs_a_login(client, db):
    response = client.get(reverse("notices:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_person_sees_their_own_notices_only(client, submitted, leader, manager, auditor):
    client.force_login(leader)
    body = client.get(reverse("notices:inbox")).content.decode()
    assert "2021 年数据已提交，待审定" in body
    assert 'href="/reporting/2021/review/"' in body  # straight to the place
    assert "待办" in body and "未读" in body
    for other in (manager, auditor):
        client.force_login(other)
        assert "2021 年数据已提交" not in client.get(reverse("notices:inbox")).content.decode()


def test_another_persons_notice_is_not_found(client, submitted, manager):
    client.force_login(manager)
    response = client.post(reverse("notices:read", args=[submitted.pk]))
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.read_at is None


def test_marking_read_is_a_post_with_the_csrf_token(submitted, leader):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(leader)
    url = reverse("notices:read", args=[submitted.pk])
    assert browser.get(url).status_code == 405
    assert browser.post(url).status_code == 403  # no token
    submitted.refresh_from_db()
    assert submitted.read_at is None
    page = browser.get(reverse("notices:inbox"))
    token = page.cookies["csrftoken"].value
    response = browser.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == reverse("notices:inbox")
    submitted.refresh_from_db()
    assert submitted.read_at is not None


def test_the_unread_list_and_marking_all_read(client, submitted, leader):
    Notice.objects.create(
        recipient=leader, kind=NoticeKind.APPROVED, title="旧通知", link="/", key="old"
    )
    client.force_login(leader)
    unread = client.get(reverse("notices:inbox"), {"show": "unread"}).content.decode()
    assert "旧通知" in unread and "2021 年数据已提交" in unread
    response = client.post(reverse("notices:read_all"), {"show": "unread"}, follow=True)
    assert response.redirect_chain[-1][0] == "/notices/?show=unread"
    body = response.content.decode()
    assert "已将 2 条通知标为已读" in body and "没有未读通知" in body
    assert not Notice.objects.filter(read_at__isnull=True).exists()
    # Read, the notice still waits for the action: only approving or returning ends it.
    assert Notice.objects.get(pk=submitted.pk).needs_action


def test_an_empty_inbox_says_so(client, outsider):
    client.force_login(outsider)
    assert "还没有通知" in client.get(reverse("notices:inbox")).content.decode()
