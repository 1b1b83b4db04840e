"""The data behind the platforms page: counts by level, type and host, and the table filter.

Each count is one GROUP BY query, so the page costs the same whatever the number of
platforms. Only platforms in force (not revoked) are counted and listed.
"""

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from platforms.models import Platform, PlatformLevel

TOP_HOSTS = 10


def count_by_level(platforms):
    """[(level label, count)] in the order 国家级, 自治区级, 市级, zeros included."""
    counts = dict(platforms.values_list("level").annotate(n=Count("id")).order_by())
    return [(level.label, counts.get(level.value, 0)) for level in PlatformLevel]


def count_by_type(platforms):
    """[(type, count)], most common first."""
    return list(
        platforms.values_list("platform_type")
        .annotate(n=Count("id"))
        .order_by("-n", "platform_type")
    )


def top_hosts(platforms, limit=TOP_HOSTS):
    """[(host organisation, count)] of the hosts with the most platforms.

    Hosts are counted as written: the source spells one host two ways (its remark says
    so), and this page shows the source rather than merging them silently.
    """
    return list(
        platforms.values_list("host_organisation")
        .annotate(n=Count("id"))
        .order_by("-n", "host_organisation")[:limit]
    )


def type_choices(platforms):
    """The platform types in use, for the filter's drop-down."""
    types = platforms.order_by("platform_type").values_list("platform_type", flat=True)
    return [(t, t) for t in types.distinct()]


class PlatformFilter(django_filters.FilterSet):
    """The platforms table's search box and drop-downs (a bad value is reported, not
    silently ignored)."""

    q = django_filters.CharFilter(
        label=_("搜索"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("名称或依托单位")}),
    )
    level = django_filters.ChoiceFilter(label=_("级别"), choices=PlatformLevel.choices)
    platform_type = django_filters.ChoiceFilter(label=_("类型"))

    class Meta:
        model = Platform
        fields = ["q", "level", "platform_type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per request (a callable would be read again for validation).
        self.filters["platform_type"].extra["choices"] = type_choices(self.queryset)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(host_organisation__icontains=value))
