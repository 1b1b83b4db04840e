from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    """The plan's work: programmes, tasks, spotlights, policies, goals and yearly progress."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "work"
    verbose_name = _("规划任务")
