"""Admin for indicators and their yearly figures.

Every save and delete of a figure goes through indicators/services.py, so the admin
refuses exactly what import and API refuse; the form runs the checks once (in `clean`)
and the admin saves the row they prepared. The custom pages (yearly entry, approval,
Excel import) live in indicators/admin_views.py. The audit workbook action is added to
this admin by the audit app, which sits above this one (docs/architecture.md).
"""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import FormUserMixin, ReadOnlyMixin
from core.numbers import format_decimal
from plans.models import Plan, PlanState

from . import admin_views
from .forms import ActualForm
from .models import ApprovalState, Indicator, IndicatorActual, YearApproval
from .services import actual_delete


class ApprovalStateFilter(admin.SimpleListFilter):
    title = _("审定状态")
    parameter_name = "approval"

    def lookups(self, request, model_admin):
        return ApprovalState.choices

    def queryset(self, request, queryset):
        if self.value() in ApprovalState.values:
            return queryset.in_approval_state(self.value())
        return queryset


def year_is_locked(obj):
    return obj is not None and obj.pk and YearApproval.objects.for_year(obj.year) is not None


class YearlyRecordAdminMixin(FormUserMixin):
    """Admin of a yearly record written through its services (actuals, project progress):
    the form knows its user, there is no bulk delete (it would bypass the per-row checks)
    and nothing of an approved year can be changed or deleted."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not year_is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not year_is_locked(obj)


class ActualInline(ReadOnlyMixin, admin.TabularInline):
    """An indicator's figures, read-only here: they are edited one by one or by year."""

    model = IndicatorActual
    fields = ["year", "shown_value", "flagged", "note", "entered_by", "updated_at", "version"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    @admin.display(description=_("实际值"))
    def shown_value(self, obj):
        return format_decimal(obj.value)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    """Definitions: managers, leadership and auditors see them; only superusers edit
    (the roles give nobody else change_indicator)."""

    list_display = [
        "plan",
        "serial",
        "name",
        "unit",
        "baseline_value",
        "target_value",
        "kind",
        "visibility",
    ]
    list_filter = ["plan", "visibility"]
    search_fields = ["name", "name_as_written"]
    inlines = [ActualInline]
    # A plan's indicators and their series are made by loading or drafting the plan.
    readonly_fields = ["plan", "continues", "series_origin", "source_ref"]


@admin.register(IndicatorActual)
class IndicatorActualAdmin(YearlyRecordAdminMixin, SimpleHistoryAdmin):
    form = ActualForm
    list_display = [
        "indicator",
        "year",
        "shown_value",
        "flagged",
        "approval_state",
        "entered_by",
        "updated_at",
        "version",
    ]
    list_filter = ["year", "indicator", ApprovalStateFilter, "flagged"]
    search_fields = ["indicator__name", "note"]
    list_select_related = ["indicator", "entered_by"]
    readonly_fields = ["flagged", "entered_by", "version", "created_at", "updated_at"]
    change_list_template = "admin/indicators/indicatoractual/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_approval_state()

    @admin.display(description=_("实际值"), ordering="value")
    def shown_value(self, obj):
        return format_decimal(obj.value)

    @admin.display(description=_("审定状态"), ordering="approval_state")
    def approval_state(self, obj):
        return ApprovalState(obj.approval_state).label

    def save_model(self, request, obj, form, change):
        # `clean` ran every check of the service and locked the row; save what it prepared.
        saved = form.prepared
        saved.save()
        # The admin goes on with `obj` (log entry, redirect): give it the saved identity.
        obj.pk, obj.version, obj.flagged = saved.pk, saved.version, saved.flagged

    def delete_model(self, request, obj):
        actual_delete(user=request.user, actual=obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("entry/", view(admin_views.year_entry), name="entry_year"),
            path("approval/", view(admin_views.year_approval), name="approval_years"),
            path("import/", view(admin_views.import_upload), name="import_upload"),
            path("import/template/", view(admin_views.import_template), name="import_template"),
            path("import/confirm/", view(admin_views.import_confirm), name="import_confirm"),
        ] + super().get_urls()


@admin.register(YearApproval)
class YearApprovalAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """The record of approvals and unlocks; approving and unlocking happen on the
    approval page (admin_views.year_approval), through the services."""

    list_display = [
        "year",
        "plan",
        "approved_by",
        "approved_at",
        "unlocked_by",
        "unlocked_at",
        "unlock_reason",
    ]
    list_filter = ["year"]

    @admin.display(description=_("所属规划"))
    def plan(self, obj):
        """The plan whose period holds the approved year (closed plans too); one query a
        row, on a list of one or two rows a year."""
        found = Plan.objects.exclude(state=PlanState.DRAFT).holding(obj.year).first()
        return found.name_with_period if found else _("规划期后")

