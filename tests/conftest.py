"""The fixed cast of test users (one per role) and the annex data."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core import roles


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The fixed cast is created again for every test; real hashing is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def annexes(db):
    """The plan's 13 indicators, 35 platforms and 34 projects."""
    call_command("load_annexes", stdout=io.StringIO())


def make_user(django_user_model, username, group_name=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password=f"{username}-password-for-tests", **({"is_staff": True} | extra)
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def manager(db, django_user_model):
    return make_user(django_user_model, "manager", roles.MANAGER)


@pytest.fixture
def leader(db, django_user_model):
    return make_user(django_user_model, "leader", roles.LEADERSHIP)


@pytest.fixture
def auditor(db, django_user_model):
    return make_user(django_user_model, "auditor", roles.AUDITOR)


@pytest.fixture
def sysadmin(db, django_user_model):
    return make_user(django_user_model, "sysadmin", is_superuser=True)


@pytest.fixture
def outsider(db, django_user_model):
    """Logged in but in no group: may see nothing."""
    return make_user(django_user_model, "outsider", is_staff=False)


@pytest.fixture
def fail_after(monkeypatch):
    """`fail_after(module, name, calls)`: module.name raises on call number `calls` + 1;
    returns the list of calls that went through."""

    def install(module, name, calls):
        real, done = getattr(module, name), []

        def wrapper(*args, **kwargs):
            if len(done) == calls:
                raise RuntimeError("injected failure")
            done.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)
        return done

    return install


@pytest.fixture
def api_client():
    """`api_client(user)`: a DRF test client sending that user's token; no user: anonymous."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(user=None):
        client = APIClient()
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached page bodies (core/pagecache.py): test
    databases reuse ids after a rollback, so a body cached by one test could look
    current to the next."""
    from django.core.cache import cache

    cache.clear()
