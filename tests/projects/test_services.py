"""Project progress is written by the same protocol as figures (core/records.py):
permission, validation, the year lock and the optimistic version check."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.records import TEXT_MAX_LENGTH, StaleEditError
from indicators.models import Indicator
from indicators.services import YearLockedError, actual_save, year_approve
from projects.models import Project, ProjectProgress
from projects.services import project_progress_delete, project_progress_save


@pytest.fixture
def approved_2022(manager, leader, annexes):
    """2022 approved (with one figure, as approval needs), which locks project progress too."""
    companies = Indicator.objects.get(serial=3)
    actual_save(user=manager, indicator=companies, year=2022, value="1900")
    return year_approve(user=leader, year=2022)


@pytest.fixture
def project(annexes):
    return Project.objects.get(row=1)


def progress(user, project, year=2022, investment="1,000", status="在建", **kwargs):
    return project_progress_save(
        user=user,
        project=project,
        year=year,
        investment_completed=investment,
        status=status,
        completion_percent=kwargs.pop("completion_percent", "40"),
        **kwargs,
    )


def test_manager_records_project_progress(manager, project):
    row = progress(manager, project)
    assert (row.investment_completed, row.completion_percent) == (Decimal("1000"), Decimal("40"))
    assert (row.version, row.entered_by) == (1, manager)
    assert row.history.get().history_user == manager
    assert Project.objects.with_progress().get(pk=project.pk).cumulative_investment == 1000


def test_stale_project_progress_edit_is_refused(manager, project):
    mine = progress(manager, project)
    progress(manager, project, investment="1200", progress=ProjectProgress.objects.get())
    with pytest.raises(StaleEditError) as excinfo:
        progress(manager, project, investment="1100", progress=mine)
    assert "1200" in excinfo.value.messages[0]
    assert ProjectProgress.objects.get().investment_completed == Decimal("1200")


def test_locked_year_refuses_project_progress(manager, approved_2022, project):
    with pytest.raises(YearLockedError):
        progress(manager, project)
    row = progress(manager, project, year=2021)
    with pytest.raises(YearLockedError):
        progress(manager, project, year=2022, progress=row)


def test_invalid_project_progress_changes_nothing(manager, project):
    with pytest.raises(ValidationError) as excinfo:
        progress(manager, project, investment="-1", completion_percent="120")
    assert set(excinfo.value.message_dict) == {"investment_completed", "completion_percent"}
    assert not ProjectProgress.objects.exists()


@pytest.mark.parametrize("role", ["leader", "auditor", "outsider"])
def test_only_managers_record_project_progress(role, request, manager, project):
    with pytest.raises(PermissionDenied):
        progress(request.getfixturevalue(role), project)
    row = progress(manager, project)
    with pytest.raises(PermissionDenied):
        project_progress_delete(user=request.getfixturevalue(role), progress=row)
    assert ProjectProgress.objects.count() == 1


def test_manager_deletes_project_progress_with_history(manager, project):
    row = progress(manager, project)
    project_progress_delete(user=manager, progress=row)
    assert not ProjectProgress.objects.exists()
    assert ProjectProgress.history.latest().history_type == "-"


def test_progress_note_has_the_same_length_limit(manager, project):
    with pytest.raises(ValidationError) as refused:
        progress(manager, project, note="字" * (TEXT_MAX_LENGTH + 1))
    assert f"最多 {TEXT_MAX_LENGTH} 字" in refused.value.message_dict["note"][0]
    assert not ProjectProgress.objects.exists()
