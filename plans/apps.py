from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The base and its plans: the lowest domain app, every other one belongs to a plan."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("建设规划")
