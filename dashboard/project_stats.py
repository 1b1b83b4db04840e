"""The data behind the projects page: investment totals, by nature and by year, the
largest projects and the table filter.

The source lists 丝路之光 phase one and the whole project as two rows, so a plain sum
double-counts phase one. Every figure here that adds projects up leaves the parts out
(`included_in` set), and the page states both totals.
"""

import django_filters
from django import forms
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from projects.models import Project, ProjectNature

LARGEST = 10


def investment_by_nature(projects):
    """[(nature label, 总投资 without overlap)] in the source's order of natures."""
    sums = dict(
        projects.filter(included_in__isnull=True)
        .values_list("nature")
        .annotate(total=Sum("total_investment"))
        .order_by()
    )
    return [(nature.label, sums[nature.value]) for nature in ProjectNature if nature.value in sums]


def investment_by_year(projects):
    """[(建设年限 year, 总投资 without overlap)], by year."""
    return list(
        projects.filter(included_in__isnull=True)
        .values_list("year")
        .annotate(total=Sum("total_investment"))
        .order_by("year")
    )


def largest(projects, limit=LARGEST):
    """The projects with the largest 总投资 (overlapping rows included, and marked)."""
    return list(projects.select_related("included_in").order_by("-total_investment", "row")[:limit])


def overlaps(projects):
    """The rows counted inside another row: [(part, whole)]."""
    parts = projects.filter(included_in__isnull=False).select_related("included_in")
    return [(part, part.included_in) for part in parts]


def year_choices(projects):
    years = projects.order_by("year").values_list("year", flat=True).distinct()
    return [(y, str(y)) for y in years]


class ProjectFilter(django_filters.FilterSet):
    """The projects table's search box and drop-downs."""

    q = django_filters.CharFilter(
        label=_("搜索"),
        field_name="name",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"placeholder": _("项目名称")}),
    )
    nature = django_filters.ChoiceFilter(label=_("项目性质"), choices=ProjectNature.choices)
    year = django_filters.ChoiceFilter(label=_("建设年限"))

    class Meta:
        model = Project
        fields = ["q", "nature", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per request (a callable would be read again for validation).
        self.filters["year"].extra["choices"] = year_choices(self.queryset)
