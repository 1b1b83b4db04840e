"""The four pages people read: the dashboard, an indicator, the platforms, the projects.

Thin views: check the role, then `cached_page` (core/pagecache.py) returns the page's
body, built by the functions below only when the data behind it changed. Each builder
sees only the query parameters its page declares.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.forms import YearForm
from core.pagecache import cached_page
from core.paging import PAGE_PARAM, page_of
from indicators.models import Indicator, IndicatorActual, YearApproval
from platforms.models import Platform
from projects.models import Project, ProjectProgress

from . import charts, platform_stats, project_stats
from .selectors import (
    build_dashboard,
    build_indicator_detail,
    default_year,
    figures_by_indicator,
    plan_years,
)

# Long lists come a page at a time, so no page grows with the data (100× the plan's
# indicators, platforms and projects stay a page of HTML, not megabytes).
CARDS_PER_PAGE = 24
ROWS_PER_PAGE = 50

# What each page shows; a change to any of these rebuilds it.
INDICATOR_DATA = [Indicator, IndicatorActual, YearApproval]
DASHBOARD_DATA = [*INDICATOR_DATA, Platform, Project]
PLATFORM_DATA = [Platform]
PROJECT_DATA = [Project, ProjectProgress]


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def home(request):
    """The progress dashboard: every indicator in one year (default: the latest with data)."""
    page = cached_page(
        request,
        name="dashboard",
        models=DASHBOARD_DATA,
        params=["year", PAGE_PARAM],
        build=_dashboard,
    )
    return render(request, "dashboard/dashboard.html", page)


def _dashboard(query):
    indicators = list(Indicator.objects.all())
    figures = figures_by_indicator()
    latest_year = max((f.year for rows in figures.values() for f in rows), default=None)
    years = plan_years(indicators, latest_year)
    form, year = YearForm.chosen(query, years, default_year(years, latest_year))
    locked_years = YearApproval.objects.locked_years()
    dashboard = build_dashboard(indicators, year, years, locked_years, figures)
    # The counts cover every indicator; the chart and the cards show those that need
    # attention first, a page at a time.
    page, others = page_of(dashboard.attention_first, query, CARDS_PER_PAGE)
    context = {
        "dashboard": dashboard,
        "form": form,
        "page": page,
        "others": others,
        "chart": charts.chart_json(charts.gap_closed_chart(dashboard, page.object_list)),
        "platform_count": Platform.objects.current().count(),
        "investment_without_overlap": Project.objects.total_investment_without_overlap(),
    }
    body = render_to_string("dashboard/_dashboard_body.html", context)
    return {"year": dashboard.year, "years": dashboard.years, "body": body}


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def indicator_detail(request, serial):
    page = cached_page(
        request,
        name=f"indicator:{serial}",
        models=INDICATOR_DATA,
        build=lambda query: _indicator_detail(serial),
    )
    return render(request, "dashboard/detail.html", page)


def _indicator_detail(serial):
    indicator = Indicator.objects.with_actuals().filter(serial=serial).first()
    if indicator is None:
        raise Http404(f"Indicator {serial}")
    detail = build_indicator_detail(indicator, YearApproval.objects.locked_years())
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
    page = cached_page(
        request,
        name="platforms",
        models=PLATFORM_DATA,
        params=[*platform_stats.PlatformFilter.base_filters, PAGE_PARAM],
        build=_platform_list,
    )
    return render(request, "dashboard/platforms.html", page)


def _platform_list(query):
    platforms = Platform.objects.current()
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
    return {"body": render_to_string("dashboard/_platforms_body.html", context)}


@login_required
@permission_required("projects.view_project", raise_exception=True)
def project_list(request):
    page = cached_page(
        request,
        name="projects",
        models=PROJECT_DATA,
        params=[*project_stats.ProjectFilter.base_filters, PAGE_PARAM],
        build=_project_list,
    )
    return render(request, "dashboard/projects.html", page)


def _project_list(query):
    projects = Project.objects.all()
    by_nature = project_stats.investment_by_nature(projects)
    by_year = project_stats.investment_by_year(projects)
    table = project_stats.ProjectFilter(
        query,
        # Explicit order: Django leaves Meta.ordering out of aggregate (GROUP BY) queries.
        queryset=projects.with_progress().select_related("included_in").order_by("row"),
    )
    page, others = page_of(table.qs if table.is_valid() else table.queryset, query, ROWS_PER_PAGE)
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
    return {"body": render_to_string("dashboard/_projects_body.html", context)}
