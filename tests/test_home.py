import pytest
from django.urls import reverse


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["manager", "leader", "auditor", "sysadmin"])
def test_every_role_sees_the_thirteen_indicators(client, annexes, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert len(response.context["indicators"]) == 13
    body = response.content.decode()
    assert "每万人口发明专利拥有量" in body
    assert "22.33" in body and "18.09" in body
    assert "技术创新平台 35 个" in body


def test_login_page_is_in_chinese(client, db):
    response = client.get(reverse("login"))
    assert "登录" in response.content.decode()
