"""Responsible units (责任单位) of a base and who reports for them."""

import pytest
from django.db import IntegrityError, transaction

from core import roles
from plans.models import Base, Unit, UnitMember, unit_of
from tests.conftest import make_user


@pytest.fixture
def base(db):
    return Base.objects.create(name="测试示范基地")


def test_a_units_name_is_unique_within_its_base_only(base):
    Unit.objects.create(base=base, name="区发改委")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(base=base, name="区发改委")
    other = Base.objects.create(name="另一个基地")
    assert Unit.objects.create(base=other, name="区发改委").pk


def test_a_user_belongs_to_one_unit_at_most(base, django_user_model):
    first = Unit.objects.create(base=base, name="区发改委")
    second = Unit.objects.create(base=base, name="测试单位乙")
    user = make_user(django_user_model, "reporter", roles.UNIT_REPORTER)
    UnitMember.objects.create(user=user, unit=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitMember.objects.create(user=user, unit=second)
    assert unit_of(user) == first


def test_a_member_of_an_inactive_unit_reports_for_none(base, django_user_model):
    unit = Unit.objects.create(base=base, name="区发改委", active=False)
    user = make_user(django_user_model, "reporter", roles.UNIT_REPORTER)
    UnitMember.objects.create(user=user, unit=unit)
    assert unit_of(user) is None


def test_nobody_and_the_anonymous_report_for_no_unit(db):
    from django.contrib.auth.models import AnonymousUser

    assert unit_of(None) is None
    assert unit_of(AnonymousUser()) is None


def test_units_and_memberships_keep_their_history(base, django_user_model):
    unit = Unit.objects.create(base=base, name="区发改委")
    unit.active = False
    unit.save()
    user = make_user(django_user_model, "reporter")
    UnitMember.objects.create(user=user, unit=unit)
    assert [h.active for h in unit.history.all()] == [False, True]
    assert UnitMember.history.count() == 1
