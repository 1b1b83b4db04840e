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
