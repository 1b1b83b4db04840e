"""What the public sees: the one place that decides it.

A year of a plan is public when leadership published it (an active Publication), the
year is approved (an active YearApproval: checked here, in the query, so an unlock takes
it off the site at once) and the plan is in force or ended (never a draft). Of such a
plan, only indicators, platforms and projects marked 公开 appear, and of an indicator
only the figures (year, value) of public years: never a note, evidence, who entered it
or the change record. Every public page and download reads through these functions.

The tasks of the plan's work (工程, 重点任务, 专栏) are not public yet; a section for them
adds a `public_tasks(plan)` here and a page in views.py.
"""

from dataclasses import replace

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _

from core.errors import NotFound
from core.models import Visibility
from display.selectors import build_dashboard, build_indicator_detail, figures_by_series
from indicators.models import PROGRESS_DATA, Indicator, IndicatorActual, YearApproval
from plans.models import Plan, PlanState
from platforms.models import Platform
from projects.models import Project, ProjectProgress

from .models import Publication

PUBLIC_PLAN_STATES = [PlanState.IN_FORCE, PlanState.CLOSED]

# Every table a public page or download is built from: a change to any of them gives the
# public responses a new ETag (public/http.py).
PUBLIC_DATA = [*PROGRESS_DATA, Platform, Project, ProjectProgress, Publication]


def published():
    """Publications in force: not withdrawn, the year approved, the plan not a draft."""
    approved = Exists(YearApproval.objects.active().filter(year=OuterRef("year")))
    return Publication.objects.active().filter(plan__state__in=PUBLIC_PLAN_STATES).filter(approved)


def public_plans():
    """Plans in force or ended with at least one public year, earliest first."""
    return (
        Plan.objects.filter(state__in=PUBLIC_PLAN_STATES, pk__in=published().values("plan"))
        .select_related("base")
        .order_by("first_year")
    )


def public_plan(plan_id):
    """The public plan with this id, or a 404 that says no more than "not public"."""
    plan = public_plans().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_not_public())
    return plan


def public_years(plans):
    """The public years of `plans` (a list), ascending."""
    return sorted(set(published().filter(plan__in=plans).values_list("year", flat=True)))


def public_year(plan, year):
    """`year` when it is a public year of `plan`, else a 404."""
    if year not in public_years([plan]):
        raise NotFound(_("%(year)s年的数据尚未公开发布。") % {"year": year})
    return year


def public_indicators(plan):
    return Indicator.objects.of_plan(plan).filter(visibility=Visibility.PUBLIC)


def public_dashboard(plan, year, years):
    """Every public indicator's progress in `year` (display/selectors.py's dashboard), from
    the figures of public years only: an unpublished year is as if it had no figure."""
    indicators = public_indicators(plan)
    figures = {
        key: [figure for figure in rows if figure.year in years]
        for key, rows in figures_by_series(indicators).items()
    }
    return build_dashboard(
        plan, list(indicators.order_by("serial")), year, years, set(years), figures
    )


def public_indicator_detail(plan, serial):
    """An indicator's whole series (display/selectors.py's detail), with the figures of
    public years only; rows only for those years. The periods are the series' public
    indicators of public plans: a later plan with no year published yet is not shown, since
    its baseline is the actual of a year that may not be public (2023 of 2024–2026)."""
    found = public_indicators(plan).filter(serial=serial).first()
    if found is None:
        raise NotFound(_("没有序号为 %(serial)s 的公开指标。") % {"serial": serial})
    periods_query = Indicator.objects.series_periods([found.series_key], plan).filter(
        plan__in=public_plans(), visibility=Visibility.PUBLIC
    )
    plans = sorted({period.plan for period in periods_query}, key=lambda p: p.first_year)
    years = public_years(plans)
    actuals = IndicatorActual.objects.filter(year__in=years).only(
        "id", "indicator_id", "year", "value"
    )
    periods = list(
        periods_query.prefetch_related(
            Prefetch("actuals", queryset=actuals.order_by("year")),
            Prefetch("series_origin__actuals", queryset=actuals.order_by("year")),
        )
    )
    indicator = next(period for period in periods if period.pk == found.pk)
    detail = build_indicator_detail(indicator, periods, set(years))
    rows = [row for row in detail.rows if row.year in years]
    return replace(detail, rows=rows)


def public_platforms(plan):
    """The plan's public platforms in force (a revoked one, and why, stays internal)."""
    return Platform.objects.filter(plan=plan, visibility=Visibility.PUBLIC).current()


def public_projects(plan, years):
    """The plan's public projects, each with `public_status`: its status in the latest
    public year with progress (None without any)."""
    projects = list(Project.objects.filter(plan=plan, visibility=Visibility.PUBLIC))
    progress = ProjectProgress.objects.filter(project__in=projects, year__in=years).order_by("year")
    latest = {p.project_id: p for p in progress.only("project_id", "year", "status")}
    for project in projects:
        found = latest.get(project.pk)
        project.public_status = found.get_status_display() if found else None
        project.public_status_year = found.year if found else None
    return projects


def _not_public():
    return _("该规划没有公开发布的数据。")
