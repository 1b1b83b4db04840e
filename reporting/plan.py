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
    """The latest of `years` without approved figures, never a future year (the plan's
    rule, Plan.default_entry_year); None when none of them has begun."""
    today = today or datetime.date.today()
    past = [year for year in years if year <= today.year]
    if not past:
        return None
    locked = YearApproval.objects.locked_years()
    open_years = [year for year in past if year not in locked]
    return max(open_years) if open_years else max(past)
