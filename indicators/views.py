from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render

from platforms.models import Platform
from projects.models import Project

from . import charts
from .dashboard import (
    YearForm,
    build_dashboard,
    build_indicator_detail,
    default_year,
    plan_years,
)
from .models import Indicator, IndicatorActual, YearApproval


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def home(request):
    """The progress dashboard: every indicator in one year (default: the latest with data)."""
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
    return render(request, "indicators/dashboard.html", context)


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def indicator_detail(request, serial):
    indicator = get_object_or_404(Indicator.objects.with_actuals(), serial=serial)
    detail = build_indicator_detail(indicator, YearApproval.objects.locked_years())
    context = {
        "detail": detail,
        "indicator": indicator,
        "chart": charts.figure_data(charts.indicator_chart(detail)),
    }
    return render(request, "indicators/detail.html", context)
