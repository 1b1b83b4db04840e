"""Which years the reporting cycle covers: those of the plan in force (plans/models.py)."""

import datetime

from indicators.models import YearApproval
from plans.models import Plan


def plan_in_force():
    """The plan figures are entered for: the current plan (the one in force)."""
    return Plan.objects.current()


def plan_years_in_force():
    """The calendar years of the plan in force, oldest first; [] before any plan loads."""
    plan = plan_in_force()
    return plan.years if plan else []


def enterable_years(today=None):
    """The plan's years that have begun (figures of a future year cannot exist yet)."""
    today = today or datetime.date.today()
    return [year for year in plan_years_in_force() if year <= today.year]


def default_entry_year(years, today=None):
    """The year the entry screen opens on (the plan's rule, Plan.default_entry_year);
    None when none of `years` has begun."""
    today = today or datetime.date.today()
    plan = plan_in_force()
    if plan is None or not any(year <= today.year for year in years):
        return None
    return plan.default_entry_year(YearApproval.objects.locked_years(), today, years)
