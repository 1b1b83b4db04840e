"""The plan a report covers, as plain values.

Reports (the audit workbook, the evaluation report) take the plan's period as values
from `current_plan_period()` and never read it anywhere else, so when plans become data
of their own this function is the one place that changes.
"""

from dataclasses import dataclass

from django.db.models import Max, Min
from django.utils.translation import gettext as _

from indicators.models import Indicator

BASE_NAME = "乌鲁木齐高新区（新市区）双创示范基地"
# The document the annexes were transcribed from (fixtures/README.md).
SOURCE_DOCUMENT = "乌鲁木齐高新区（新市区）双创示范基地建设方案（2021—2023年）"


@dataclass(frozen=True)
class PlanPeriod:
    name: str
    baseline_year: int
    first_year: int
    last_year: int

    @property
    def years(self):
        return range(self.first_year, self.last_year + 1)

    @property
    def label(self):
        return _("%(first)s–%(last)s年") % {"first": self.first_year, "last": self.last_year}


def current_plan_period():
    """Today's one plan: from the year after the indicators' baseline to their target year.

    None while no indicator is loaded.
    """
    years = Indicator.objects.aggregate(baseline=Min("baseline_year"), last=Max("target_year"))
    if years["baseline"] is None:
        return None
    return PlanPeriod(
        name=SOURCE_DOCUMENT,
        baseline_year=years["baseline"],
        first_year=years["baseline"] + 1,
        last_year=years["last"],
    )
