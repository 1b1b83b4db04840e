"""Permissions come from the user and their groups in one query (core/backends.py)."""

import pytest
from django.contrib.auth.models import Group, Permission

from core.backends import RolePermissionBackend


@pytest.fixture
def someone(django_user_model):
    return django_user_model.objects.create_user("someone")


def permission(codename):
    return Permission.objects.get(codename=codename)


def test_own_and_group_permissions_together_in_one_query(
    someone, django_assert_num_queries
):
    group = Group.objects.create(name="临时组")
    group.permissions.add(permission("view_platform"))
    someone.groups.add(group)
    someone.user_permissions.add(permission("view_project"))

    with django_assert_num_queries(1):
        perms = RolePermissionBackend().get_all_permissions(someone)
        assert someone.has_perm("platforms.view_platform")  # kept for the request

    assert perms == {"platforms.view_platform", "projects.view_project"}
    assert not someone.has_perm("indicators.view_indicator")


def test_superuser_has_every_permission_and_inactive_user_none(someone, django_user_model):
    admin = django_user_model.objects.create_superuser("admin-x")
    assert RolePermissionBackend().get_all_permissions(admin) == {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    }
    someone.user_permissions.add(permission("view_project"))
    someone.is_active = False
    assert RolePermissionBackend().get_all_permissions(someone) == set()


def test_same_answer_as_djangos_model_backend(manager, leader, auditor):
    from django.contrib.auth.backends import ModelBackend

    for user in (manager, leader, auditor):
        fresh = type(user).objects.get(pk=user.pk)
        assert RolePermissionBackend().get_all_permissions(fresh) == (
            ModelBackend().get_all_permissions(type(user).objects.get(pk=user.pk))
        )
        assert fresh.get_all_permissions()  # each role grants something
