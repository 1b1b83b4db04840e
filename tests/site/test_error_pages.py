"""The site's own error pages: Chinese, with the menu and a way back, never Django's bare
English ones; a 404 shows a reason only when the code wrote one for the user."""

import pytest
from django.test import override_settings
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def _boom(request):
    raise RuntimeError("secret internals: /srv/db password=xyz")


urlpatterns = [path("boom/", _boom), *site_urlpatterns]
handler404 = "core.errors.page_not_found"


@pytest.mark.django_db
def test_403_is_the_sites_page_with_menu_and_way_back(client, outsider):
    client.force_login(outsider)
    response = client.get("/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "没有权限" in html
    assert 'aria-label="主导航"' in html  # the menu stays
    assert "返回首页" in html
    assert "403 Forbidden" not in html


@pytest.mark.django_db
def test_403_shows_the_reason_the_view_gave(client, manager):
    client.force_login(manager)
    response = client.post("/reporting/2022/due-date/", {"due_date": "2023-03-31"})
    assert response.status_code == 403
    assert "只有领导或系统管理员可以设定截止日期" in response.content.decode()


@pytest.mark.django_db
def test_404_of_an_unknown_url_says_so_in_chinese(client, leader):
    client.force_login(leader)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "返回首页" in html
    assert "Not Found" not in html


@pytest.mark.django_db
def test_404_shows_a_reason_written_for_the_user(client, leader, annexes):
    client.force_login(leader)
    response = client.get("/indicators/99/")
    assert response.status_code == 404
    assert "没有序号为 99 的指标" in response.content.decode()


@pytest.mark.django_db
def test_404_from_a_lookup_does_not_show_django_internals(client, manager):
    client.force_login(manager)
    response = client.get("/reporting/evidence/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "matches the given query" not in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_500_is_the_sites_page_and_leaks_nothing(client, leader):
    client.raise_request_exception = False
    client.force_login(leader)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错" in html and "返回首页" in html
    assert "secret internals" not in html and "password" not in html


@pytest.mark.django_db
def test_csrf_failure_page_explains_in_chinese(leader):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    response = client.post("/reporting/2022/return/", {"reason": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "刷新后再提交" in html
