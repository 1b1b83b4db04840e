from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.admin import AuditReportActionMixin, export_audit_report

from .models import Indicator, IndicatorActual, YearApproval


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["serial", "name", "unit", "baseline_value", "target_value", "kind"]


@admin.register(IndicatorActual)
class IndicatorActualAdmin(AuditReportActionMixin, SimpleHistoryAdmin):
    actions = [export_audit_report]
    list_display = ["indicator", "year", "value", "entered_by", "updated_at"]
    list_filter = ["year", "indicator"]


@admin.register(YearApproval)
class YearApprovalAdmin(SimpleHistoryAdmin):
    list_display = ["year", "approved_by", "approved_at", "unlocked_at"]
