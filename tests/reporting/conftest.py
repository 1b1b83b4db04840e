"""Fixtures of the reporting tests: uploaded files in a temporary MEDIA_ROOT, a year
with every figure entered, the first plan with three years of figures."""

import pytest

from indicators.models import Indicator
from indicators.services import ActualEntry
from reporting.services import reporting_figures_save

# The planning tests' 2021–2023 plan with three years of figures (2023 approved), reused
# by the tests of two consecutive plans.
from tests.planning.conftest import approved_2023, figures_2021_2023, first_plan  # noqa: F401


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def fill_year(user, year, skip=(), reason=""):
    """Enter every indicator's figure for `year` (its baseline value: inside every rule),
    except the serials in `skip`."""
    entries = [
        ActualEntry(indicator=i, value=i.baseline_value, key=i.serial)
        for i in Indicator.objects.all()
        if i.serial not in skip
    ]
    return reporting_figures_save(user=user, year=year, entries=entries, reason=reason)


@pytest.fixture
def filled_2021(annexes, manager):
    fill_year(manager, 2021)
    return 2021
