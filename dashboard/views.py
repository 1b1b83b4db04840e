"""The four pages people read: the dashboard, an indicator, the platforms, the projects.

Thin views: check the role, then `plan_page` picks the plan and `cached_page`
(core/pagecache.py) returns the page's body, built by the functions below only when the
data behind it changed. Each builder sees the plan and the query parameters its page
declares, nothing else.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.errors import NotFound
from core.forms import YearForm
from core.pagecache import cached_page, personal_page, uncached
from core.paging import PAGE_PARAM, page_asked_for, page_of
from display import charts
from display.selectors import (
    build_dashboard,
    build_indicator_detail,
    default_year,
    figures_by_series,
    latest_actual_year,
    plan_view_years,
)
from indicators.evidence import evidence_files_by_year, evidence_models
from indicators.models import PROGRESS_DATA, Indicator, YearApproval
from plans.models import Plan, plan_chosen
from platforms.models import Platform
from projects.models import Project, ProjectProgress
from work.models import WorkItem, WorkProgress

from . import platform_stats, project_stats, work_stats

# Long lists come a page at a time, so no page grows with the data (100× the plan's
# indicators, platforms and projects stay a page of HTML, not megabytes).
CARDS_PER_PAGE = 24
ROWS_PER_PAGE = 50

# What each page shows; a change to any of these rebuilds it.
# The task summary beside the indicators reads the plan's work.
DASHBOARD_DATA = [*PROGRESS_DATA, Platform, Project, WorkItem, WorkProgress]
PLATFORM_DATA = [Plan, Platform]
PROJECT_DATA = [Plan, Project, ProjectProgress]


def chosen_plan(request):
    """The plan asked for (?plan=<id>) when the user may see it, else the current one;
    with the plans the user may pick from. Drafts are for managers and leadership only."""
    return plan_chosen(request.user, request.GET.get("plan", ""))


def no_plan_yet(request):
    """Every page's empty state before the first plan is loaded."""
    return render(request, "dashboard/no_plan.html")


def plan_page(request, template, *, name, models, params=(), build):
    """One of the four pages, for the chosen plan: its body from the page cache, built by
    `build(plan, query)` when the data behind it changed, shown in `template` with the plan
    and the plans the user may pick from."""
    def respond():
        plan, plans = chosen_plan(request)
        if plan is None:
            return no_plan_yet(request)
        page = cached_page(
            request,
            name=f"{name}:{plan.pk}",
            models=models,
            params=params,
            build=lambda query: build(plan, query),
        )
        return render(request, template, {**page, "plan": plan, "plans": plans})

    # The whole page is kept for this person's session (the frame around the shared body
    # is theirs: menu counts, banner, plan picker), so a visit again costs a lookup.
    return personal_page(
        request, name=name, models=[Plan, *models], params=["plan", *params], respond=respond
    )


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def home(request):
    """The progress dashboard: every indicator of one plan in one year (default: the plan
    in force, the latest year with data)."""
    return plan_page(
        request,
        "dashboard/dashboard.html",
        name="dashboard",
        models=DASHBOARD_DATA,
        params=["year", PAGE_PARAM],
        build=_dashboard,
    )


def _dashboard(plan, query):
    plan_indicators = Indicator.objects.of_plan(plan)
    indicators = list(plan_indicators.order_by("serial"))
    figures = figures_by_series(plan_indicators)
    latest_year = latest_actual_year(figures)
    years = plan_view_years(plan, latest_year)
    form, year = YearForm.chosen(
        query, years, default_year(years, latest_year), last_plan_year=plan.last_year
    )
    locked_years = YearApproval.objects.locked_years()
    dashboard = build_dashboard(plan, indicators, year, years, locked_years, figures)
    # The counts cover every indicator; the chart and the cards show those that need
    # attention first, a page at a time.
    page, others = page_of(dashboard.attention_first, query, CARDS_PER_PAGE)
    context = {
        "dashboard": dashboard,
        "plan": plan,
        "form": form,
        "page": page,
        "others": others,
        "chart": charts.chart_json(charts.gap_closed_chart(dashboard, page.object_list)),
        "platform_count": Platform.objects.filter(plan=plan).current().count(),
        "investment_without_overlap": Project.objects.filter(
            plan=plan
        ).total_investment_without_overlap(),
        # Everyone who sees this page sees every unit's work: the whole plan is counted.
        **work_stats.plan_work_summary(plan, dashboard.year),
    }
    body = render_to_string("dashboard/_dashboard_body.html", context)
    result = {
        "year": dashboard.year,
        # The year form's labelled options, kept with the body rather than rebuilt per visit.
        "year_options": [
            (str(y), label, y == dashboard.year) for y, label in form.fields["year"].choices
        ],
        "year_in_plan": not dashboard.post_plan,
        "body": body,
    }
    # A refused year shows the default year with the form's message, once.
    return _kept_if(result, not form.errors and page_asked_for(page, query))


def _kept_if(result, accepted):
    """The page's result, kept in the page cache only when the query named values the page
    accepted: junk and one-off searches would each fill an entry (core/pagecache.py)."""
    return result if accepted else uncached(result)


def _table_accepted(table, page, query):
    """A filter table's query is worth keeping: valid filters, no free-text search, the
    page asked for."""
    return table.is_valid() and not table.form.cleaned_data.get("q") and page_asked_for(page, query)


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def indicator_detail(request, serial):
    """One indicator of a plan (?plan=, default the current one) with its whole series."""
    return plan_page(
        request,
        "dashboard/detail.html",
        name=f"indicator:{serial}",
        # The page also shows each year's evidence files: their models come from the
        # provider that lists them (indicators.evidence), so an upload shows at once.
        models=[*PROGRESS_DATA, *evidence_models()],
        build=lambda plan, _query: _indicator_detail(plan, serial),
    )


def _indicator_detail(plan, serial):
    found = Indicator.objects.filter(plan=plan, serial=serial).first()
    if found is None:
        raise NotFound(_("没有序号为 %(serial)s 的指标。") % {"serial": serial})
    periods = list(Indicator.objects.with_actuals().series_periods([found.series_key], plan))
    indicator = next(period for period in periods if period.pk == found.pk)
    approvals = {
        approval.year: approval
        for approval in YearApproval.objects.active().select_related("approved_by")
    }
    detail = build_indicator_detail(
        indicator,
        periods,
        set(approvals),
        approvals=approvals,
        # Files are attached through whichever indicator of the series the year was
        # entered by, so the whole series is asked for.
        evidence=evidence_files_by_year([period.pk for period in periods]),
    )
    context = {
        "detail": detail,
        "indicator": indicator,
        "chart": charts.chart_json(charts.indicator_chart(detail)),
    }
    body = render_to_string("dashboard/_detail_body.html", context)
    return {"title": indicator.name, "body": body}


@login_required
@permission_required("platforms.view_platform", raise_exception=True)
def platform_list(request):
    return plan_page(
        request,
        "dashboard/platforms.html",
        name="platforms",
        models=PLATFORM_DATA,
        params=[*platform_stats.PlatformFilter.base_filters, PAGE_PARAM],
        build=_platform_list,
    )


def _platform_list(plan, query):
    platforms = Platform.objects.filter(plan=plan).current()
    by_level = platform_stats.count_by_level(platforms)
    by_type = platform_stats.count_by_type(platforms)
    hosts = platform_stats.top_hosts(platforms)
    table = platform_stats.PlatformFilter(query, queryset=platforms)
    page, others = page_of(table.qs if table.is_valid() else platforms, query, ROWS_PER_PAGE)
    context = {
        "filter": table,
        "page": page,
        "others": others,
        "platforms": page.object_list,
        "total": sum(n for _level, n in by_level),
        "by_level": by_level,
        "by_type": by_type,
        "hosts": hosts,
        "level_chart": charts.chart_json(
            charts.count_chart(by_level, _("按级别统计"), _("平台数（个）"))
        ),
        "type_chart": charts.chart_json(
            charts.count_chart(by_type, _("按类型统计"), _("平台数（个）"), horizontal=True)
        ),
        "host_chart": charts.chart_json(
            charts.count_chart(hosts, _("平台最多的依托单位"), _("平台数（个）"), horizontal=True)
        ),
    }
    body = render_to_string("dashboard/_platforms_body.html", context)
    return _kept_if({"body": body}, _table_accepted(table, page, query))


@login_required
@permission_required("projects.view_project", raise_exception=True)
def project_list(request):
    return plan_page(
        request,
        "dashboard/projects.html",
        name="projects",
        models=PROJECT_DATA,
        params=[*project_stats.ProjectFilter.base_filters, PAGE_PARAM],
        build=_project_list,
    )


def _project_list(plan, query):
    projects = Project.objects.filter(plan=plan)
    by_nature = project_stats.investment_by_nature(projects)
    by_year = project_stats.investment_by_year(projects)
    table = project_stats.ProjectFilter(query, queryset=projects.order_by("row"))
    page, others = page_of(table.qs if table.is_valid() else table.queryset, query, ROWS_PER_PAGE)
    # Progress is summed for the rows shown, not for every project of the plan: filtering,
    # counting and cutting the page need none of it. (Explicit order: Django leaves
    # Meta.ordering out of aggregate queries.)
    page.object_list = list(
        Project.objects.filter(pk__in=[project.pk for project in page.object_list])
        .with_progress()
        .select_related("included_in")
        .order_by("row")
    )
    context = {
        "filter": table,
        "page": page,
        "others": others,
        "projects": page.object_list,
        "total_with_overlap": projects.total_investment(),
        "total_without_overlap": projects.total_investment_without_overlap(),
        "overlaps": project_stats.overlaps(projects),
        "largest": project_stats.largest(projects),
        "by_nature": by_nature,
        "by_year": by_year,
        "nature_chart": charts.chart_json(
            charts.count_chart(by_nature, _("按项目性质的总投资（不含重复）"), _("万元"))
        ),
        "year_chart": charts.chart_json(
            charts.count_chart(by_year, _("按建设年限的总投资（不含重复）"), _("万元"))
        ),
    }
    body = render_to_string("dashboard/_projects_body.html", context)
    return _kept_if({"body": body}, _table_accepted(table, page, query))
