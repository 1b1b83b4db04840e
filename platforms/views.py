from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators import charts, pagecache

from . import overview
from .models import Platform


@login_required
@permission_required("platforms.view_platform", raise_exception=True)
def platform_list(request):
    page = pagecache.cached("platforms", request, [Platform], lambda: _platform_list(request))
    return render(request, "platforms/list.html", {"body": mark_safe(page)})


def _platform_list(request):
    platforms = Platform.objects.current()
    by_level = overview.count_by_level(platforms)
    by_type = overview.count_by_type(platforms)
    hosts = overview.top_hosts(platforms)
    table = overview.PlatformFilter(request.GET, queryset=platforms)
    context = {
        "filter": table,
        "platforms": table.qs if table.is_valid() else platforms,
        "total": sum(n for _level, n in by_level),
        "by_level": by_level,
        "by_type": by_type,
        "hosts": hosts,
        "level_chart": charts.figure_data(
            charts.count_chart(by_level, _("按级别统计"), _("平台数（个）"))
        ),
        "type_chart": charts.figure_data(
            charts.count_chart(by_type, _("按类型统计"), _("平台数（个）"), horizontal=True)
        ),
        "host_chart": charts.figure_data(
            charts.count_chart(hosts, _("平台最多的依托单位"), _("平台数（个）"), horizontal=True)
        ),
    }
    return render_to_string("platforms/_list_body.html", context)
