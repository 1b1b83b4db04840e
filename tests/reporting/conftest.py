"""Fixtures of the reporting tests: uploaded files in a temporary MEDIA_ROOT, a year
with every figure entered, the first plan with three years of figures."""

import pytest

from indicators.models import Indicator
from indicators.services import ActualEntry
from reporting.services import reporting_figures_save, reporting_work_save

# The planning tests' 2021–2023 plan with three years of figures (2023 approved), reused
# by the tests of two consecutive plans.
from tests.planning.conftest import approved_2023, figures_2021_2023, first_plan  # noqa: F401
from work.models import WorkItem, WorkProgress
from work.services import WorkProgressEntry


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def fill_year(user, year, skip=(), reason="", work=True):
    """Enter every indicator's figure for `year` (its baseline value: inside every rule),
    except the serials in `skip`, and (`work`) a status for every task and item of the
    plan not yet reported, so the year is complete."""
    entries = [
        ActualEntry(indicator=i, value=i.baseline_value, key=i.serial)
        for i in Indicator.objects.all()
        if i.serial not in skip
    ]
    saved = reporting_figures_save(user=user, year=year, entries=entries, reason=reason)
    if work:
        fill_work(user, year, reason=reason)
    return saved


def fill_work(user, year, reason="", status="推进中"):
    """A status for every task and item (of the plans holding `year`) without one."""
    done = WorkProgress.objects.filter(year=year).values("item_id")
    items = WorkItem.objects.filter(plan__first_year__lte=year, plan__last_year__gte=year)
    entries = [
        WorkProgressEntry(item=item, status=status, key=item.pk)
        for item in items.exclude(pk__in=done)
    ]
    return reporting_work_save(user=user, year=year, entries=entries, reason=reason)


@pytest.fixture
def filled_2021(annexes, manager):
    fill_year(manager, 2021)
    return 2021
