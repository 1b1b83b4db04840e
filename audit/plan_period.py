"""The plan a report covers, as plain values.

Reports (the audit workbook, the evaluation report) take the plan's period as values
from `current_plan_period()`: the plan shown by default (the one in force), or the one
asked for.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from plans.models import Plan


@dataclass(frozen=True)
class PlanPeriod:
    plan_id: int
    base_name: str
    name: str
    source_document: str
    baseline_year: int
    first_year: int
    last_year: int

    @property
    def years(self):
        return range(self.first_year, self.last_year + 1)

    @property
    def label(self):
        return _("%(first)s–%(last)s年") % {"first": self.first_year, "last": self.last_year}


def current_plan_period(plan=None):
    """`plan` (default: the current plan) as a PlanPeriod; None while no plan is loaded."""
    plan = plan or Plan.objects.current()
    if plan is None:
        return None
    return PlanPeriod(
        plan_id=plan.pk,
        base_name=plan.base.name,
        name=plan.name,
        source_document=plan.source_document or plan.name,
        baseline_year=plan.baseline_year,
        first_year=plan.first_year,
        last_year=plan.last_year,
    )
