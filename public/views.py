"""The public site (/public/): what the base has achieved, for anyone, without logging in;
and leadership's page for publishing a year (/public/manage/).

Public views are thin: `public_response` (public/http.py) answers caching, rate limits
and methods; the data comes only through public/selectors.py; charts are display/'s.
They never read `request.user` or the session, so no response depends on who asks.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.downloads import xlsx_response
from core.errors import NotFound
from display import charts
from indicators.models import YearApproval
from plans.models import Plan

from . import opendata
from .http import public_response
from .models import PUBLISH_PERMISSION, Publication
from .selectors import (
    PUBLIC_PLAN_STATES,
    public_dashboard,
    public_indicator_detail,
    public_plan,
    public_plans,
    public_platforms,
    public_projects,
    public_year,
    public_years,
)
from .services import publication_errors, publication_publish, publication_withdraw

# ---- the public pages --------------------------------------------------------------


@public_response()
def plan_list(request):
    plans = [(plan, public_years([plan])) for plan in public_plans()]
    return render(request, "public/plan_list.html", {"plans": plans})


def _chosen_year(request, years):
    """?year= as typed, when it is one of the public `years`; the latest by default."""
    wanted = request.GET.get("year", "").strip()
    if not wanted:
        return years[-1]
    if not wanted.isdigit() or int(wanted) not in years:
        raise NotFound(_("%(year)s 不是已公开发布的年份。") % {"year": wanted[:10]})
    return int(wanted)


@public_response(params=("year",))
def plan_detail(request, plan_id):
    plan = public_plan(plan_id)
    years = public_years([plan])
    year = _chosen_year(request, years)
    dashboard = public_dashboard(plan, year, years)
    context = {
        "plan": plan,
        "years": years,
        "dashboard": dashboard,
        "chart": charts.chart_json(charts.gap_closed_chart(dashboard)) if dashboard.rows else None,
        "formats": DATA_FORMATS,
        "licence": settings.PUBLIC_DATA_LICENCE,
    }
    return render(request, "public/plan.html", context)


@public_response()
def indicator_detail(request, plan_id, serial):
    plan = public_plan(plan_id)
    detail = public_indicator_detail(plan, serial)
    context = {
        "plan": plan,
        "detail": detail,
        "indicator": detail.indicator,
        "chart": charts.chart_json(charts.indicator_chart(detail)),
    }
    return render(request, "public/indicator.html", context)


@public_response(embeddable=True)
def indicator_embed(request, plan_id, serial):
    """The indicator's chart alone, to be framed by the sites PUBLIC_EMBED_FRAME_ANCESTORS
    names (README, "Public site")."""
    plan = public_plan(plan_id)
    detail = public_indicator_detail(plan, serial)
    context = {
        "plan": plan,
        "detail": detail,
        "indicator": detail.indicator,
        "chart": charts.chart_json(charts.indicator_chart(detail)),
    }
    return render(request, "public/embed.html", context)


@public_response()
def platform_list(request, plan_id):
    plan = public_plan(plan_id)
    platforms = list(public_platforms(plan))
    levels = {}
    for platform in platforms:
        label = platform.get_level_display()
        levels[label] = levels.get(label, 0) + 1
    pairs = sorted(levels.items(), key=lambda pair: -pair[1])
    chart = charts.count_chart(pairs, _("按级别统计"), _("个")) if pairs else None
    context = {
        "plan": plan,
        "platforms": platforms,
        "level_counts": pairs,
        "chart": charts.chart_json(chart) if chart else None,
    }
    return render(request, "public/platforms.html", context)


@public_response()
def project_list(request, plan_id):
    plan = public_plan(plan_id)
    projects = public_projects(plan, public_years([plan]))
    total = sum((p.total_investment for p in projects if p.included_in_id is None), start=0)
    context = {"plan": plan, "projects": projects, "total_investment": total}
    return render(request, "public/projects.html", context)


DATA_FORMATS = {
    "csv": ("text/csv; charset=utf-8", opendata.as_csv),
    "json": ("application/json; charset=utf-8", opendata.as_json),
    "xlsx": (None, opendata.as_xlsx),
}


@public_response()
def year_data(request, plan_id, year, data_format):
    """/public/plans/<id>/<year>.<csv|json|xlsx>: the published figures of one year."""
    plan = public_plan(plan_id)
    year = public_year(plan, int(year))
    content_type, write = DATA_FORMATS[data_format]
    filename = f"plan-{plan.pk}-{year}.{data_format}"
    if content_type is None:
        return xlsx_response(filename, write(plan, year))
    response = HttpResponse(write(plan, year), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# ---- leadership: publishing --------------------------------------------------------


def _manage_plan(plan_id):
    return get_object_or_404(Plan.objects.filter(state__in=PUBLIC_PLAN_STATES), pk=plan_id)


@login_required
@permission_required(PUBLISH_PERMISSION, raise_exception=True)
def manage(request):
    """Every year of the plans in force or ended: approved? published? (with the record)."""
    locked = YearApproval.objects.locked_years()
    records = Publication.objects.select_related("published_by", "withdrawn_by", "plan")
    plans = []
    for plan in Plan.objects.filter(state__in=PUBLIC_PLAN_STATES).order_by("first_year"):
        active = {p.year: p for p in records.filter(plan=plan).active()}
        rows = [(year, year in locked, active.get(year)) for year in plan.years]
        plans.append((plan, rows))
    history = records.order_by("-published_at")[:50]
    return render(request, "public/manage.html", {"plans": plans, "history": history})


@login_required
@permission_required(PUBLISH_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def publish(request, plan_id, year):
    """The confirmation page (GET) and the decision (POST)."""
    plan = _manage_plan(plan_id)
    problems = publication_errors(plan, year)
    if request.method == "POST":
        try:
            publication_publish(user=request.user, plan=plan, year=year)
        except (ValidationError, PermissionDenied) as error:
            for message in _messages(error):
                messages.error(request, message)
            return redirect("public:manage")
        messages.success(
            request, _("已公开发布 %(plan)s %(year)s年的数据。") % {"plan": plan, "year": year}
        )
        return redirect("public:manage")
    return render(
        request, "public/publish.html", {"plan": plan, "year": year, "problems": problems}
    )


@login_required
@permission_required(PUBLISH_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def withdraw(request, plan_id, year):
    plan = _manage_plan(plan_id)
    publication = Publication.objects.active().filter(plan=plan, year=year).first()
    errors = []
    if request.method == "POST":
        try:
            publication_withdraw(
                user=request.user, plan=plan, year=year, reason=request.POST.get("reason", "")
            )
        except (ValidationError, PermissionDenied) as error:
            errors = _messages(error)
        else:
            messages.success(
                request, _("已撤回 %(plan)s %(year)s年的公开发布。") % {"plan": plan, "year": year}
            )
            return redirect("public:manage")
    context = {
        "plan": plan,
        "year": year,
        "publication": publication,
        "errors": errors,
        "reason": request.POST.get("reason", ""),
    }
    return render(request, "public/withdraw.html", context, status=400 if errors else 200)


def _messages(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]
