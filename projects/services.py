"""Writes of project progress: the one code path for admin, import and API.

Same protocol as indicators/services.py (core/records.py): permission, validation
(projects/rules.py), the year lock (an approved year locks project progress too) and
the optimistic version check.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.records import (
    YearlyRecord,
    check_text_lengths,
    delete_checked,
    save_checked,
    stamp,
    stored_for_write,
)
from indicators.services import check_year_unlocked, save_each

from .models import ProjectProgress
from .rules import validate_project_progress

PROGRESS = YearlyRecord(
    model=ProjectProgress,
    owner_field="project",
    value_field="investment_completed",
    value_label=gettext_lazy("当年完成投资"),
    check_unlocked=check_year_unlocked,
    add_denied=gettext_lazy("你没有权限填报项目年度进展。"),
    change_denied=gettext_lazy("你没有权限修改项目年度进展。"),
    delete_denied=gettext_lazy("你没有权限删除项目年度进展。"),
    taken=gettext_lazy("项目“%(name)s”%(year)s 年已有进展记录，请直接修改那一条。"),
)


def project_progress_prepare(
    *,
    user,
    project,
    year,
    investment_completed,
    status,
    completion_percent=None,
    note="",
    progress=None,
    expected_version=None,
    today=None,
):
    """Everything `project_progress_save` checks, without writing: the row, ready to save."""
    check_text_lengths({"note": (_("说明"), note)})
    current = stored_for_write(
        PROGRESS,
        user=user,
        owner=project,
        year=year,
        row=progress,
        expected_version=expected_version,
    )
    investment, percent = validate_project_progress(
        year, investment_completed, status, completion_percent, today=today
    )
    row = current or ProjectProgress()
    row.project = project
    row.year = year
    row.investment_completed = investment
    row.status = status
    row.completion_percent = percent
    row.note = note or ""
    return stamp(row, current, user)


@transaction.atomic
def project_progress_save(**kwargs):
    """Create or change one year's progress of a project; return the saved row.

    Keyword arguments: user, project, year, investment_completed (万元), status,
    completion_percent, note, progress (the row being edited), expected_version,
    today; `progress` and `expected_version` work as in indicators.services.actual_save.
    """
    return save_checked(PROGRESS, project_progress_prepare(**kwargs))


@transaction.atomic
def project_progress_delete(*, user, progress, expected_version=None):
    """Delete one year's progress (history keeps it); refused on a locked year or stale edit."""
    delete_checked(PROGRESS, user=user, row=progress, expected_version=expected_version)


@dataclass
class ProgressEntry:
    """One project's row of a whole-year progress entry."""

    project: object
    investment_completed: object  # typed text or a Decimal
    status: str
    completion_percent: object = None
    note: str = ""
    expected_version: int | None = None
    key: object = None  # how the caller names the row to the user


@transaction.atomic
def project_progress_save_many(*, user, year, entries, today=None):
    """Save a year's progress of several projects, all or nothing; return the rows saved.

    Every row is checked and every refusal collected first: if any row fails, nothing is
    saved and BatchError names each failed row by its key.
    """
    stored = {
        row.project_id: row
        for row in ProjectProgress.objects.filter(
            year=year, project__in=[entry.project for entry in entries]
        )
    }

    def save_one(entry):
        return project_progress_save(
            user=user,
            project=entry.project,
            year=year,
            investment_completed=entry.investment_completed,
            status=entry.status,
            completion_percent=entry.completion_percent,
            note=entry.note,
            progress=stored.get(entry.project.pk) if entry.expected_version is not None else None,
            expected_version=entry.expected_version,
            today=today,
        )

    return save_each(entries, save_one)
