"""seed_demo: demo accounts, and with --figures invented 2021–2023 figures marked as such."""

import io

import pytest
from django.core.management import CommandError, call_command

from indicators.models import IndicatorActual, YearApproval


def test_demo_figures_are_marked_and_2021_and_2022_are_approved(annexes):
    out = io.StringIO()
    call_command("seed_demo", "--figures", stdout=out)
    figures = IndicatorActual.objects.all()
    assert sorted({a.year for a in figures}) == [2021, 2022, 2023]
    assert figures.count() == 39
    assert all("演示数据" in a.note for a in figures)
    assert YearApproval.objects.for_year(2021) and YearApproval.objects.for_year(2022)
    assert not YearApproval.objects.for_year(2023)  # left for the demo to submit and approve
    assert "演示数据（虚构）" in out.getvalue()
    # Run again: nothing is added or changed.
    versions = sorted(figures.values_list("version", flat=True))
    call_command("seed_demo", "--figures", stdout=io.StringIO())
    assert sorted(IndicatorActual.objects.values_list("version", flat=True)) == versions


def test_without_figures_only_the_accounts(annexes):
    call_command("seed_demo", stdout=io.StringIO())
    assert not IndicatorActual.objects.exists()


def test_never_in_production(annexes, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo", "--figures", stdout=io.StringIO())
    assert not IndicatorActual.objects.exists()
