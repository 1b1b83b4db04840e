"""Plans and responsible units in the admin: a record for system administrators.
Managers draft and leadership puts plans in force on the site (planning/), through
planning/services.py; units and who reports for them are set up here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import SuperuserEditsMixin, VisibleRowsMixin

from .models import Plan, Unit, UnitMember


@admin.register(Plan)
class PlanAdmin(VisibleRowsMixin, SuperuserEditsMixin, SimpleHistoryAdmin):
    """Drafts (and their history) only for managers and leadership, as on the site."""

    list_display = ["name", "first_year", "last_year", "baseline_year", "state"]
    list_filter = ["state"]
    readonly_fields = ["previous", "created_by", "put_in_force_by", "put_in_force_at"]


class UnitMemberInline(SuperuserEditsMixin, admin.TabularInline):
    """Who reports for the unit (部门填报员); a user belongs to one unit at most."""

    model = UnitMember
    extra = 0


@admin.register(Unit)
class UnitAdmin(SuperuserEditsMixin, SimpleHistoryAdmin):
    list_display = ["name", "base", "active"]
    list_filter = ["active", "base"]
    search_fields = ["name"]
    inlines = [UnitMemberInline]
