"""Logging out says so; a wrong password and a lockout say different things."""

from django.urls import reverse


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
