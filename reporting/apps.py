from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("年度填报与审定")

    def ready(self):
        # indicators/services.py may not import this layer: it asks the rules registered
        # here whether a change of a year's figures needs a reason.
        # The same way, an approval from a page (here or in the admin) names the state it
        # approves by the fingerprint computed here.
        from indicators.services import approval_fingerprint_register, reason_rule_register

        from .services import reason_needed, year_fingerprint

        reason_rule_register(reason_needed)
        approval_fingerprint_register(year_fingerprint)
