"""The admin's custom pages: yearly entry, approval and Excel import.

Thin views: check the role, call a service or importer, render. Each is wrapped by
`admin_site.admin_view` (login, staff) in IndicatorActualAdmin.get_urls.
"""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core.downloads import xlsx_response
from core.forms import YearForm
from core.numbers import format_decimal
from plans.models import Plan, PlanState

from . import importers
from .forms import EntryFormSet, UploadForm, entry_entries, entry_initial, entry_row_errors
from .models import EntryChannel, Indicator, IndicatorActual, YearApproval
from .services import (
    BatchError,
    actuals_save_many,
    approval_fingerprint,
    year_approve_as_seen,
    year_unlock,
)

IMPORT_SESSION_KEY = "indicator_import"


def entry_years(today=None):
    """Years figures can be entered for under the plan in force, newest first."""
    return Plan.objects.current().entry_years(today or datetime.date.today())


def approval_years(today=None):
    """[(year, plan)] of every year whose figures may be approved, newest first: the
    begun years of every plan in force or closed (an ended plan's years are still
    approved and unlocked here), then the current plan's years after its last (plan None:
    规划期后). A draft's years are not reported yet."""
    today = today or datetime.date.today()
    plans = list(Plan.objects.exclude(state=PlanState.DRAFT).order_by("first_year"))
    by_year = {year: plan for plan in plans for year in plan.years if year <= today.year}
    current = Plan.objects.current()
    post_plan = current.entry_years(today) if current and not current.is_draft else []
    years = sorted(set(by_year) | set(post_plan), reverse=True)
    return [(year, by_year.get(year)) for year in years]


def _chosen_year(request, years):
    plan = Plan.objects.current()
    default = plan.default_entry_year(YearApproval.objects.locked_years(), datetime.date.today())
    return YearForm.chosen(request.GET, years, default, last_plan_year=plan.last_year)


def _require(request, *perms):
    if not any(request.user.has_perm(p) for p in perms):
        raise PermissionDenied(_("你没有权限访问此页面。"))


def _page(request, title, template, context):
    context = {**admin.site.each_context(request), "title": title, **context}
    return TemplateResponse(request, template, context)


# Yearly entry: all 13 indicators of one year on one screen.


def year_entry(request):
    _require(request, "indicators.add_indicatoractual", "indicators.change_indicatoractual")
    years = entry_years()
    year_form, year = _chosen_year(request, years)
    indicators = list(Indicator.objects.for_entry())
    approval = YearApproval.objects.for_year(year)

    if request.method == "POST":
        formset = EntryFormSet(request.POST, initial=entry_initial(indicators, year))
        if len(formset.forms) != len(indicators):
            raise SuspiciousOperation("entry form count does not match the indicators")
        if formset.is_valid() and approval is None:
            try:
                saved = actuals_save_many(
                    user=request.user,
                    year=year,
                    entries=entry_entries(formset, indicators),
                    via=EntryChannel.ADMIN,
                )
            except BatchError as error:
                entry_row_errors(formset, indicators, error)
                messages.error(request, _("没有保存：请改正标出的错误后再提交。"))
            else:
                messages.success(
                    request, _("%(year)s 年已保存 %(n)s 项。") % {"year": year, "n": len(saved)}
                )
                return redirect(f"{reverse('admin:entry_year')}?year={year}")
        elif approval is not None:
            messages.error(request, _("该年度已审定锁定，未保存。"))
    else:
        formset = EntryFormSet(initial=entry_initial(indicators, year))

    rows = []
    for indicator, form in zip(indicators, formset.forms, strict=True):
        actuals = {a.year: a for a in indicator.series_actuals()}
        previous, current = actuals.get(year - 1), actuals.get(year)
        rows.append(
            {
                "indicator": indicator,
                "form": form,
                "baseline": format_decimal(indicator.baseline_value),
                "target": format_decimal(indicator.target_value),
                "previous": format_decimal(previous.value) if previous else "",
                "current": current,
            }
        )
    context = {
        "year": year,
        "year_form": year_form,
        "formset": formset,
        "rows": rows,
        "approval": approval,
    }
    return _page(
        request,
        _("按年度填报"),
        "admin/indicators/year_entry.html",
        context,
    )


# Approval: leadership approves a year; a system administrator unlocks it with a reason.


def year_approval(request):
    _require(request, "indicators.view_yearapproval")
    if request.method == "POST":
        return _approval_action(request)
    locked = {a.year: a for a in YearApproval.objects.active().select_related("approved_by")}
    counts = IndicatorActual.objects.values_list("year", flat=True)
    indicator_counts = dict(Plan.objects.annotate(n=Count("indicators")).values_list("pk", "n"))
    current = Plan.objects.current()
    rows = []
    for year, plan in approval_years():
        # A year after the last plan is measured with the current plan's indicators.
        counted = plan or current
        rows.append(
            {
                "year": year,
                "plan": plan,
                "entered": sum(1 for y in counts if y == year),
                "indicator_count": indicator_counts.get(counted.pk, 0),
                "approval": locked.get(year),
                # The approve button names the data as this page found them: a change
                # made before the click refuses the approval (year_approve_as_seen).
                "fingerprint": "" if year in locked else approval_fingerprint(year),
            }
        )
    history = YearApproval.objects.filter(unlocked_at__isnull=False).select_related(
        "approved_by", "unlocked_by"
    )
    context = {
        "rows": rows,
        "unlocked": history,
        "can_approve": request.user.has_perm("indicators.add_yearapproval"),
        "can_unlock": request.user.has_perm("indicators.change_yearapproval"),
    }
    return _page(request, _("年度数据审定"), "admin/indicators/year_approval.html", context)


def _approval_action(request):
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("年份无效。"))
        return redirect("admin:approval_years")
    try:
        if request.POST.get("action") == "unlock":
            year_unlock(user=request.user, year=year, reason=request.POST.get("reason", ""))
            messages.success(request, _("%(year)s 年已解锁，原因已记录。") % {"year": year})
        else:
            year_approve_as_seen(
                user=request.user, year=year, fingerprint=request.POST.get("fingerprint", "")
            )
            messages.success(request, _("%(year)s 年数据已审定并锁定。") % {"year": year})
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("admin:approval_years")


# Excel import: template → upload → preview → confirm.


def import_template(request):
    _require(request, "indicators.add_indicatoractual", "indicators.change_indicatoractual")
    _year_form, year = _chosen_year(request, entry_years())
    return xlsx_response(f"indicators-{year}.xlsx", importers.build_template(year))


def import_upload(request):
    _require(request, "indicators.add_indicatoractual", "indicators.change_indicatoractual")
    years = entry_years()
    year_form, _year = _chosen_year(request, years)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "year_form": year_form}
    if request.method == "POST" and form.is_valid():
        try:
            sheet = importers.read_sheet(form.cleaned_data["file"])
        except importers.ImportFileError as error:
            form.add_error("file", error.messages)
        else:
            rows = importers.preview(request.user, sheet)
            payload = importers.entries_payload(rows)
            has_errors = any(row.status == "error" for row in rows)
            request.session[IMPORT_SESSION_KEY] = {
                "year": sheet.year,
                "rows": payload,
                "file": form.cleaned_data["file"].name,
            }
            if has_errors:
                del request.session[IMPORT_SESSION_KEY]
            context |= {
                "year": sheet.year,
                "rows": rows,
                "labels": importers.STATUS_LABELS,
                "has_errors": has_errors,
                "to_save": len(payload),
            }
            return _page(request, _("导入预览"), "admin/indicators/import_preview.html", context)
    return _page(request, _("Excel 导入"), "admin/indicators/import_upload.html", context)


def import_confirm(request):
    _require(request, "indicators.add_indicatoractual", "indicators.change_indicatoractual")
    pending = request.session.get(IMPORT_SESSION_KEY)
    if request.method != "POST" or not pending:
        messages.error(request, _("没有待确认的导入：请重新上传文件。"))
        return redirect("admin:import_upload")
    del request.session[IMPORT_SESSION_KEY]
    try:
        saved = importers.confirm(
            request.user, pending["year"], pending["rows"], via_file=pending.get("file", "")
        )
    except BatchError as error:
        messages.error(request, _("没有保存任何数据："))
        for message in error.messages:
            messages.error(request, message)
        return redirect("admin:import_upload")
    messages.success(
        request,
        _("已导入 %(year)s 年 %(n)s 项实际值。") % {"year": pending["year"], "n": len(saved)},
    )
    return redirect(f"{reverse('admin:entry_year')}?year={pending['year']}")
