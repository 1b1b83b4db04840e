"""A failure in the middle of a bulk write of figures leaves the database as it was: the
yearly entry screen and the Excel import (the annex loader: tests/annexes/, the restore:
tests/backups/).

Each test lets a writer save some rows, then injects a failure (the `fail_after`
fixture), and checks that nothing it wrote before the failure stayed.
"""

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save

from .test_import import filled, template
from .test_year_entry import entry_data


def actuals_and_history():
    return (
        sorted(IndicatorActual.objects.values_list("indicator__serial", "year", "value")),
        IndicatorActual.history.count(),
    )


@pytest.fixture
def one_figure(annexes, manager):
    """科技型企业数 2022 = 1900, so a failed save has something to leave alone."""
    return actual_save(
        user=manager, indicator=Indicator.objects.get(serial=3), year=2022, value="1900"
    )


def test_the_yearly_entry_screen_failing_halfway_saves_nothing(
    client, manager, one_figure, fail_after
):
    client.force_login(manager)
    data = entry_data(client, 2022, {1: "40", 2: "50", 3: "1950", 4: "200", 13: "2.1"})
    before = actuals_and_history()
    done = fail_after(services, "actual_save", 3)
    with pytest.raises(RuntimeError, match="injected"):
        client.post(reverse("admin:entry_year") + "?year=2022", data)
    assert len(done) == 3  # three rows were saved before the failure
    assert actuals_and_history() == before


def test_an_excel_import_failing_halfway_saves_nothing(client, manager, one_figure, fail_after):
    client.force_login(manager)
    upload = filled(template(client), {1: 40, 2: 50, 3: 1950, 4: 200, 13: 2.1})
    preview = client.post(reverse("admin:import_upload"), {"file": upload})
    assert {row.status for row in preview.context["rows"]} >= {"new", "changed"}
    before = actuals_and_history()
    done = fail_after(services, "actual_save", 3)
    with pytest.raises(RuntimeError, match="injected"):
        client.post(reverse("admin:import_confirm"))
    assert len(done) == 3
    assert actuals_and_history() == before
