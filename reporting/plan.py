"""Which plan a reporting page is about, and which of its years it covers (plans/models.py).

Every year belongs to the one plan whose period holds it (periods do not overlap): 2023 is
a reporting year of 2021–2023 and only the baseline year of 2024–2026. A plan's years stay
reportable after the next plan is put in force: the lock of a year is its approval, not
the state of its plan. A draft's years are read only, by those who may see drafts.
"""

import datetime

from indicators.models import YearApproval
from plans.models import Plan, PlanState, plan_chosen, plan_named


def chosen_plan(request):
    """(plan, plans) of a page with a plan picker: the dashboard's rule (plan_chosen)."""
    return plan_chosen(request.user, request.GET.get("plan", ""))


def plan_of_year(user, year, wanted=""):
    """The plan a year page belongs to: the one asked for (`wanted`, a ?plan= value) if
    `user` may see it and `year` is one of its years, else, with nothing asked for, the
    plan `user` may see whose period holds `year`; None when there is none."""
    plans = Plan.objects.visible_to(user).select_related("base")
    if (wanted or "").strip():
        plan = plan_named(plans, wanted)
        return plan if plan is not None and year in plan.years else None
    return plans.holding(year).first()


def reporting_plan(year):
    """The plan `year`'s figures are reported under: the one in force or closed whose
    period holds it; None for a year of no plan or of a draft (not entered yet)."""
    return Plan.objects.exclude(state=PlanState.DRAFT).holding(year).first()


def plan_years_in_force():
    """The calendar years of the plan in force, oldest first; [] before any plan loads."""
    plan = Plan.objects.current()
    return plan.years if plan else []


def started_years(plan, today=None):
    """`plan`'s years that have begun (figures of a future year cannot exist yet)."""
    today = today or datetime.date.today()
    return [year for year in plan.years if year <= today.year] if plan else []


def default_entry_year(plan, years, today=None):
    """The year the entry screen opens on (the plan's rule, Plan.default_entry_year);
    None when none of `years` has begun."""
    today = today or datetime.date.today()
    if plan is None or not any(year <= today.year for year in years):
        return None
    return plan.default_entry_year(YearApproval.objects.locked_years(), today, years)
