"""The plan a report covers, and the years it may cover.

Every download and export command works on one plan, chosen as the pages choose it
(`plans.models.plan_asked`): `?plan=<id>` on a download, `--plan <id or name>` on a
command, the current plan (the one in force) by default. The reports take the plan's
period as values (`PlanPeriod`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from indicators.models import Indicator
from plans.models import Plan, plan_asked


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

    @property
    def title(self):
        """The plan as a report names it: its name and its period."""
        return _("%(name)s（规划期 %(period)s）") % {"name": self.name, "period": self.label}


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


def report_plan(plans, wanted):
    """(plan, errors): the plan a report is asked for among `plans` (those the person may
    see; a command: every plan), by `plan_asked`; else a message why there is none."""
    plan = plan_asked(plans.select_related("base"), wanted)
    if plan is not None:
        return plan, []
    if (wanted or "").strip():
        return None, [_("没有这个规划（或你无权查看）：%(plan)s。") % {"plan": wanted.strip()}]
    return None, [_("尚未载入任何规划。")]


def plan_report_years(plan):
    """The years a report of `plan` may cover: its own years and the years after it its
    series have figures for (规划期后), as the dashboard offers them (`Plan.years_through`)."""
    latest = Indicator.objects.of_plan(plan).series_figures().latest_year()
    return plan.years_through(latest)


def report_year_errors(plan, year):
    """Messages for the year of a workbook of `plan` (None: every year of the plan)."""
    if year is None:
        return []
    years = plan_report_years(plan)
    if year not in years:
        return [
            _("%(year)s 年不在规划“%(plan)s”的年份（%(first)s–%(last)s年）之内。")
            % {"year": year, "plan": plan.name, "first": years[0], "last": years[-1]}
        ]
    return []


def last_year_has_figures(period):
    """Whether any figure of the last year of the plan of `period` is in: a 终期评估
    needs it."""
    indicators = Indicator.objects.filter(plan_id=period.plan_id)
    return indicators.series_figures().filter(year=period.last_year).exists()
