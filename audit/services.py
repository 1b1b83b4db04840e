"""Producing an audit workbook and recording who asked for it: one path for web, admin and CLI."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .evaluation import build_evaluation
from .models import ReportDownload
from .report_docx import build_report
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


def evaluation_export(period, year, *, source, user=None):
    """Build the evaluation report for `period` in `year` (None: the plan's end), record the
    download, return (filename, bytes)."""
    generated_at = timezone.now()
    evaluation = build_evaluation(period, year)
    content = build_report(evaluation, generated_at=generated_at)
    stamp = timezone.localtime(generated_at).strftime("%Y%m%d-%H%M")
    filename = _("双创示范基地%(kind)s报告-%(year)s-%(stamp)s.docx") % {
        "kind": evaluation.kind,
        "year": evaluation.year,
        "stamp": stamp,
    }
    ReportDownload.objects.create(
        requested_by=user, source=source, year=evaluation.year, filename=filename
    )
    return filename, content
