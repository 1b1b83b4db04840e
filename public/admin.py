from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyMixin

from .models import Publication


@admin.register(Publication)
class PublicationAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """The record of publications and withdrawals, for whoever reads the data (auditors
    included); publishing and withdrawing happen on /public/manage/, through the services."""

    list_display = [
        "plan",
        "year",
        "published_by",
        "published_at",
        "withdrawn_by",
        "withdrawn_at",
        "withdrawal_reason",
    ]
    list_filter = ["plan", "year"]
