"""A 2021–2023 plan with three years of figures, 2023 approved: ready to draft from."""

from decimal import Decimal

import pytest

from indicators.models import Indicator
from indicators.services import actual_save, year_approve
from plans.models import Plan


def plausible(indicator, share):
    """A value `share` of the way from baseline to target, whole for whole counts."""
    value = indicator.baseline_value + (indicator.target_value - indicator.baseline_value) * share
    if indicator.baseline_value == indicator.baseline_value.to_integral_value():
        return value.to_integral_value()
    return value.quantize(Decimal("0.01"))


@pytest.fixture
def first_plan(annexes):
    return Plan.objects.get()


@pytest.fixture
def figures_2021_2023(first_plan, manager):
    for indicator in Indicator.objects.of_plan(first_plan):
        for year, share in ((2021, Decimal("0.3")), (2022, Decimal("0.6")), (2023, Decimal("1.1"))):
            actual_save(
                user=manager, indicator=indicator, year=year, value=plausible(indicator, share)
            )


@pytest.fixture
def approved_2023(figures_2021_2023, leader):
    return year_approve(user=leader, year=2023)
