"""A failure in the middle of loading the annexes leaves the database as it was.

Each test lets the loader save some rows, then injects a failure (the `fail_after`
fixture), and checks that nothing it wrote before the failure stayed.
"""

import io

import pytest
from django.core.management import call_command

from annexes import loader as annex_loader
from indicators.models import Indicator
from platforms.models import Platform
from projects.models import Project


def counts():
    return Indicator.objects.count(), Platform.objects.count(), Project.objects.count()


def test_load_annexes_failing_among_the_platforms_loads_nothing(db, fail_after):
    done = fail_after(annex_loader, "_upsert", 13 + 20)
    with pytest.raises(RuntimeError, match="injected"):
        call_command("load_annexes", stdout=io.StringIO())
    assert len(done) == 33  # the failure really came halfway
    assert counts() == (0, 0, 0)


def test_load_annexes_failing_on_a_rerun_keeps_the_earlier_load(annexes, fail_after):
    Indicator.objects.filter(serial=7).update(name="改过的名称")
    Platform.objects.filter(serial=1).update(name="改过的平台")
    done = fail_after(annex_loader, "_upsert", 40)
    with pytest.raises(RuntimeError, match="injected"):
        call_command("load_annexes", stdout=io.StringIO())
    assert len(done) == 40
    # The rerun had already put both names back before it failed; both changes were undone.
    assert Indicator.objects.get(serial=7).name == "改过的名称"
    assert Platform.objects.get(serial=1).name == "改过的平台"
    assert counts() == (13, 35, 34)
