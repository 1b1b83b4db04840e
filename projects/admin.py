from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Project, ProjectProgress


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["row", "name", "year", "nature", "total_investment"]
    list_filter = ["nature", "year"]
    search_fields = ["name"]


@admin.register(ProjectProgress)
class ProjectProgressAdmin(SimpleHistoryAdmin):
    list_display = ["project", "year", "investment_completed", "status", "completion_percent"]
    list_filter = ["year", "status"]
