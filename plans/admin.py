"""Plans in the admin: a record for system administrators. Managers draft and leadership
puts plans in force on the site (planning/), through planning/services.py."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Plan


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["name", "first_year", "last_year", "baseline_year", "state"]
    list_filter = ["state"]
    readonly_fields = ["previous", "created_by", "put_in_force_by", "put_in_force_at"]

    # Only a system administrator edits a plan here; the roles work on the site.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
