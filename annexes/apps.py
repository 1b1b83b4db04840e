from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnexesConfig(AppConfig):
    """Loading a plan's annex tables (fixtures/) and the demo accounts."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "annexes"
    verbose_name = _("规划附件载入")
