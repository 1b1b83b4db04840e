"""The plan pages: the list of plans, one plan, drafting the next one (managers) and
putting a draft in force (leadership). Thin views: role check, service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import xlsx_response
from core.forms import add_service_error
from indicators.models import Indicator
from plans.models import PUT_IN_FORCE_PERMISSION, Plan, PlanState, current_of
from platforms.models import Platform
from projects.models import Project
from work.models import Programme, WorkItem

from . import importers, services
from .forms import CarriedRowFormSet, DraftPlanForm, NewIndicatorFormSet, PlanImportForm

IMPORT_SESSION_KEY = "plan_import"


def _plan_for_user(request, pk):
    """The plan, if the user may see it (drafts: managers and leadership only)."""
    return get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)


@login_required
@permission_required("plans.view_plan", raise_exception=True)
def plan_list(request):
    plans = Plan.objects.visible_to(request.user).select_related("put_in_force_by")
    plans = plans.order_by("first_year")
    drafting_source = _drafting_source()
    return render(
        request,
        "planning/plan_list.html",
        {
            "plans": plans,
            "can_draft": request.user.has_perm("plans.add_plan") and drafting_source is not None,
        },
    )


@login_required
@permission_required("plans.view_plan", raise_exception=True)
def plan_detail(request, pk):
    plan = _plan_for_user(request, pk)
    context = {
        "plan": plan,
        "indicators": Indicator.objects.of_plan(plan)
        .select_related("continues__plan")
        .order_by("serial"),
        "platform_count": Platform.objects.filter(plan=plan).count(),
        "project_count": Project.objects.filter(plan=plan).count(),
        "can_put_in_force": plan.is_draft and request.user.has_perm(PUT_IN_FORCE_PERMISSION),
        "can_discard": plan.is_draft and request.user.has_perm("plans.change_plan"),
    }
    return render(request, "planning/plan_detail.html", context)


def _drafting_source():
    """The plan a new draft starts from: the latest plan that is not a draft."""
    return current_of(Plan.objects.exclude(state=PlanState.DRAFT))


@login_required
@permission_required("plans.add_plan", raise_exception=True)
def plan_draft_page(request):
    """Draft the next plan from the last one: carry indicators on with new targets (their
    baseline is the approved actual of the new baseline year), add or drop indicators."""
    source = _drafting_source()
    if source is None:
        messages.error(request, _("还没有可据以起草的规划：请先载入规划附件。"))
        return redirect("planning:list")
    indicators = list(Indicator.objects.of_plan(source).order_by("serial"))
    first_year = source.last_year + 1
    form = DraftPlanForm(
        request.POST or None,
        initial={
            "name": _("%(base)s建设方案（%(first)s—%(last)s年）")
            % {"base": source.base.name, "first": first_year, "last": first_year + 2},
            "first_year": first_year,
            "last_year": first_year + 2,
            "carry_platforms": True,
            "carry_projects": True,
            "carry_work": True,
        },
    )
    carried_rows = CarriedRowFormSet(
        request.POST or None,
        prefix="carried",
        initial=[{"indicator_id": i.pk, "carry": True} for i in indicators],
    )
    new_rows = NewIndicatorFormSet(request.POST or None, prefix="added")
    # One row per indicator of the source plan, as the page sent them: another count is
    # not a form this page made (a 400, as on the entry screen).
    if request.method == "POST" and len(carried_rows.forms) != len(indicators):
        raise SuspiciousOperation("carried form count does not match the indicators")
    if request.method == "POST" and form.is_valid() and carried_rows.is_valid():
        if new_rows.is_valid():
            draft = _draft_request(source, form, carried_rows, new_rows, indicators)
            try:
                plan = services.plan_draft(user=request.user, request=draft)
            except (ValidationError, PermissionDenied) as error:
                _show_errors(error, form, carried_rows, new_rows, indicators)
                messages.error(request, _("没有保存：请改正标出的问题后再提交。"))
            else:
                messages.success(
                    request,
                    _("已起草“%(name)s”：请领导审阅后批准执行。") % {"name": plan.name},
                )
                return redirect("planning:detail", pk=plan.pk)
    baseline_year = (
        form.cleaned_data.get("first_year") if form.is_bound and form.is_valid() else first_year
    ) - 1
    baselines = services.carried_baselines(source, baseline_year)
    rows = [
        {
            "indicator": indicator,
            "form": row_form,
            "baseline": services.baseline_text(baselines.get(indicator.pk)),
        }
        for indicator, row_form in zip(indicators, carried_rows.forms, strict=True)
    ]
    context = {
        "source": source,
        "form": form,
        "carried_rows": carried_rows,
        "rows": rows,
        "new_rows": new_rows,
        "baseline_year": baseline_year,
        "unfinished_work": services.unfinished_work(source),
    }
    return render(request, "planning/plan_draft.html", context)


def _draft_request(source, form, carried_rows, new_rows, indicators):
    by_pk = {indicator.pk: indicator for indicator in indicators}
    data = form.cleaned_data
    carried = [
        services.CarriedIndicator(
            source=by_pk[row["indicator_id"]], target=row["target"], name=row["name"]
        )
        for row in (f.cleaned_data for f in carried_rows.forms)
        if row.get("carry") and row.get("indicator_id") in by_pk
    ]
    added = [
        services.NewIndicator(
            name=row["name"], baseline=row["baseline"], target=row["target"], key=number
        )
        for number, row in enumerate((f.cleaned_data for f in new_rows.forms), start=1)
        if any((row.get(key) or "").strip() for key in ("name", "baseline", "target"))
    ]
    return services.DraftRequest(
        source=source,
        name=data["name"],
        first_year=data["first_year"],
        last_year=data["last_year"],
        carried=carried,
        added=added,
        carry_platforms=data["carry_platforms"],
        carry_projects=data["carry_projects"],
        carry_work=data["carry_work"],
        source_document=data["source_document"],
    )


def _show_errors(error, form, carried_rows, new_rows, indicators):
    """A service's errors on the forms: plan fields, then each indicator's row."""
    if isinstance(error, PermissionDenied) or not hasattr(error, "error_dict"):
        add_service_error(form, error)
        return
    rows = {f"carried-{i.serial}": f for i, f in zip(indicators, carried_rows.forms, strict=True)}
    rows |= {f"added-{n}": f for n, f in enumerate(new_rows.forms, start=1)}
    for key, messages_ in error.message_dict.items():
        if key in rows:
            rows[key].add_error(None, messages_)
        else:
            form.add_error(key if key in form.fields else None, messages_)


@login_required
def plan_put_in_force_page(request, pk):
    """Leadership puts a draft in force after a confirmation that says what it means."""
    if not request.user.has_perm(PUT_IN_FORCE_PERMISSION):
        raise PermissionDenied
    plan = _plan_for_user(request, pk)
    if not plan.is_draft:
        messages.info(request, _("“%(name)s”不是草稿，无需批准执行。") % {"name": plan.name})
        return redirect("planning:detail", pk=plan.pk)
    if request.method == "POST":
        try:
            services.plan_put_in_force(user=request.user, plan=plan)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(name)s”已批准执行。") % {"name": plan.name})
        return redirect("planning:detail", pk=plan.pk)
    in_force = Plan.objects.filter(base=plan.base).in_force().first()
    return render(request, "planning/plan_put_in_force.html", {"plan": plan, "in_force": in_force})


@login_required
def plan_discard_page(request, pk):
    """A manager deletes a draft after a confirmation page that says what goes with it;
    the GET only shows that page, the POST deletes."""
    if not request.user.has_perm("plans.change_plan"):
        raise PermissionDenied
    plan = _plan_for_user(request, pk)
    if not plan.is_draft:
        messages.info(request, _("“%(name)s”不是草稿，不能删除。") % {"name": plan.name})
        return redirect("planning:detail", pk=plan.pk)
    if request.method != "POST":
        context = {
            "plan": plan,
            "indicator_count": Indicator.objects.of_plan(plan).count(),
            "platform_count": Platform.objects.filter(plan=plan).count(),
            "project_count": Project.objects.filter(plan=plan).count(),
            "programme_count": Programme.objects.filter(plan=plan).count(),
            "work_item_count": WorkItem.objects.filter(plan=plan).count(),
        }
        return render(request, "planning/plan_discard.html", context)
    try:
        services.plan_discard(user=request.user, plan=plan)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("planning:detail", pk=plan.pk)
    messages.success(request, _("草稿“%(name)s”已删除。") % {"name": plan.name})
    return redirect("planning:list")


@login_required
@permission_required("plans.add_plan", raise_exception=True)
def plan_import_template(request):
    return xlsx_response("plan-annexes-template.xlsx", importers.build_template())


@login_required
@permission_required("plans.add_plan", raise_exception=True)
def plan_import_page(request):
    """Upload a plan's annex tables: a preview with every row's problems; nothing is saved
    until the manager confirms a file without problems."""
    if _drafting_source() is None:
        messages.error(request, _("还没有可据以起草的规划：请先载入规划附件。"))
        return redirect("planning:list")
    form = PlanImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            tables = importers.read_tables(form.cleaned_data["file"])
        except importers.ImportFileError as error:
            form.add_error("file", error.messages)
        else:
            data = form.cleaned_data
            header = services.PlanHeader(
                name=data["name"],
                first_year=data["first_year"],
                last_year=data["last_year"],
                source_document=data["source_document"],
            )
            source = _drafting_source()
            errors = services.plan_import_errors(header, tables, source)
            if not errors:
                request.session[IMPORT_SESSION_KEY] = {
                    "header": vars(header),
                    "tables": importers.tables_to_session(tables),
                }
            context |= {"tables": tables, "errors": errors, "header": header}
            return render(request, "planning/plan_import_preview.html", context)
    return render(request, "planning/plan_import.html", context)


@login_required
@permission_required("plans.add_plan", raise_exception=True)
@require_POST
def plan_import_confirm(request):
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if not pending:
        messages.error(request, _("没有待确认的导入：请重新上传文件。"))
        return redirect("planning:import")
    try:
        plan = services.plan_import(
            user=request.user,
            header=services.PlanHeader(**pending["header"]),
            tables=importers.tables_from_session(pending["tables"]),
            previous=_drafting_source(),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("planning:import")
    messages.success(request, _("已导入“%(name)s”（草稿）。") % {"name": plan.name})
    return redirect("planning:detail", pk=plan.pk)
