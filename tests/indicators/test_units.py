"""Indicators have responsible units too: a unit reporter sees and may enter only the
indicators their unit leads or collaborates on (`Indicator.objects.visible_to`)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from core import roles
from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save
from plans.models import Plan, PlanState, Unit, UnitMember
from tests.conftest import make_user


@pytest.fixture
def reporter(annexes, django_user_model):
    """A 区发改委 reporter who (unlike the role today) may also enter figures."""
    unit = Unit.objects.get(name="区发改委")
    user = make_user(django_user_model, "reporter", roles.UNIT_REPORTER)
    user.user_permissions.add(
        Permission.objects.get(codename="add_indicatoractual"),
        Permission.objects.get(codename="view_indicator"),
    )
    UnitMember.objects.create(user=user, unit=unit)
    other = Unit.objects.create(base=unit.base, name="测试单位乙")
    led = Indicator.objects.get(serial=1)
    led.lead_unit = unit
    led.save()
    helped = Indicator.objects.get(serial=2)
    helped.lead_unit = other
    helped.save()
    helped.collaborating_units.add(unit)
    Indicator.objects.get(serial=3).collaborating_units.add(other)
    return django_user_model.objects.get(pk=user.pk)  # fresh permission cache


def serials(queryset):
    return sorted(queryset.values_list("serial", flat=True))


def test_a_unit_reporter_sees_only_their_units_indicators(reporter):
    assert serials(Indicator.objects.visible_to(reporter)) == [1, 2]
    assert serials(Indicator.objects.reportable_by(reporter)) == [1, 2]


@pytest.mark.parametrize("role", ["manager", "leader", "auditor"])
def test_the_other_roles_see_every_indicator(request, annexes, role):
    assert len(serials(Indicator.objects.visible_to(request.getfixturevalue(role)))) == 13


def test_only_those_who_enter_figures_have_indicators_to_report(annexes, manager, leader):
    assert len(serials(Indicator.objects.reportable_by(manager))) == 13
    assert serials(Indicator.objects.reportable_by(leader)) == []


def test_a_draft_plans_indicators_are_hidden_as_the_plan_is(annexes, manager, auditor):
    Plan.objects.update(state=PlanState.DRAFT)
    assert len(serials(Indicator.objects.visible_to(manager))) == 13
    assert serials(Indicator.objects.visible_to(auditor)) == []
    assert serials(Indicator.objects.reportable_by(manager)) == []


def test_a_unit_reporter_may_not_enter_another_units_figure(reporter):
    assert actual_save(user=reporter, indicator=Indicator.objects.get(serial=2), year=2021,
                       value="40").pk  # fmt: skip
    with pytest.raises(PermissionDenied, match="不由你所在的单位负责"):
        actual_save(user=reporter, indicator=Indicator.objects.get(serial=3), year=2021, value="1")
    assert IndicatorActual.objects.count() == 1
