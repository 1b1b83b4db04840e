"""A small plan with work of two units, and a reporter for each unit."""

import pytest

from core import roles
from plans.models import Base, Plan, PlanState, Unit, UnitMember
from tests.conftest import make_user
from work.models import Policy, Programme, Spotlight, WorkItem, WorkKind


@pytest.fixture
def plan(db):
    base = Base.objects.create(name="测试示范基地")
    return Plan.objects.create(
        base=base,
        name="测试规划",
        baseline_year=2020,
        first_year=2021,
        last_year=2023,
        state=PlanState.IN_FORCE,
    )


@pytest.fixture
def units(plan):
    """区发改委 (the plan's unit) and a second unit, for tests only."""
    return {
        "fgw": Unit.objects.create(base=plan.base, name="区发改委"),
        "kj": Unit.objects.create(base=plan.base, name="测试单位乙"),
    }


@pytest.fixture
def programme(plan):
    return Programme.objects.create(
        plan=plan, identifier="5", number="（五）", title="测试工程", ordering=5
    )


@pytest.fixture
def task(programme, units):
    """A task 区发改委 leads."""
    return WorkItem.objects.create(
        kind=WorkKind.TASK,
        programme=programme,
        identifier="5.1",
        title="测试任务",
        lead_unit=units["fgw"],
    )


@pytest.fixture
def item(programme, units):
    """A spotlight item 测试单位乙 leads and 区发改委 helps with."""
    spotlight = Spotlight.objects.create(programme=programme, identifier="5-1", title="测试专栏")
    item = WorkItem.objects.create(
        kind=WorkKind.SPOTLIGHT_ITEM,
        spotlight=spotlight,
        identifier="5-1-1",
        title="测试专栏项目",
        lead_unit=units["kj"],
    )
    item.collaborating_units.add(units["fgw"])
    return item


@pytest.fixture
def policy(plan):
    return Policy.objects.create(plan=plan, identifier="1", title="测试政策")


def reporter_of(django_user_model, unit, username):
    user = make_user(django_user_model, username, roles.UNIT_REPORTER)
    UnitMember.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def fgw_reporter(django_user_model, units):
    return reporter_of(django_user_model, units["fgw"], "fgw-reporter")


@pytest.fixture
def kj_reporter(django_user_model, units):
    return reporter_of(django_user_model, units["kj"], "kj-reporter")
