"""The plan's work in the yearly cycle: the progress of the tasks and spotlight items
(工作填报: base managers every item, a unit reporter its unit's) and the support policies'
applications (政策兑现: base managers), each one save per page, all or nothing, through
work/services.py; evidence files of an item.

Thin views as in views.py: the items a user may touch are `WorkItem.objects.visible_to`
(the write itself is checked again by `reportable_by` in the service). A POST naming an
item outside them is refused whole (403) before anything is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_error
from core.numbers import format_decimal
from indicators.services import BatchError
from work.models import Policy, PolicyApplication, WorkItem, WorkProgress, WorkStatus
from work.services import PolicyApplicationEntry, WorkProgressEntry, policy_application_save_many

from . import rules, selectors, services
from .forms import ChangeReasonForm, PolicyRowForm, WorkEvidenceForm, WorkRowForm
from .plan import chosen_plan, default_entry_year, started_years
from .views import _plan_context, _read_only, _show, _started_year, _to

REFUSED_ITEMS = _("提交的任务中有不由你所在单位负责的（或不属于本规划），没有保存任何内容。")


def _items(user, plan):
    """The tasks and items of `plan` the user sees, in the plan's order."""
    return list(
        WorkItem.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("programme", "spotlight", "lead_unit")
        .prefetch_related("collaborating_units")
        .order_by("programme__ordering", "programme__identifier", "kind", "ordering", "pk")
    )


def _posted_ids(request, allowed):
    """The ids the POST names (`row`, one per item or policy); PermissionDenied when one
    is not among `allowed` (another unit's item, a typed id): nothing is saved."""
    posted = request.POST.getlist("row")
    if any(value not in allowed for value in posted):
        raise PermissionDenied(REFUSED_ITEMS)
    return set(posted)


def _work_initial(progress):
    if progress is None:
        return {}
    return {
        "expected_version": progress.version,
        "status": progress.status,
        "reason": progress.reason,
        "progress_text": progress.progress_text,
        "percent": format_decimal(progress.completion_percent),
    }


def _work_entry(item, form):
    data = form.cleaned_data
    return WorkProgressEntry(
        item=item,
        status=data["status"],
        reason=data["reason"],
        progress_text=data["progress_text"],
        completion_percent=data["percent"] or None,
        expected_version=data["expected_version"],
        key=item.pk,
    )


def _report_row_errors(request, error, forms, names, reason_form):
    """Each refused row's errors on its row, and named by its identifier at the top (the
    entry page's pattern); a missing change reason also on the reason field."""
    for key, row_error in error.row_errors.items():
        add_service_error(forms[key], row_error)
        messages_of = (
            row_error.messages if isinstance(row_error, ValidationError) else [str(row_error)]
        )
        for message in messages_of:
            messages.error(request, f"{names[key]}：{message}")
        if isinstance(row_error, ValidationError) and hasattr(row_error, "error_dict"):
            for message in row_error.message_dict.get("change_reason", []):
                if message not in reason_form.errors.get("reason", []):
                    reason_form.add_error("reason", message)


@login_required
@permission_required(services.WORK_PERM, raise_exception=True)
def work_start(request):
    """工作填报 from the menu: the year the entry screen opens on, of the plan chosen
    (?plan=, default the current one)."""
    plan, _plans = chosen_plan(request)
    year = default_entry_year(plan, started_years(plan)) if plan is not None else None
    if year is None:
        return render(request, "reporting/no_plan.html")
    return redirect(_to("work", plan, year=year))


@login_required
@permission_required(services.WORK_PERM, raise_exception=True)
def work_entry(request, year):
    """工作填报 of one year: the tasks and items the user may report on, grouped by
    programme and spotlight, last year's status beside each; one save, all or nothing. An
    approved year (or a draft plan's) is shown read-only."""
    plan = _started_year(request, year)
    items = _items(request.user, plan)
    by_pk = {item.pk: item for item in items}
    state = services.reporting_year_state(year)
    read_only = _read_only(plan, year, state)
    stored = {p.item_id: p for p in WorkProgress.objects.filter(year=year, item__in=items)}
    last = {p.item_id: p for p in WorkProgress.objects.filter(year=year - 1, item__in=items)}
    bound = request.method == "POST"
    posted = _posted_ids(request, {str(pk) for pk in by_pk}) if bound else set()
    reason_form = ChangeReasonForm(request.POST if bound else None)
    forms = {
        item.pk: WorkRowForm(
            request.POST if bound and str(item.pk) in posted else None,
            prefix=f"w{item.pk}",
            initial=_work_initial(stored.get(item.pk)),
            statuses=WorkStatus.choices,
            disabled=bool(read_only),
        )
        for item in items
    }
    if bound and read_only:
        messages.error(request, _("你的输入没有保存：%(why)s") % {"why": read_only})
    elif bound:
        chosen = [forms[int(pk)] for pk in posted]
        if all(form.is_valid() for form in chosen) and reason_form.is_valid():
            entries = [
                _work_entry(by_pk[int(pk)], forms[int(pk)])
                for pk in posted
                if forms[int(pk)].cleaned_data["status"] and forms[int(pk)].has_changed()
            ]
            try:
                saved = services.reporting_work_save(
                    user=request.user,
                    year=year,
                    entries=entries,
                    reason=reason_form.cleaned_data["reason"],
                )
            except BatchError as error:
                names = {pk: item.identifier for pk, item in by_pk.items()}
                _report_row_errors(request, error, forms, names, reason_form)
                messages.error(request, _("没有保存：请改正标出的错误后再保存。"))
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _("没有保存："))
                _show(request, error)
            else:
                messages.success(
                    request,
                    _("%(year)s 年任务进展已保存 %(n)s 项。") % {"year": year, "n": len(saved)},
                )
                return redirect(_to("work", plan, year=year))
        else:
            messages.error(request, _("没有保存：请改正标出的错误后再保存。"))
    _return_event, comments = selectors.latest_work_return(year)
    evidence = selectors.evidence_by_work_item(year)
    context = {
        **_plan_context(plan),
        "year": year,
        "state": state,
        "locked": bool(read_only),
        "read_only": read_only,
        "needs_reason": state in rules.NEEDS_REASON,
        "reason_form": reason_form,
        "groups": selectors.work_groups(
            items,
            lambda item: {
                "form": forms[item.pk],
                "current": stored.get(item.pk),
                "last": last.get(item.pk),
                "comment": comments.get(item.pk, ""),
                "evidence": evidence.get(item.pk, []),
            },
        ),
        "evidence_form": WorkEvidenceForm(),
        "can_enter_figures": request.user.has_perm(services.ENTER_PERM),
    }
    return render(request, "reporting/work.html", context)


@login_required
@permission_required(services.WORK_PERM, raise_exception=True)
@require_POST
def work_evidence_upload(request, year):
    """An evidence file for one task or item the user may report on."""
    plan = _started_year(request, year)
    form = WorkEvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(_to("work", plan, year=year))
    item = WorkItem.objects.visible_to(request.user).filter(plan=plan, pk=form.cleaned_data["item"])
    if not item.exists():
        raise PermissionDenied(REFUSED_ITEMS)
    try:
        evidence = services.evidence_attach(
            user=request.user, year=year, upload=form.cleaned_data["file"], work_item=item.get()
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _("佐证材料没有保存："))
        _show(request, error)
    else:
        messages.success(
            request, _("已上传佐证材料“%(name)s”。") % {"name": evidence.original_name}
        )
    return redirect(_to("work", plan, year=year))


# ---- the support policies (base managers) -------------------------------------------


def _policy_initial(application):
    if application is None:
        return {}
    return {
        "expected_version": application.version,
        "applied": "yes" if application.applied else "no",
        "effect": application.effect,
        "funds": format_decimal(application.funds),
        "enterprises": "" if application.enterprises is None else str(application.enterprises),
    }


def _policy_entry(policy, form):
    data = form.cleaned_data
    return PolicyApplicationEntry(
        policy=policy,
        applied=data["applied"] == "yes",
        effect=data["effect"],
        funds=data["funds"] or None,
        enterprises=data["enterprises"] or None,
        expected_version=data["expected_version"],
        key=policy.pk,
    )


@login_required
@permission_required(services.POLICY_PERM, raise_exception=True)
def policy_entry(request, year):
    """政策兑现 of one year: each support policy of the plan applied or not, its effect,
    funds and enterprises reached; one save, all or nothing. Shown in the review, not
    required for submitting (docs/domain.md)."""
    plan = _started_year(request, year)
    policies = list(Policy.objects.visible_to(request.user).filter(plan=plan))
    by_pk = {policy.pk: policy for policy in policies}
    read_only = _read_only(plan, year, services.reporting_year_state(year))
    stored = {
        a.policy_id: a for a in PolicyApplication.objects.filter(year=year, policy__in=policies)
    }
    bound = request.method == "POST"
    posted = _posted_ids(request, {str(pk) for pk in by_pk}) if bound else set()
    forms = {
        policy.pk: PolicyRowForm(
            request.POST if bound and str(policy.pk) in posted else None,
            prefix=f"p{policy.pk}",
            initial=_policy_initial(stored.get(policy.pk)),
            disabled=bool(read_only),
        )
        for policy in policies
    }
    if bound and read_only:
        messages.error(request, _("你的输入没有保存：%(why)s") % {"why": read_only})
    elif bound:
        chosen = [forms[int(pk)] for pk in posted]
        if all(form.is_valid() for form in chosen):
            entries = [
                _policy_entry(by_pk[int(pk)], forms[int(pk)])
                for pk in posted
                if forms[int(pk)].cleaned_data["applied"] and forms[int(pk)].has_changed()
            ]
            try:
                saved = policy_application_save_many(user=request.user, year=year, entries=entries)
            except BatchError as error:
                names = {pk: policy.identifier for pk, policy in by_pk.items()}
                _report_row_errors(request, error, forms, names, ChangeReasonForm())
                messages.error(request, _("没有保存：请改正标出的错误后再保存。"))
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _("没有保存："))
                _show(request, error)
            else:
                messages.success(
                    request,
                    _("%(year)s 年政策兑现已保存 %(n)s 项。") % {"year": year, "n": len(saved)},
                )
                return redirect(_to("policies", plan, year=year))
        else:
            messages.error(request, _("没有保存：请改正标出的错误后再保存。"))
    context = {
        **_plan_context(plan),
        "year": year,
        "locked": bool(read_only),
        "read_only": read_only,
        "rows": [(policy, forms[policy.pk]) for policy in policies],
    }
    return render(request, "reporting/policies.html", context)
