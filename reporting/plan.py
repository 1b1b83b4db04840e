"""Which years the reporting cycle covers: the one place that knows the plan in force.

Today the plan is the indicators' own period (baseline year + 1 … target year, as the
dashboard reads it). When plans become data, only `plan_years_in_force` changes.
"""

import datetime

from django.db.models import Max, Min

from indicators.models import Indicator


def plan_years_in_force():
    """The calendar years of the plan in force, oldest first; [] before the annexes load."""
    bounds = Indicator.objects.aggregate(first=Min("baseline_year"), last=Max("target_year"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["first"] + 1, bounds["last"] + 1))


def enterable_years(today=None):
    """The plan's years that have begun (figures of a future year cannot exist yet)."""
    today = today or datetime.date.today()
    return [year for year in plan_years_in_force() if year <= today.year]


def default_entry_year(years, today=None):
    """The year a manager most likely enters: last year (its figures are due by March),
    else the latest year that has begun; never a future year. None when none has begun."""
    today = today or datetime.date.today()
    past = [year for year in years if year <= today.year]
    if not past:
        return None
    return today.year - 1 if today.year - 1 in past else past[-1]
