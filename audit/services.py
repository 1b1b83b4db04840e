"""Producing an audit workbook and recording who asked for it: one path for web, admin and CLI."""

from django.utils import timezone

from .models import ReportDownload
from .workbook import build_workbook, report_filename


def report_export(scope, *, source, user=None, generated_by):
    """Build the workbook for `scope`, record the download, return (filename, bytes)."""
    generated_at = timezone.now()
    content = build_workbook(scope, generated_by=generated_by, generated_at=generated_at)
    filename = report_filename(scope, generated_at)
    ReportDownload.objects.create(
        requested_by=user,
        source=source,
        year=scope.year,
        actual_ids=list(scope.actual_ids) if scope.actual_ids is not None else [],
        filename=filename,
    )
    return filename, content
