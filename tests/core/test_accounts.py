"""Logging out says so; a wrong password and a lockout say different things."""

from django.urls import reverse

from core.accounts import client_ip


def test_logging_out_says_so_on_the_login_page(client, manager):
    client.force_login(manager)
    response = client.post(reverse("logout"), follow=True)
    html = response.content.decode()
    assert "你已退出登录。" in html
    assert response.redirect_chain[-1][0] == reverse("login")


def test_the_site_and_the_admin_use_one_word_for_logging_out(client, manager, sysadmin):
    client.force_login(sysadmin)
    site = client.get(reverse("home")).content.decode()
    admin = client.get(reverse("admin:index")).content.decode()
    assert "退出登录" in site and "退出登录" in admin
    assert "注销" not in admin


def test_a_wrong_password_is_not_called_a_lockout(client, manager):
    response = client.post(reverse("login"), {"username": "manager", "password": "wrong"})
    html = response.content.decode()
    assert "用户名或密码不正确" in html
    assert "登录已暂停" not in html


def test_the_forwarded_address_is_read_only_from_a_trusted_proxy(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "::1"]
    direct = rf.get("/", REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(direct) == "192.0.2.44"
    proxied = rf.get("/", REMOTE_ADDR="10.0.0.10", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(proxied) == "203.0.113.9"
    over_ipv6 = rf.get("/", REMOTE_ADDR="::1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(over_ipv6) == "203.0.113.9"


def test_by_default_only_loopback_is_a_trusted_proxy(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert settings.TRUSTED_PROXIES == ["127.0.0.0/8", "::1"]
    local = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(local) == "203.0.113.9"
    remote = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(remote) == "198.51.100.1"
