"""Writes of project progress: the one code path for admin, import and API.

Same rules as indicators/services.py: permission, validation, the year lock (an
approved year locks project progress too) and the optimistic version check.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.services import StaleEditError, YearlyRecord, delete_checked, stored_for_write
from indicators.validation import validate_project_progress

from .models import ProjectProgress


def _stale(current):
    if current is None:
        return StaleEditError(None)
    return StaleEditError(
        current, value_label=_("当年完成投资"), value=current.investment_completed
    )


PROGRESS = YearlyRecord(
    model=ProjectProgress,
    owner_field="project",
    stale=_stale,
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
    row.entered_by = user
    row.version = 1 if current is None else current.version + 1
    row._history_user = user
    return row


@transaction.atomic
def project_progress_save(**kwargs):
    """Create or change one year's progress of a project; return the saved row.

    Keyword arguments: user, project, year, investment_completed (万元), status,
    completion_percent, note, progress (the row being edited), expected_version,
    today; `progress` and `expected_version` work as in indicators.services.actual_save.
    """
    row = project_progress_prepare(**kwargs)
    row.save()
    return row


@transaction.atomic
def project_progress_delete(*, user, progress, expected_version=None):
    """Delete one year's progress (history keeps it); refused on a locked year or stale edit."""
    delete_checked(PROGRESS, user=user, row=progress, expected_version=expected_version)
