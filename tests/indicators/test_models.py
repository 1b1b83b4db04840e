from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators.models import ApprovalState, Indicator, IndicatorActual, YearApproval
from indicators.progress import IndicatorKind


def test_second_actual_for_the_same_indicator_and_year_fails_at_the_database(annexes):
    indicator = Indicator.objects.get(serial=1)
    IndicatorActual.objects.create(indicator=indicator, year=2021, value=Decimal("40"))
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorActual.objects.create(indicator=indicator, year=2021, value=Decimal("41"))
    IndicatorActual.objects.create(indicator=indicator, year=2022, value=Decimal("42"))
    assert indicator.actuals.count() == 2


def test_only_one_approval_in_force_per_year(leader):
    from django.utils import timezone

    now = timezone.now()
    YearApproval.objects.create(year=2021, approved_by=leader, approved_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        YearApproval.objects.create(year=2021, approved_by=leader, approved_at=now)
    YearApproval.objects.filter(year=2021).update(unlocked_at=now, unlocked_by=leader)
    YearApproval.objects.create(year=2021, approved_by=leader, approved_at=now)
    assert YearApproval.objects.locked_years() == {2021}


def test_decimal_values_keep_their_exact_value(annexes):
    indicator = Indicator.objects.get(serial=7)
    IndicatorActual.objects.create(indicator=indicator, year=2021, value=Decimal("19.0123"))
    assert IndicatorActual.objects.get().value == Decimal("19.0123")


def test_assess_uses_the_indicators_own_actuals(annexes):
    indicator = Indicator.objects.get(serial=4)  # 168 → 234
    IndicatorActual.objects.create(indicator=indicator, year=2022, value=Decimal("200"))
    indicator = Indicator.objects.with_actuals().get(serial=4)
    result = indicator.assess(2022)
    assert result.value == Decimal("200")
    assert result.gap_closed == Decimal(32) / Decimal(66)
    assert IndicatorActual.objects.latest_year() == 2022


def plan_indicator(kind):
    """An unsaved indicator (baseline 2020, target 2023): approval state needs no database."""
    return Indicator(
        serial=1,
        baseline_year=2020,
        baseline_value=Decimal("10"),
        target_year=2023,
        target_value=Decimal("40"),
        kind=kind,
    )


def test_a_running_sum_is_provisional_if_any_year_in_it_is():
    cumulative = plan_indicator(IndicatorKind.CUMULATIVE)
    # 2022's running sum holds 2021 and 2022: approving 2022 alone is not enough.
    assert cumulative.approval_state(2022, {2022}) == ApprovalState.PROVISIONAL
    assert cumulative.approval_state(2022, {2021}) == ApprovalState.PROVISIONAL
    assert cumulative.approval_state(2022, {2021, 2022}) == ApprovalState.APPROVED
    assert cumulative.approval_state(2021, {2021}) == ApprovalState.APPROVED


def test_a_level_value_is_approved_when_its_own_year_is():
    level = plan_indicator(IndicatorKind.LEVEL)
    assert level.approval_state(2022, {2022}) == ApprovalState.APPROVED
    assert level.approval_state(2022, {2021}) == ApprovalState.PROVISIONAL


def test_actuals_are_filtered_and_annotated_by_approval_state(annexes, manager, leader):
    from indicators.services import actual_save, year_approve

    indicator = Indicator.objects.get(serial=1)
    for year, value in ((2021, "40"), (2022, "42")):
        actual_save(user=manager, indicator=indicator, year=year, value=value)
    year_approve(user=leader, year=2021)
    actuals = IndicatorActual.objects.with_approval_state().order_by("year")
    assert [(a.year, a.approval_state) for a in actuals] == [
        (2021, ApprovalState.APPROVED),
        (2022, ApprovalState.PROVISIONAL),
    ]
    approved = IndicatorActual.objects.in_approval_state(ApprovalState.APPROVED)
    assert [a.year for a in approved] == [2021]
