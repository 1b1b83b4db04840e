from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """The plan cycle on the site: drafting the next plan from the last one, importing a
    plan's annex tables, putting a plan in force."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"
    verbose_name = _("规划编制")
