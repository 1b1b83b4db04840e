"""The pages of the plan's work: 重点任务 (the tasks and spotlight items by 工程), one
task, the support policies and the 部门 scorecard.

Thin views as in views.py: check the role, pick the plan (`chosen_plan`), and take the
body from the page cache (core/pagecache.py), built by the functions below. What a user
sees of the work depends on their unit (`WorkItem.objects.visible_to`), so the cache
name carries the user's scope (`work_stats.unit_scope`): one entry for everyone who sees
every unit, one per unit for unit reporters; nothing else about the user reaches the body.
"""

import datetime

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.errors import NotFound
from core.forms import YearForm
from core.pagecache import cached_page
from core.paging import PAGE_PARAM, page_asked_for, page_of
from display import charts, scorecard
from display.work import NOT_REPORTED
from indicators.models import PROGRESS_DATA, YearApproval
from plans.models import ALL_UNITS_PERMISSION, Plan, Unit
from platforms.models import Platform
from projects.models import Project
from work.evidence import work_evidence_by_year, work_evidence_models
from work.models import (
    Policy,
    PolicyApplication,
    Programme,
    Spotlight,
    WorkItem,
    WorkProgress,
)
from work.reporting_dates import due_date_models

from . import work_stats
from .views import _kept_if, chosen_plan, no_plan_yet

ITEMS_PER_PAGE = 60

# What each page shows; a change to any of these rebuilds it.
WORK_DATA = [Plan, Unit, Programme, Spotlight, WorkItem, WorkProgress]
POLICY_DATA = [Plan, Policy, PolicyApplication]


def _work_page(request, template, *, name, models, params=(), build):
    """views.plan_page for the work: the cache name also carries the user's scope."""
    plan, plans = chosen_plan(request)
    if plan is None:
        return no_plan_yet(request)
    scope = work_stats.unit_scope(request.user)
    page = cached_page(
        request,
        name=f"{name}:{plan.pk}:{scope}",
        models=models,
        params=params,
        build=lambda query: build(plan, query),
    )
    return render(request, template, {**page, "plan": plan, "plans": plans})


@login_required
@permission_required("work.view_workitem", raise_exception=True)
def work_list(request):
    """重点任务: the plan's tasks and spotlight items by 工程, with a year's statuses."""
    user = request.user
    return _work_page(
        request,
        "dashboard/work/list.html",
        name="work",
        models=WORK_DATA,
        params=["year", "unit", "status", PAGE_PARAM],
        build=lambda plan, query: _work_list(user, plan, query),
    )


def _work_list(user, plan, query):
    years = work_stats.work_years(plan)
    units = scorecard.units_of_base(plan)
    form = work_stats.WorkFilterForm(query or None, years=years, units=units)
    year = form.chosen("year", work_stats.default_work_year(plan, years))
    unit_id = form.chosen("unit")
    status = form.chosen("status")
    items = work_stats.visible_items(user, plan)
    if unit_id is not None:
        items = items.of_unit(unit_id)
    items = list(items)
    progress = scorecard.progress_of_year(items, year)
    shown = work_stats.filter_by_status(items, progress, status)
    page, others = page_of(shown, query, ITEMS_PER_PAGE)
    groups = work_stats.programme_groups(items, progress, page.object_list)
    # The chart and the counts cover every item of the unit chosen, whatever the status
    # filter; the list shows the filtered items a page at a time.
    context = {
        "plan": plan,
        "form": form,
        "year": year,
        "groups": [group for group in groups if group.rows or not status],
        "all_groups": groups,
        "progress": progress,
        "page": page,
        "others": "&".join(filter(None, [f"plan={plan.pk}", others])),
        "shown_count": len(shown),
        "item_count": len(items),
        "chart": charts.chart_json(
            charts.work_status_chart(
                [(f"{g.programme.number}{g.programme.title}", g.counts) for g in groups],
                _("%(year)s年各工程任务状态") % {"year": year},
            )
        )
        if groups
        else None,
    }
    body = render_to_string("dashboard/work/_list_body.html", context)
    accepted = not form.is_bound or form.is_valid()
    return _kept_if({"body": body, "year": year}, accepted and page_asked_for(page, query))


@login_required
@permission_required("work.view_workitem", raise_exception=True)
def work_item_detail(request, identifier):
    """One task or spotlight item (?plan=): its text, units, yearly record and links."""
    plan, plans = chosen_plan(request)
    if plan is None:
        return no_plan_yet(request)
    # Who may see the item is decided here, per request; the body is then the same for
    # everyone of the same scope.
    item = (
        WorkItem.objects.visible_to(request.user)
        .filter(plan=plan, identifier=identifier)
        .order_by("-kind")
        .first()
    )
    if item is None:
        raise NotFound(
            _("本规划没有编号为 %(identifier)s 的任务事项，或您无权查看。")
            % {"identifier": identifier}
        )
    sees_all = request.user.has_perm(ALL_UNITS_PERMISSION)
    page = cached_page(
        request,
        name=f"work_item:{item.pk}:{'all' if sees_all else 'unit'}",
        models=[
            *WORK_DATA,
            YearApproval,
            *PROGRESS_DATA,
            Project,
            Platform,
            *work_evidence_models(),
        ],
        build=lambda _query: _work_item_detail(plan, item.pk, sees_all),
    )
    return render(request, "dashboard/work/item.html", {**page, "plan": plan, "plans": plans})


def _work_item_detail(plan, pk, sees_all):
    item = (
        WorkItem.objects.select_related("programme", "spotlight", "lead_unit")
        .prefetch_related("collaborating_units", "projects", "platforms", "progress")
        .get(pk=pk)
    )
    units = [u for u in [item.lead_unit, *item.collaborating_units.all()] if u is not None]
    context = {
        "item": item,
        "plan": plan,
        "timeline": work_stats.item_timeline(
            item, work_stats.work_years(plan), work_evidence_by_year([item.pk])
        ),
        "evidence_available": bool(work_evidence_models()),
        # Unit reporters read only the work: for them the linked indicators, projects and
        # platforms are named, not linked (their pages would refuse them).
        "links": sees_all,
        "indicators": work_stats.indicators_of_units(plan, units),
        "projects": list(item.projects.order_by("row")),
        "platforms": list(item.platforms.all()),
    }
    body = render_to_string("dashboard/work/_item_body.html", context)
    return {"title": item.name, "body": body}


@login_required
@permission_required("work.view_policy", raise_exception=True)
def policy_list(request):
    """支持政策: the plan's policies with how each was applied each year."""
    user = request.user
    return _work_page(
        request,
        "dashboard/work/policies.html",
        name="policies",
        models=POLICY_DATA,
        build=lambda plan, _query: _policy_list(user, plan),
    )


def _policy_list(user, plan):
    policies = list(Policy.objects.visible_to(user).filter(plan=plan).order_by("ordering", "pk"))
    years = work_stats.work_years(plan)
    by_policy = work_stats.applications_by_policy(policies, years)
    context = {
        "plan": plan,
        "years": years,
        "rows": [(policy, by_policy[policy.pk]) for policy in policies],
        "totals": work_stats.policy_year_totals(policies, years),
    }
    return {"body": render_to_string("dashboard/work/_policies_body.html", context)}


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def unit_scorecard(request):
    """部门考核: per responsible unit, its indicators' and tasks' statuses in a year and
    whether it reported on time. For those who see every unit."""
    if not request.user.has_perm(ALL_UNITS_PERMISSION):
        raise PermissionDenied
    today = datetime.date.today()
    return _work_page(
        request,
        "dashboard/work/scorecard.html",
        # 逾期 N 天 counts to today: the day is part of the name.
        name=f"scorecard:{today.isoformat()}",
        models=[*WORK_DATA, *PROGRESS_DATA, *due_date_models()],
        params=["year"],
        build=lambda plan, query: _scorecard(plan, query, today),
    )


def _scorecard(plan, query, today):
    years = work_stats.work_years(plan, today)
    form, year = YearForm.chosen(query, years, work_stats.default_work_year(plan, years))
    scores = scorecard.unit_scorecard(plan, year, today)
    context = {
        "plan": plan,
        "form": form,
        "year": year,
        "scores": scores,
        "not_reported": NOT_REPORTED,
    }
    body = render_to_string("dashboard/work/_scorecard_body.html", context)
    return _kept_if({"body": body, "year": year}, not form.errors)
