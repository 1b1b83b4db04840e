"""Admin for projects (Annex 4, read-only but for administrators) and their yearly
progress, which managers enter through projects/services.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyMixin, VisibleRowsMixin
from core.numbers import format_decimal
from indicators.admin import YearlyRecordAdminMixin

from .forms import ProjectProgressForm
from .models import Project, ProjectProgress
from .services import project_progress_delete


class ProgressInline(ReadOnlyMixin, admin.TabularInline):
    """A project's yearly progress, read-only here: edited one by one below."""

    model = ProjectProgress
    fields = ["year", "investment_completed", "status", "completion_percent", "entered_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Project)
class ProjectAdmin(VisibleRowsMixin, SimpleHistoryAdmin):
    list_display = [
        "row",
        "name",
        "year",
        "nature",
        "total_investment",
        "cumulative_investment",
        "latest_status",
        "visibility",
    ]
    list_filter = ["nature", "year", "visibility"]
    search_fields = ["name"]
    inlines = [ProgressInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    @admin.display(description=_("累计完成投资（万元）"), ordering="cumulative_investment")
    def cumulative_investment(self, obj):
        return format_decimal(obj.cumulative_investment, empty="—")

    @admin.display(description=_("最新状态"))
    def latest_status(self, obj):
        return obj.latest_status or "—"


@admin.register(ProjectProgress)
class ProjectProgressAdmin(VisibleRowsMixin, YearlyRecordAdminMixin, SimpleHistoryAdmin):
    form = ProjectProgressForm
    list_display = [
        "project",
        "year",
        "investment_completed",
        "status",
        "completion_percent",
        "entered_by",
        "version",
    ]
    list_filter = ["year", "status"]
    search_fields = ["project__name"]
    list_select_related = ["project", "entered_by"]
    readonly_fields = ["entered_by", "version", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        # `clean` ran every check of the service and locked the row; save what it prepared.
        saved = form.prepared
        saved.save()
        obj.pk, obj.version = saved.pk, saved.version  # the admin goes on with `obj`

    def delete_model(self, request, obj):
        project_progress_delete(user=request.user, progress=obj)
