"""Producing an audit workbook or an evaluation report and recording who asked for it: one
path for web, admin and CLI. Both cover one plan, named in the file and its name."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .evaluation import build_evaluation
from .models import ReportDownload
from .report_docx import build_report
from .workbook import build_workbook, file_name_part, report_filename


def report_export(scope, *, source, user=None, generated_by):
    """Build the workbook for `scope` (its plan: the current one when it names none), record
    the download, return (filename, bytes). `user`: who asked (None: a command)."""
    scope = scope.of_plan()
    generated_at = timezone.now()
    content = build_workbook(scope, generated_by=generated_by, generated_at=generated_at, user=user)
    filename = report_filename(scope, generated_at)
    ReportDownload.objects.create(
        requested_by=user,
        source=source,
        plan=scope.plan,
        year=scope.year,
        actual_ids=list(scope.actual_ids) if scope.actual_ids is not None else [],
        filename=filename,
    )
    return filename, content


def evaluation_export(period, year, *, source, user=None):
    """Build the evaluation report for `period` in `year` (阶段评估; None: 终期评估 of the
    whole plan), record the download, return (filename, bytes)."""
    generated_at = timezone.now()
    evaluation = build_evaluation(period, year)
    content = build_report(evaluation, generated_at=generated_at)
    stamp = timezone.localtime(generated_at).strftime("%Y%m%d-%H%M")
    # 阶段评估 names its year, 终期评估 the plan's period: the file says which it is.
    filename = _("%(plan)s-%(kind)s报告-%(covered)s-%(stamp)s.docx") % {
        "plan": file_name_part(period.name),
        "kind": evaluation.kind,
        "covered": evaluation.covered,
        "stamp": stamp,
    }
    ReportDownload.objects.create(
        requested_by=user,
        source=source,
        plan_id=period.plan_id,
        year=evaluation.year,
        filename=filename,
    )
    return filename, content
