"""The cast with mail addresses, and a year of figures ready to submit."""

import pytest

from tests.reporting.conftest import fill_year


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(annexes, manager, leader, auditor):
    for user, address in (
        (manager, "m@example.org"),
        (leader, "l@example.org"),
        (auditor, "a@example.org"),
    ):
        user.email = address
        user.save()
    return manager, leader


@pytest.fixture
def filled_2021(people, manager):
    fill_year(manager, 2021)
    return 2021
