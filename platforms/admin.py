from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Platform


@admin.register(Platform)
class PlatformAdmin(SimpleHistoryAdmin):
    list_display = ["serial", "name", "host_organisation", "platform_type", "level", "revoked"]
    list_filter = ["level", "platform_type", "revoked"]
    search_fields = ["name", "host_organisation"]
