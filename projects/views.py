from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators import charts, pagecache

from . import overview
from .models import Project, ProjectProgress


@login_required
@permission_required("projects.view_project", raise_exception=True)
def project_list(request):
    page = pagecache.cached(
        "projects", request, [Project, ProjectProgress], lambda: _project_list(request)
    )
    return render(request, "projects/list.html", {"body": mark_safe(page)})


def _project_list(request):
    projects = Project.objects.all()
    by_nature = overview.investment_by_nature(projects)
    by_year = overview.investment_by_year(projects)
    table = overview.ProjectFilter(
        # Explicit order: Django leaves Meta.ordering out of aggregate (GROUP BY) queries.
        request.GET,
        queryset=projects.with_progress().select_related("included_in").order_by("row"),
    )
    context = {
        "filter": table,
        "projects": table.qs if table.is_valid() else table.queryset,
        "total_with_overlap": projects.total_investment(),
        "total_without_overlap": projects.total_investment_without_overlap(),
        "overlaps": overview.overlaps(projects),
        "largest": overview.largest(projects),
        "by_nature": by_nature,
        "by_year": by_year,
        "nature_chart": charts.figure_data(
            charts.count_chart(by_nature, _("按项目性质的总投资（不含重复）"), _("万元"))
        ),
        "year_chart": charts.figure_data(
            charts.count_chart(by_year, _("按建设年限的总投资（不含重复）"), _("万元"))
        ),
    }
    return render_to_string("projects/_list_body.html", context)
