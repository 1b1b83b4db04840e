from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """What auditors read: the change history, the Excel workbook and its download record."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("审计报表")
