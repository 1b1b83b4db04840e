"""A failure in the middle of a bulk write leaves the database as it was.

Each test lets a writer save some rows, then injects a failure, and checks that
nothing it wrote before the failure stayed.
"""

import io

import pytest
from django.core.management import call_command

from indicators import annexes as annex_loader
from indicators.models import Indicator
from platforms.models import Platform
from projects.models import Project


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
