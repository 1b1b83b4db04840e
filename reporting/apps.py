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
        from indicators.evidence import evidence_provider_register
        from indicators.services import approval_fingerprint_register, reason_rule_register

        from .models import Evidence
        from .selectors import indicator_evidence_files
        from .services import reason_needed, year_fingerprint

        reason_rule_register(reason_needed)
        approval_fingerprint_register(year_fingerprint)
        # The indicator page (dashboard) shows the files of each year without importing
        # this app: it asks indicators.evidence, which asks this provider.
        evidence_provider_register(indicator_evidence_files, [Evidence])
        # The 部门 scorecard (dashboard) judges whether a unit reported on time against the
        # year's due date, asked of work.reporting_dates the same way.
        from work.reporting_dates import due_date_provider_register

        from .models import ReportingEvent
        from .selectors import year_due_date

        # Setting a due date records a step (ReportingEvent, append-only): its newest id
        # tells a cached page the date changed.
        due_date_provider_register(year_due_date, [ReportingEvent])
        # A task's page (dashboard) lists its evidence files the same way.
        from work.evidence import work_evidence_provider_register

        from .selectors import work_item_evidence_files

        work_evidence_provider_register(work_item_evidence_files, [Evidence])
