"""A failure in the middle of a bulk write leaves the database as it was: the annex
loader, the yearly entry screen and the Excel import (the restore: tests/test_backup.py).

Each test lets a writer save some rows, then injects a failure, and checks that
nothing it wrote before the failure stayed.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators import annexes as annex_loader
from indicators import services
from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save
from platforms.models import Platform
from projects.models import Project

from .test_import import filled, template
from .test_year_entry import entry_data


def fail_after(monkeypatch, module, name, calls):
    """Replace module.name with a wrapper that raises on call number `calls` + 1."""
    real, done = getattr(module, name), []

    def wrapper(*args, **kwargs):
        if len(done) == calls:
            raise RuntimeError("injected failure")
        done.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return done


def counts():
    return Indicator.objects.count(), Platform.objects.count(), Project.objects.count()


def test_load_annexes_failing_among_the_platforms_loads_nothing(db, monkeypatch):
    done = fail_after(monkeypatch, annex_loader, "_upsert", 13 + 20)
    with pytest.raises(RuntimeError, match="injected"):
        call_command("load_annexes", stdout=io.StringIO())
    assert len(done) == 33  # the failure really came halfway
    assert counts() == (0, 0, 0)


def test_load_annexes_failing_on_a_rerun_keeps_the_earlier_load(annexes, monkeypatch):
    Indicator.objects.filter(serial=7).update(name="改过的名称")
    Platform.objects.filter(serial=1).update(name="改过的平台")
    done = fail_after(monkeypatch, annex_loader, "_upsert", 40)
    with pytest.raises(RuntimeError, match="injected"):
        call_command("load_annexes", stdout=io.StringIO())
    assert len(done) == 40
    # The rerun had already put both names back before it failed; both changes were undone.
    assert Indicator.objects.get(serial=7).name == "改过的名称"
    assert Platform.objects.get(serial=1).name == "改过的平台"
    assert counts() == (13, 35, 34)


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
    client, manager, one_figure, monkeypatch
):
    client.force_login(manager)
    data = entry_data(client, 2022, {1: "40", 2: "50", 3: "1950", 4: "200", 13: "2.1"})
    before = actuals_and_history()
    done = fail_after(monkeypatch, services, "actual_save", 3)
    with pytest.raises(RuntimeError, match="injected"):
        client.post(reverse("admin:entry_year") + "?year=2022", data)
    assert len(done) == 3  # three rows were saved before the failure
    assert actuals_and_history() == before


def test_an_excel_import_failing_halfway_saves_nothing(client, manager, one_figure, monkeypatch):
    client.force_login(manager)
    upload = filled(template(client), {1: 40, 2: 50, 3: 1950, 4: 200, 13: 2.1})
    preview = client.post(reverse("admin:import_upload"), {"file": upload})
    assert {row.status for row in preview.context["rows"]} >= {"new", "changed"}
    before = actuals_and_history()
    done = fail_after(monkeypatch, services, "actual_save", 3)
    with pytest.raises(RuntimeError, match="injected"):
        client.post(reverse("admin:import_confirm"))
    assert len(done) == 3
    assert actuals_and_history() == before
