"""The plan's work in the admin, for system administrators: they correct the transcribed
definitions and assign responsible units. The roles only read here, each what its
`visible_to` allows (a unit reporter their unit's tasks and items). Yearly progress and
policy applications are entered through work/services.py by the entry pages, so the
admin shows them read-only: a plain admin form would bypass the checks."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyMixin, SuperuserEditsMixin, VisibleRowsMixin

from .models import Goal, Policy, PolicyApplication, Programme, Spotlight, WorkItem, WorkProgress


@admin.register(Programme)
class ProgrammeAdmin(SuperuserEditsMixin, VisibleRowsMixin, SimpleHistoryAdmin):
    list_display = ["identifier", "number", "title", "plan"]
    list_filter = [("plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "text"]


@admin.register(Spotlight)
class SpotlightAdmin(SuperuserEditsMixin, VisibleRowsMixin, SimpleHistoryAdmin):
    list_display = ["identifier", "title", "programme", "plan"]
    list_filter = [
        ("plan", admin.RelatedOnlyFieldListFilter),
        ("programme", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title"]
    readonly_fields = ["plan"]  # follows the programme


@admin.register(WorkItem)
class WorkItemAdmin(SuperuserEditsMixin, VisibleRowsMixin, SimpleHistoryAdmin):
    list_display = ["identifier", "title", "kind", "programme", "lead_unit", "visibility"]
    list_filter = [
        "kind",
        ("plan", admin.RelatedOnlyFieldListFilter),
        ("programme", admin.RelatedOnlyFieldListFilter),
        "visibility",
        "lead_unit",
    ]
    list_select_related = ["programme", "lead_unit"]
    search_fields = ["identifier", "title", "text"]
    # `plan` follows the programme (and an item's spotlight); `carried_from` is set when
    # the next plan is drafted.
    readonly_fields = ["plan", "carried_from"]
    filter_horizontal = ["collaborating_units", "projects", "platforms"]


@admin.register(Policy)
class PolicyAdmin(SuperuserEditsMixin, VisibleRowsMixin, SimpleHistoryAdmin):
    list_display = ["identifier", "title", "plan"]
    list_filter = [("plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title"]


@admin.register(Goal)
class GoalAdmin(SuperuserEditsMixin, VisibleRowsMixin, SimpleHistoryAdmin):
    list_display = ["identifier", "title", "plan"]
    list_filter = [("plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "text"]


@admin.register(WorkProgress)
class WorkProgressAdmin(ReadOnlyMixin, VisibleRowsMixin, SimpleHistoryAdmin):
    list_display = ["item", "year", "status", "completion_percent", "entered_by", "version"]
    list_filter = ["year", "status", "item__kind"]
    list_select_related = ["item", "entered_by"]
    search_fields = ["item__identifier", "item__title", "progress_text"]


@admin.register(PolicyApplication)
class PolicyApplicationAdmin(ReadOnlyMixin, VisibleRowsMixin, SimpleHistoryAdmin):
    list_display = ["policy", "year", "applied", "funds", "enterprises", "entered_by", "version"]
    list_filter = ["year", "applied"]
    list_select_related = ["policy", "entered_by"]
    search_fields = ["policy__title", "effect"]
