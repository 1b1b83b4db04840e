from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from platforms.models import Platform
from projects.models import Project

from . import charts, pagecache
from .dashboard import (
    YearForm,
    build_dashboard,
    build_indicator_detail,
    default_year,
    plan_years,
)
from .models import Indicator, IndicatorActual, YearApproval

# What each page shows; a change to any of these rebuilds it.
DETAIL_PAGE_DATA = [Indicator, IndicatorActual, YearApproval]
DASHBOARD_DATA = [*DETAIL_PAGE_DATA, Platform, Project]


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def home(request):
    """The progress dashboard: every indicator in one year (default: the latest with data)."""
    page = pagecache.cached("dashboard", request, DASHBOARD_DATA, lambda: _dashboard(request))
    return render(request, "indicators/dashboard.html", {**page, "body": mark_safe(page["body"])})


def _dashboard(request):
    indicators = list(Indicator.objects.with_actuals())
    latest_year = IndicatorActual.objects.latest_year()
    years = plan_years(indicators, latest_year)
    form = YearForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_valid() else default_year(years, latest_year)
    dashboard = build_dashboard(indicators, year, years, YearApproval.objects.locked_years())
    context = {
        "dashboard": dashboard,
        "form": form,
        "chart": charts.figure_data(charts.gap_closed_chart(dashboard)),
        "platform_count": Platform.objects.current().count(),
        "investment_without_overlap": Project.objects.total_investment_without_overlap(),
    }
    body = render_to_string("indicators/_dashboard_body.html", context)
    return {"year": dashboard.year, "years": dashboard.years, "body": body}


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def indicator_detail(request, serial):
    page = pagecache.cached(
        f"indicator:{serial}", request, DETAIL_PAGE_DATA, lambda: _indicator_detail(serial)
    )
    return render(request, "indicators/detail.html", {**page, "body": mark_safe(page["body"])})


def _indicator_detail(serial):
    indicator = Indicator.objects.with_actuals().filter(serial=serial).first()
    if indicator is None:
        raise Http404(f"Indicator {serial}")
    detail = build_indicator_detail(indicator, YearApproval.objects.locked_years())
    context = {
        "detail": detail,
        "indicator": indicator,
        "chart": charts.figure_data(charts.indicator_chart(detail)),
    }
    body = render_to_string("indicators/_detail_body.html", context)
    return {"title": indicator.name, "body": body}
