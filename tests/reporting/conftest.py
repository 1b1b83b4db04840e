"""Fixtures of the reporting tests: uploaded files in a temporary MEDIA_ROOT, a year
with every figure entered."""

import pytest

from indicators.models import Indicator
from indicators.services import ActualEntry
from reporting.services import reporting_figures_save


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
