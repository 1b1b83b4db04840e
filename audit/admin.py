"""The audit side of the admin: the record of report downloads, the recent-changes page
and the workbook action on the yearly actuals.

The actuals' admin belongs to the indicators app, which may not know the audit app
(docs/architecture.md); so the audit app extends it here, from above: it registers a
subclass that adds the workbook action and the recent-changes page.
"""

from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyMixin
from core.downloads import xlsx_response
from core.people import display_name
from indicators.admin import IndicatorActualAdmin
from indicators.models import IndicatorActual

from . import views
from .models import ReportDownload, ReportSource
from .services import report_export
from .workbook import ReportScope


@admin.action(description=_("导出所选实际值的审计报表（Excel）"), permissions=["export_report"])
def export_audit_report(modeladmin, request, queryset):
    """The audit workbook limited to the selected actuals (填报明细 and 修改记录)."""
    selected = sorted(queryset.values_list("pk", "year"))
    if not selected:
        modeladmin.message_user(request, _("没有选中任何实际值。"), messages.WARNING)
        return None
    years = {year for _pk, year in selected}
    scope = ReportScope(
        year=years.pop() if len(years) == 1 else None,
        actual_ids=tuple(pk for pk, _year in selected),
    )
    filename, content = report_export(
        scope,
        source=ReportSource.ADMIN,
        user=request.user,
        generated_by=display_name(request.user),
    )
    return xlsx_response(filename, content)


class AuditedActualAdmin(IndicatorActualAdmin):
    """The actuals' admin with the workbook action and the recent-changes page."""

    actions = [export_audit_report]

    def has_export_report_permission(self, request):
        return request.user.has_perm(views.EXPORT_PERMISSION)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("changes/", view(views.recent_changes), name="history_recent"),
        ] + super().get_urls()


admin.site.unregister(IndicatorActual)
admin.site.register(IndicatorActual, AuditedActualAdmin)


@admin.register(ReportDownload)
class ReportDownloadAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The record of every download: read only, it is an audit trail."""

    list_display = ["requested_at", "requested_by", "source", "year", "filename"]
    list_filter = ["source", "year"]

