from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ReportDownload, ReportSource
from .services import report_export
from .views import EXPORT_PERMISSION, user_label, xlsx_response
from .workbook import ReportScope


class AuditReportActionMixin:
    """For the IndicatorActual changelist: lets `export_audit_report` check its permission."""

    def has_export_report_permission(self, request):
        return request.user.has_perm(EXPORT_PERMISSION)


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
        scope, source=ReportSource.ADMIN, user=request.user, generated_by=user_label(request.user)
    )
    return xlsx_response(filename, content)


@admin.register(ReportDownload)
class ReportDownloadAdmin(admin.ModelAdmin):
    """The record of every download: read only, it is an audit trail."""

    list_display = ["requested_at", "requested_by", "source", "year", "filename"]
    list_filter = ["source", "year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
