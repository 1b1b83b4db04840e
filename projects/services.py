"""Writes of project progress: the one code path for admin, import and API.

Same rules as indicators/services.py: permission, validation, the year lock (an
approved year locks project progress too) and the optimistic version check.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.services import (
    StaleEditError,
    check_year_unlocked,
    require_permission,
)
from indicators.validation import validate_project_progress

from .models import ProjectProgress


def _stale(current):
    if current is None:
        return StaleEditError(None)
    return StaleEditError(
        current, value_label=_("当年完成投资"), value=current.investment_completed
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
    if progress is not None:
        if expected_version is None:
            expected_version = progress.version
        current = ProjectProgress.objects.select_for_update().filter(pk=progress.pk).first()
        if current is None:
            raise _stale(None)
    else:
        current = (
            ProjectProgress.objects.select_for_update().filter(project=project, year=year).first()
        )
        if current is None and expected_version is not None:
            raise _stale(None)  # the row the user saw was deleted meanwhile

    if current is None:
        require_permission(user, "projects.add_projectprogress", _("你没有权限填报项目年度进展。"))
    else:
        require_permission(
            user, "projects.change_projectprogress", _("你没有权限修改项目年度进展。")
        )
        check_year_unlocked(current.year)
        if current.version != expected_version:
            raise _stale(current)
    check_year_unlocked(year)

    if current is not None and (current.project_id, current.year) != (project.pk, year):
        if ProjectProgress.objects.filter(project=project, year=year).exists():
            raise ValidationError(
                {
                    "year": [
                        _("项目“%(name)s”%(year)s 年已有进展记录，请直接修改那一条。")
                        % {"name": project.name, "year": year}
                    ]
                }
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
    require_permission(user, "projects.delete_projectprogress", _("你没有权限删除项目年度进展。"))
    if expected_version is None:
        expected_version = progress.version
    current = ProjectProgress.objects.select_for_update().filter(pk=progress.pk).first()
    if current is None:
        raise _stale(None)
    check_year_unlocked(current.year)
    if current.version != expected_version:
        raise _stale(current)
    current._history_user = user
    current.delete()
