from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Indicator, IndicatorActual, YearApproval


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
