"""django-axes: five wrong passwords in a row lock a user out of the login form for a while."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

RIGHT = "manager-password-for-tests"  # tests/conftest.py gives each user <name>-password-for-tests


def log_in(client, password, username="manager"):
    """Post the real login form, as a browser would."""
    return client.post(reverse("login"), {"username": username, "password": password})


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def wrong_five_times(client, manager):
    for _attempt in range(4):
        response = log_in(client, "wrong-password")
        assert response.status_code == 200  # the form again, with an error
    # The fifth failure locks the account and says so at once.
    response = log_in(client, "wrong-password")
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, wrong_five_times):
    response = log_in(client, RIGHT)
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()
    assert not logged_in(client)


def test_four_wrong_passwords_do_not_lock_anyone_out(client, manager):
    for _attempt in range(4):
        log_in(client, "wrong-password")
    response = log_in(client, RIGHT)
    assert response.status_code == 302
    assert logged_in(client)


def test_a_locked_user_does_not_lock_out_another(client, wrong_five_times, leader):
    log_in(client, "leader-password-for-tests", username="leader")
    assert logged_in(client)


def test_the_lockout_ends_after_the_cool_off(client, wrong_five_times, settings):
    # Rather than wait: move the failures back past the cool-off period.
    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= cool_off + timedelta(minutes=1)
        attempt.save()
    response = log_in(client, RIGHT)
    assert response.status_code == 302
    assert logged_in(client)


def log_in_from(client, password, forwarded_for, username="manager"):
    """As nginx forwards it: REMOTE_ADDR is the proxy, the client is in X-Forwarded-For."""
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(client, manager):
    for attempt in range(5):
        log_in_from(client, "wrong-password", f"203.0.113.{attempt}")
    response = log_in_from(client, RIGHT, "198.51.100.7")
    assert response.status_code == 429  # counted by REMOTE_ADDR: the forged header is ignored
    assert not logged_in(client)


def test_behind_one_proxy_a_lockout_holds_for_that_client_only(client, manager, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(5):
        log_in_from(client, "wrong-password", "203.0.113.5")
    # The attacker cannot step aside by writing another address in front of its own.
    assert log_in_from(client, RIGHT, "198.51.100.7, 203.0.113.5").status_code == 429
    # The real user, elsewhere, behind the same nginx, still gets in.
    response = log_in_from(client, RIGHT, "198.51.100.7")
    assert response.status_code == 302
    assert logged_in(client)


def change_password(client, old, new="new-password-for-tests"):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_wrong_old_passwords_on_password_change_are_throttled(client, manager):
    client.force_login(manager)
    for _attempt in range(4):
        response = change_password(client, "wrong-password")
        assert response.status_code == 200
        assert "old_password" in response.context["form"].errors
    assert change_password(client, "wrong-password").status_code == 429
    response = change_password(client, RIGHT)
    assert response.status_code == 429
    manager.refresh_from_db()
    assert manager.check_password(RIGHT)  # unchanged


def test_the_right_old_password_changes_it(client, manager):
    client.force_login(manager)
    response = change_password(client, RIGHT)
    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("new-password-for-tests")


def test_a_client_reaching_the_app_server_directly_cannot_pick_its_lockout_key(
    client, manager, settings
):
    # A proxy count is set, but this request does not come from the proxy's address.
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.10"]
    for attempt in range(12):
        client.post(
            reverse("login"),
            {"username": "manager", "password": "wrong-password"},
            REMOTE_ADDR="192.0.2.44",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    response = client.post(
        reverse("login"),
        {"username": "manager", "password": RIGHT},
        REMOTE_ADDR="192.0.2.44",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 429  # counted by REMOTE_ADDR: the header was not trusted
    assert not logged_in(client)
