"""The pages of the yearly reporting cycle (docs/domain.md, "The reporting cycle").

Thin views: check the role, call a service or a selector, render. Managers enter,
attach evidence, import and submit; leadership reviews, returns or approves; auditors
read the whole record. Nothing here is cached: every page shows its user's actions.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import xlsx_response
from core.errors import NotFound
from core.forms import add_service_error
from core.numbers import format_decimal
from indicators import importers
from indicators.forms import (
    EntryFormSet,
    UploadForm,
    confirmable_outlier,
    entry_entries,
    entry_initial,
    entry_row_errors,
)
from indicators.models import EntryChannel, Indicator
from indicators.rules import OUTLIER_FALL_SHARE, OUTLIER_TARGET_FACTOR
from indicators.services import BatchError
from plans.models import PlanState
from projects.models import Project, ProjectProgress, ProjectStatus
from projects.services import ProgressEntry, project_progress_save_many
from work.models import WorkItem

from . import rules, selectors, services
from .forms import ChangeReasonForm, DueDateForm, EvidenceForm, ProjectFormSet, ReturnForm
from .models import Evidence, ReportingState
from .plan import chosen_plan, default_entry_year, plan_of_year, started_years

VIEW_PERM = "indicators.view_indicatoractual"
IMPORT_SESSION_KEY = "reporting_import"


def _to(name, plan, **kwargs):
    """A reporting page's URL that keeps the plan (?plan=<id>)."""
    return f"{reverse(f'reporting:{name}', kwargs=kwargs or None)}?plan={plan.pk}"


def _year_plan(request, year):
    """The plan a year page belongs to (reporting/plan.py plan_of_year), else 404 saying
    why: the plan asked for (?plan=) does not hold the year, or no plan the user may see
    does."""
    wanted = request.GET.get("plan", "")
    plan = plan_of_year(request.user, year, wanted)
    if plan is not None:
        return plan
    if wanted.strip():
        raise NotFound(_("%(year)s 年不是所选规划的年度（或你无权查看该规划）。") % {"year": year})
    raise NotFound(_("%(year)s 年不属于你可查看的任何规划。") % {"year": year})


def _started_year(request, year):
    """The plan of a year that has begun, else 404: no entry screen for a future year."""
    plan = _year_plan(request, year)
    if year not in started_years(plan):
        raise NotFound(_("%(year)s 年不在可填报的年度内。") % {"year": year})
    return plan


def _read_only(plan, year, state):
    """Why a year's figures cannot be changed on the site, or "" when they can. The lock
    is the approval, not the plan's state: a closed plan's year not approved stays open."""
    if state == ReportingState.APPROVED:
        return _("%(year)s 年的数据已审定锁定，只能查看；如需更正，请系统管理员解锁。") % {
            "year": year
        }
    if plan.is_draft:
        return _("“%(name)s”尚是草稿：规划批准执行后才能填报 %(year)s 年的数据。") % {
            "name": plan.name,
            "year": year,
        }
    return ""


def _plan_context(plan):
    return {"plan": plan, "plan_closed": plan.state == PlanState.CLOSED}


def _show(request, error):
    if isinstance(error, PermissionDenied):
        messages.error(request, str(error))
        return
    for message in error.messages:
        messages.error(request, message)


# ---- the manager's side ------------------------------------------------------------


@login_required
@permission_required(VIEW_PERM, raise_exception=True)
def overview(request):
    """数据填报: every year of one plan (?plan=, default the current one) with its
    state, due date and gaps. The plan's baseline year is the previous plan's."""
    plan, plans = chosen_plan(request)
    if plan is None:
        return render(request, "reporting/no_plan.html")
    enterable = started_years(plan)
    context = {
        **_plan_context(plan),
        "plans": plans,
        "summaries": selectors.year_summaries(plan, plan.years, enterable),
        "default_year": default_entry_year(plan, enterable),
        "can_enter": request.user.has_perm(services.ENTER_PERM),
        "can_set_due": services.can_set_due_date(request.user),
        "managers": selectors.managers(),
        "due_form": DueDateForm(),
    }
    return render(request, "reporting/overview.html", context)


@login_required
@permission_required(services.ENTER_PERM, raise_exception=True)
def entry(request, year):
    """The entry screen of one year: every indicator of the year's plan, last year beside
    it, one save. An approved year (or a draft's) is shown read-only."""
    plan = _started_year(request, year)
    indicators = list(Indicator.objects.for_entry(plan))
    state = services.reporting_year_state(year)
    read_only = _read_only(plan, year, state)
    refused = False
    reason_form = ChangeReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not read_only:
        formset = EntryFormSet(request.POST, initial=entry_initial(indicators, year))
        if len(formset.forms) != len(indicators):
            raise SuspiciousOperation("entry form count does not match the indicators")
        if formset.is_valid() and reason_form.is_valid():
            try:
                saved = services.reporting_figures_save(
                    user=request.user,
                    year=year,
                    entries=entry_entries(formset, indicators),
                    reason=reason_form.cleaned_data["reason"],
                )
            except BatchError as error:
                entry_row_errors(formset, indicators, error)
                refused = True
            except (ValidationError, PermissionDenied) as error:
                add_service_error(reason_form, error)
                refused = True
            else:
                messages.success(
                    request, _("%(year)s 年已保存 %(n)s 项。") % {"year": year, "n": len(saved)}
                )
                return redirect(_to("entry", plan, year=year))
        else:
            refused = True
        # A refusal is told once, by the page's error summary (entry.html), never also by
        # a messages banner saying the same.
        # Re-read: the year may have been approved while the user typed.
        state = services.reporting_year_state(year)
        read_only = _read_only(plan, year, state)
        indicators = list(Indicator.objects.for_entry(plan))
    elif request.method == "POST":
        refused = True
        messages.error(request, _("你的输入没有保存：%(why)s") % {"why": read_only})
        formset = EntryFormSet(request.POST, initial=entry_initial(indicators, year))
    else:
        formset = EntryFormSet(initial=entry_initial(indicators, year))

    return_event, comments = selectors.latest_return(year)
    evidence = selectors.evidence_by_indicator(year)
    projects = list(Project.objects.filter(plan=plan))
    rows = _rows(indicators, formset, year, refused, comments, evidence)
    context = {
        **_plan_context(plan),
        "year": year,
        "state": state,
        "locked": bool(read_only),
        "read_only": read_only,
        "needs_reason": state in rules.NEEDS_REASON,
        "can_submit": state in rules.CAN_SUBMIT,
        "refused": refused,
        "formset": formset,
        "reason_form": reason_form,
        "rows": rows,
        "error_summary": _error_summary(rows, reason_form) if refused and not read_only else [],
        "return_event": return_event,
        "evidence_form": EvidenceForm(indicators=indicators, projects=projects),
        "project_evidence": [
            e for key, items in evidence.items() if key[0] == "project" for e in items
        ],
        "years": started_years(plan),
    }
    return render(request, "reporting/entry.html", context)


def _error_summary(rows, reason_form):
    """Every error of a refused save as (field id, message), in the page's order: the
    summary at the top links each to its field (the GOV.UK error summary pattern)."""
    found = []
    for row in rows:
        form, indicator = row["form"], row["indicator"]
        name = f"{indicator.serial}. {indicator.name}"
        value_id, note_id = form["value"].id_for_label, form["note"].id_for_label
        for field_id, errors in (
            (value_id, form["value"].errors),
            (value_id, form.non_field_errors()),
            (note_id, form["note"].errors),
        ):
            found += [{"href": field_id, "text": f"{name}：{e}"} for e in errors]
    reason_id = reason_form["reason"].id_for_label
    for errors in (reason_form.non_field_errors(), reason_form["reason"].errors):
        found += [{"href": reason_id, "text": str(e)} for e in errors]
    return found


def _rows(indicators, formset, year, refused, comments, evidence):
    rows = []
    for indicator, form in zip(indicators, formset.forms, strict=True):
        actuals = {a.year: a for a in indicator.series_actuals()}
        current = actuals.get(year)
        if year - 1 == indicator.baseline_year:
            previous, previous_label = indicator.baseline_value, _("基期值")
        else:
            last = actuals.get(year - 1)
            previous, previous_label = (last.value if last else None), _("上年")
        stored = format_decimal(current.value) if current else ""
        typed = (form.data.get(form.add_prefix("value"), "") if form.is_bound else stored).strip()
        typed_note = form.data.get(form.add_prefix("note"), "") if form.is_bound else ""
        rows.append(
            {
                "indicator": indicator,
                "form": form,
                "current": current,
                "stored": stored,
                "previous": format_decimal(previous),
                "previous_label": previous_label,
                # What was typed and not saved: shown apart, never as if stored.
                "unsaved": refused and typed != stored and typed != "",
                "unsaved_note": refused
                and form.is_bound
                and typed_note != (current.note if current else ""),
                "typed": typed,
                "typed_note": typed_note,
                # 确认异常值: offered for a refused value far outside the range, carrying
                # that value (static/js/entry.js offers it while typing, too).
                "confirm_value": confirmable_outlier(form, indicator, year) if refused else "",
                "comment": comments.get(indicator.pk, ""),
                "evidence": evidence.get(("indicator", indicator.pk), []),
                # For the warning shown while typing (static/js/entry.js); the service
                # decides for real (indicators/rules.py outlier_reason).
                "warn_above": format_decimal(indicator.target_value * OUTLIER_TARGET_FACTOR)
                if indicator.target_value > 0
                else "",
                "warn_below": format_decimal(previous * OUTLIER_FALL_SHARE)
                if previous and previous > 0 and previous_label != _("基期值")
                else "",
            }
        )
    return rows


@login_required
@permission_required(services.ENTER_PERM, raise_exception=True)
def submit(request, year):
    """A confirmation page saying what submitting means and what still blocks it (as
    approve has); only the POST submits."""
    plan = _started_year(request, year)
    if request.method != "POST":
        state = services.reporting_year_state(year)
        missing, unexplained, count = services.year_completeness(year, plan)
        problems = rules.submit_problems(missing, unexplained, services.work_missing(year, plan))
        context = {
            **_plan_context(plan),
            "year": year,
            "state": state,
            "count": count,
            "problems": problems,
            "can_submit": state in rules.CAN_SUBMIT and not problems,
            "state_allows": state in rules.CAN_SUBMIT,
        }
        return render(request, "reporting/submit.html", context)
    try:
        services.reporting_year_submit(user=request.user, year=year)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _("没有提交："))
        _show(request, error)
        return redirect(_to("entry", plan, year=year))
    messages.success(request, _("%(year)s 年已提交审定，领导会收到通知。") % {"year": year})
    return redirect(_to("overview", plan))


@login_required
@permission_required(services.ENTER_PERM, raise_exception=True)
@require_POST
def evidence_upload(request, year):
    plan = _started_year(request, year)
    indicators = list(Indicator.objects.for_entry(plan))
    projects = list(Project.objects.filter(plan=plan))
    form = EvidenceForm(request.POST, request.FILES, indicators=indicators, projects=projects)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(_to("entry", plan, year=year))
    indicator, project = form.chosen(indicators, projects)
    try:
        evidence = services.evidence_attach(
            user=request.user,
            year=year,
            upload=form.cleaned_data["file"],
            indicator=indicator,
            project=project,
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _("佐证材料没有保存："))
        _show(request, error)
    else:
        messages.success(
            request, _("已上传佐证材料“%(name)s”。") % {"name": evidence.original_name}
        )
    return redirect(_to("entry", plan, year=year))


@login_required
def evidence_download(request, pk):
    """Leaders, auditors and managers download evidence, and a unit reporter that of its
    unit's tasks and items (`WorkItem.objects.visible_to`); never from a public URL."""
    user = request.user
    if not (user.has_perm(VIEW_PERM) or user.has_perm("work.view_workitem")):
        raise PermissionDenied
    evidence = get_object_or_404(Evidence, pk=pk)
    if evidence.work_item_id is None:
        allowed = user.has_perm(VIEW_PERM)
    else:
        allowed = WorkItem.objects.visible_to(user).filter(pk=evidence.work_item_id).exists()
    if not allowed:
        raise PermissionDenied
    content_type, _label = rules.EVIDENCE_KINDS[evidence.kind]
    try:
        content = evidence.file.open("rb")
    except FileNotFoundError:
        # The row outlived its file (a lost disk, a restore of an old backup): say so.
        raise NotFound(
            _("佐证材料“%(name)s”的文件已不在存储中，请联系系统管理员从备份恢复。")
            % {"name": evidence.original_name}
        ) from None
    return FileResponse(
        content,
        as_attachment=True,
        # Named by the type read from the content, never by the uploaded extension.
        filename=rules.evidence_download_name(evidence.original_name, evidence.kind),
        content_type=content_type,
    )


# ---- Excel import on the site (the importer of indicators/importers.py) -------------


@login_required
@permission_required(services.ENTER_PERM, raise_exception=True)
def import_template(request, year):
    plan = _started_year(request, year)
    return xlsx_response(f"indicators-{year}.xlsx", importers.build_template(year, plan))


@login_required
@permission_required(services.ENTER_PERM, raise_exception=True)
def import_upload(request, year):
    plan = _started_year(request, year)
    form = UploadForm(request.POST or None, request.FILES or None)
    # Bound on every POST, even one carrying only the file (the reason is optional).
    reason_form = ChangeReasonForm(request.POST if request.method == "POST" else None)
    context = {
        **_plan_context(plan),
        "form": form,
        "year": year,
        "reason_form": reason_form,
        "needs_reason": services.reporting_year_state(year) in rules.NEEDS_REASON,
    }
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        reason = reason_form.cleaned_data["reason"]
        try:
            sheet = importers.read_sheet(form.cleaned_data["file"])
        except importers.ImportFileError as error:
            form.add_error("file", error.messages)
        else:
            if sheet.year != year:
                form.add_error(
                    "file",
                    _("文件是 %(got)s 年的模板，本页导入 %(year)s 年：请下载本年模板。")
                    % {"got": sheet.year, "year": year},
                )
                return render(request, "reporting/import_upload.html", context)
            rows = importers.preview(request.user, sheet, reason=reason, plan=plan)
            payload = importers.entries_payload(rows)
            has_errors = any(row.status == "error" for row in rows)
            if has_errors:
                request.session.pop(IMPORT_SESSION_KEY, None)
            else:
                request.session[IMPORT_SESSION_KEY] = {
                    "year": year,
                    "plan": plan.pk,
                    "rows": payload,
                    "reason": reason,
                    "file": form.cleaned_data["file"].name,
                }
            context |= {
                "rows": rows,
                "labels": importers.STATUS_LABELS,
                "has_errors": has_errors,
                "to_save": len(payload),
            }
            return render(request, "reporting/import_preview.html", context)
    return render(request, "reporting/import_upload.html", context)


@login_required
@permission_required(services.ENTER_PERM, raise_exception=True)
@require_POST
def import_confirm(request):
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if not pending:
        messages.error(request, _("没有待确认的导入：请重新上传文件。"))
        return redirect("reporting:overview")
    year = pending["year"]
    # The plan the preview was made for; the plan's serials name the rows.
    plan = plan_of_year(request.user, year, str(pending.get("plan", "")))
    if plan is None:
        messages.error(request, _("没有待确认的导入：请重新上传文件。"))
        return redirect("reporting:overview")
    reason = pending.get("reason", "")  # given with the upload, checked by the preview
    entries = importers.payload_entries(pending["rows"], plan)
    try:
        saved = services.reporting_figures_save(
            user=request.user,
            year=year,
            entries=entries,
            reason=reason,
            via=EntryChannel.IMPORT,
            via_file=pending.get("file", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _("没有保存任何数据："))
        _show(request, error)
        return redirect(_to("import_upload", plan, year=year))
    messages.success(
        request, _("已导入 %(year)s 年 %(n)s 项实际值。") % {"year": year, "n": len(saved)}
    )
    return redirect(_to("entry", plan, year=year))


# ---- leadership's side ---------------------------------------------------------------


@login_required
@permission_required("indicators.view_yearapproval", raise_exception=True)
def review_list(request):
    """审定 (填报记录 for auditors): the years of one plan (?plan=, default the current
    one) waiting for leadership first, then every year of the plan."""
    plan, plans = chosen_plan(request)
    if plan is None:
        return render(request, "reporting/no_plan.html")
    summaries = selectors.year_summaries(plan, plan.years, started_years(plan))
    context = {
        **_plan_context(plan),
        "plans": plans,
        "waiting": [s for s in summaries if s.state == ReportingState.SUBMITTED],
        "summaries": summaries,
        "managers": selectors.managers(),
        "can_approve": request.user.has_perm(services.APPROVE_PERM),
    }
    return render(request, "reporting/review_list.html", context)


@login_required
@permission_required("indicators.view_yearapproval", raise_exception=True)
def review(request, year):
    """One year for leadership (return or approve) and the auditor (the whole record),
    with the indicators of the year's plan; an ended plan's years stay readable."""
    plan = _year_plan(request, year)
    state = services.reporting_year_state(year)
    events, changes = selectors.cycle_record(year)
    can_act = (
        request.user.has_perm(services.APPROVE_PERM)
        and state in rules.CAN_REVIEW
        and not plan.is_draft
    )
    context = {
        **_plan_context(plan),
        "year": year,
        "state": state,
        "rows": selectors.review_rows(plan, year),
        "work": selectors.work_review(plan, year),
        "events": events,
        "changes": changes,
        "project_evidence": [
            e
            for key, items in selectors.evidence_by_indicator(year).items()
            if key[0] == "project"
            for e in items
        ],
        "can_act": can_act,
        # What these rows are: the approve link carries it (reporting:approve).
        "fingerprint": services.year_fingerprint(year) if can_act else "",
        "return_form": ReturnForm(),
        "managers": selectors.managers(),
    }
    return render(request, "reporting/review.html", context)


@login_required
@permission_required(services.APPROVE_PERM, raise_exception=True)
@require_POST
def return_year(request, year):
    plan = _year_plan(request, year)
    form = ReturnForm(
        request.POST,
        indicators=Indicator.objects.for_entry(plan),
        work_items=WorkItem.objects.filter(plan=plan),
    )
    if not form.is_valid():
        messages.error(request, _("没有退回："))
        for message in form.messages():
            messages.error(request, message)
        return redirect(_to("review", plan, year=year))
    try:
        services.reporting_year_return(
            user=request.user,
            year=year,
            reason=form.cleaned_data["reason"],
            comments=form.comments(),
            work_comments=form.work_comments(),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _("没有退回："))
        _show(request, error)
        return redirect(_to("review", plan, year=year))
    messages.success(request, _("%(year)s 年已退回基地管理员修改。") % {"year": year})
    return redirect(_to("review_list", plan))


@login_required
@permission_required(services.APPROVE_PERM, raise_exception=True)
def approve(request, year):
    """A confirmation page saying what locking means; the POST approves the data the
    review showed (its fingerprint, carried by the review's link), or else the data as
    they are when this page opens: a change made meanwhile refuses the approval."""
    plan = _year_plan(request, year)
    if request.method == "POST":
        try:
            services.reporting_year_approve(
                user=request.user, year=year, fingerprint=request.POST.get("fingerprint", "")
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _("没有审定："))
            _show(request, error)
            return redirect(_to("review", plan, year=year))
        messages.success(request, _("%(year)s 年数据已审定并锁定。") % {"year": year})
        return redirect(_to("review_list", plan))
    state = services.reporting_year_state(year)
    seen = request.GET.get("seen", "")
    fingerprint = seen if rules.is_fingerprint(seen) else services.year_fingerprint(year)
    context = {
        **_plan_context(plan),
        "year": year,
        "state": state,
        "can_approve": state in rules.CAN_REVIEW and not plan.is_draft,
        "fingerprint": fingerprint,
    }
    return render(request, "reporting/approve.html", context)


@login_required
@require_POST
def due_date(request, year):
    if not services.can_set_due_date(request.user):
        raise PermissionDenied(_("只有领导或系统管理员可以设定截止日期。"))
    plan = _year_plan(request, year)
    form = DueDateForm(request.POST)
    if not form.is_valid():
        for message in form.errors["due_date"]:
            messages.error(request, message)
        return redirect(_to("overview", plan))
    try:
        services.reporting_due_date_set(
            user=request.user, year=year, due_date=form.cleaned_data["due_date"]
        )
    except (ValidationError, PermissionDenied) as error:
        _show(request, error)
    else:
        messages.success(
            request,
            _("%(year)s 年的截止日期已设为 %(date)s。")
            % {"year": year, "date": form.cleaned_data["due_date"].isoformat()},
        )
    return redirect(_to("overview", plan))


# ---- project progress of the year (managers) ----------------------------------------


@login_required
@permission_required("projects.change_projectprogress", raise_exception=True)
def project_entry(request, year):
    """Every project of the year's plan for one year: investment done, status, percent.
    One save, all or nothing, through projects/services.py. An approved year (or a
    draft's) is shown read-only."""
    plan = _started_year(request, year)
    projects = list(Project.objects.filter(plan=plan).order_by("row"))
    stored = {
        p.project_id: p for p in ProjectProgress.objects.filter(year=year, project__plan=plan)
    }
    initial = [_project_initial(project, stored.get(project.pk)) for project in projects]
    read_only = _read_only(plan, year, services.reporting_year_state(year))
    form_kwargs = {"statuses": ProjectStatus.choices, "disabled": bool(read_only)}
    formset = ProjectFormSet(request.POST or None, initial=initial, form_kwargs=form_kwargs)
    if request.method == "POST" and read_only:
        messages.error(request, _("你的输入没有保存：%(why)s") % {"why": read_only})
    elif request.method == "POST":
        if len(formset.forms) != len(projects):
            raise SuspiciousOperation("project form count does not match the projects")
        if formset.is_valid():
            try:
                saved = project_progress_save_many(
                    user=request.user, year=year, entries=_progress_entries(formset, projects)
                )
            except BatchError as error:
                by_row = {p.row: f for p, f in zip(projects, formset.forms, strict=True)}
                for row, row_error in error.row_errors.items():
                    add_service_error(by_row[row], row_error)
                messages.error(request, _("没有保存：请改正标出的错误后再保存。"))
            else:
                messages.success(
                    request,
                    _("%(year)s 年项目进展已保存 %(n)s 项。") % {"year": year, "n": len(saved)},
                )
                return redirect(_to("projects", plan, year=year))
    context = {
        **_plan_context(plan),
        "year": year,
        "rows": list(zip(projects, formset.forms, strict=True)),
        "formset": formset,
        "locked": bool(read_only),
        "read_only": read_only,
    }
    return render(request, "reporting/projects.html", context)


def _project_initial(project, progress):
    if progress is None:
        return {"project_id": project.pk}
    return {
        "project_id": project.pk,
        "expected_version": progress.version,
        "investment": format_decimal(progress.investment_completed),
        "status": progress.status,
        "percent": format_decimal(progress.completion_percent),
        "note": progress.note,
    }


def _progress_entries(formset, projects):
    by_pk = {project.pk: project for project in projects}
    entries = []
    for form in formset.forms:
        data = form.cleaned_data
        project = by_pk.get(data["project_id"])
        if project is None or not data["investment"].strip():
            continue  # a blank investment leaves that project's year as it is
        entries.append(
            ProgressEntry(
                project=project,
                investment_completed=data["investment"],
                status=data["status"],
                completion_percent=data["percent"] or None,
                note=data["note"],
                expected_version=data["expected_version"],
                key=project.row,
            )
        )
    return entries
