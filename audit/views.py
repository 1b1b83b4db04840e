"""The auditors' pages: the workbook download and the list of recent changes."""

from decimal import Decimal
from itertools import chain

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.downloads import DOCX_CONTENT_TYPE, xlsx_response
from core.numbers import format_decimal
from core.people import display_name
from plans.models import Plan

from .evaluation import evaluation_year_errors
from .forms import ReportOptionsForm
from .history import AUDITED_MODELS, describe_changes, history_visible_to
from .models import ReportSource
from .plan_period import current_plan_period, report_plan, report_year_errors
from .services import evaluation_export, report_export
from .workbook import ReportScope

EXPORT_PERMISSION = "indicators.export_report"
EVALUATION_PERMISSION = "audit.export_evaluation"
HISTORY_PERMISSION = "indicators.view_historicalindicatoractual"
RECENT_CHANGES_LIMIT = 500


@login_required
def download(request):
    """The audit workbook of the plan of ?plan=<id> (default: the current one) for
    ?year=2023, or every year of the plan without it (审计, 领导, administrators)."""
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    form = ReportOptionsForm(request.GET)
    plan, errors = _asked_plan(request)
    if not form.is_valid():
        errors += form.errors["year"]
    elif plan is not None:
        errors += report_year_errors(plan, form.cleaned_data["year"])
    if errors:
        return HttpResponseBadRequest(
            _("无法导出报表：%(message)s") % {"message": "；".join(errors)},
            content_type="text/plain; charset=utf-8",
        )
    scope = ReportScope(year=form.cleaned_data["year"], plan=plan)
    filename, content = report_export(
        scope, source=ReportSource.WEB, user=request.user, generated_by=display_name(request.user)
    )
    return xlsx_response(filename, content)


@login_required
def evaluation(request):
    """The evaluation report (.docx) of the plan of ?plan=<id> (default: the current one)
    for ?year=2022 (阶段评估), or of the whole plan without it (终期评估, once its last year
    has figures); base managers, leadership and administrators."""
    if not request.user.has_perm(EVALUATION_PERMISSION):
        raise PermissionDenied
    form = ReportOptionsForm(request.GET)
    plan, errors = _asked_plan(request)
    if not form.is_valid():
        errors += form.errors["year"]
    elif plan is not None:
        errors += evaluation_year_errors(current_plan_period(plan), form.cleaned_data["year"])
    if errors:
        return HttpResponseBadRequest(
            _("无法生成评估报告：%(message)s") % {"message": "；".join(errors)},
            content_type="text/plain; charset=utf-8",
        )
    filename, content = evaluation_export(
        current_plan_period(plan), form.cleaned_data["year"], source=ReportSource.WEB,
        user=request.user,
    )  # fmt: skip
    return xlsx_response(filename, content, content_type=DOCX_CONTENT_TYPE)


def _asked_plan(request):
    """(plan, errors): the plan of ?plan=<id> if the user may see it (drafts: managers and
    leadership), the current plan without it; else a message."""
    return report_plan(Plan.objects.visible_to(request.user), request.GET.get("plan"))


def recent_changes(request):
    """One list of who changed what, across every audited model (an admin page); a draft
    plan's rows only for those who may see drafts."""
    if not request.user.has_perm(HISTORY_PERMISSION):
        raise PermissionDenied(_("你没有权限访问此页面。"))
    model_name = request.GET.get("model", "")
    models = [m for m in AUDITED_MODELS if not model_name or m._meta.model_name == model_name]
    records = sorted(
        chain.from_iterable(
            history_visible_to(m, m.history.all(), request.user).order_by("-history_date")[
                :RECENT_CHANGES_LIMIT
            ]
            for m in models
        ),
        key=lambda r: r.history_date,
        reverse=True,
    )[:RECENT_CHANGES_LIMIT]
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    context = {
        **admin.site.each_context(request),
        "title": _("最近修改记录"),
        "page": page,
        "changes": [_shown(change) for change in describe_changes(page.object_list)],
        "models": [(m._meta.model_name, m._meta.verbose_name) for m in AUDITED_MODELS],
        "model_name": model_name,
    }
    return TemplateResponse(request, "admin/audit/recent_changes.html", context)


def _shown(change):
    """A change as the page lists it: who, when, what, and each field's old → new as text."""
    return {
        "when": change.when,
        "who": change.user,
        "model": change.model,
        "object": change.object,
        "action": change.action,
        "reason": change.reason,
        "fields": [
            (f.label, _shown_value(f.old), _shown_value(f.new)) for f in change.fields or []
        ],
    }


def _shown_value(value):
    if isinstance(value, Decimal):
        return format_decimal(value)
    if value is None:
        return "—"
    return value
