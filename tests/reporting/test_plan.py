import datetime

from plans.models import Plan, PlanState
from reporting.plan import (
    default_entry_year,
    plan_of_year,
    plan_years_in_force,
    reporting_plan,
    started_years,
)


def test_plan_years_come_from_the_indicators(annexes):
    assert plan_years_in_force() == [2021, 2022, 2023]


def test_no_plan_years_before_the_annexes_load(db):
    assert plan_years_in_force() == []


def test_only_years_that_have_begun_can_be_entered(annexes):
    plan = Plan.objects.get()
    assert started_years(plan, datetime.date(2022, 5, 1)) == [2021, 2022]
    assert started_years(plan, datetime.date(2020, 5, 1)) == []


def test_the_default_entry_year_is_last_year_and_never_a_future_one(annexes):
    plan = Plan.objects.get()
    years = [2021, 2022, 2023]
    assert default_entry_year(plan, years, datetime.date(2023, 2, 1)) == 2022
    # In the plan's first year there is no "last year" of the plan: this year, not 2022.
    assert default_entry_year(plan, years, datetime.date(2021, 6, 1)) == 2021
    assert default_entry_year(plan, years, datetime.date(2030, 1, 1)) == 2023
    assert default_entry_year(plan, years, datetime.date(2020, 1, 1)) is None


def next_plan(first, state):
    return Plan.objects.create(
        base=first.base,
        name="2024—2026 年规划",
        baseline_year=2023,
        first_year=2024,
        last_year=2026,
        state=state,
        previous=first,
    )


def test_a_year_belongs_to_the_plan_whose_period_holds_it(annexes, manager):
    first = Plan.objects.get()
    first.state = PlanState.CLOSED
    first.save()
    second = next_plan(first, PlanState.IN_FORCE)
    # 2023 is the last year of the first plan and only the baseline year of the second.
    assert plan_of_year(manager, 2023) == first
    assert plan_of_year(manager, 2024) == second
    assert plan_of_year(manager, 2023, str(first.pk)) == first
    assert plan_of_year(manager, 2023, str(second.pk)) is None
    assert plan_of_year(manager, 2020) is None
    assert reporting_plan(2023) == first


def test_a_drafts_years_are_seen_only_by_those_who_see_drafts(annexes, manager, auditor):
    draft = next_plan(Plan.objects.get(), PlanState.DRAFT)
    assert plan_of_year(manager, 2024) == draft
    assert plan_of_year(auditor, 2024) is None
    assert plan_of_year(auditor, 2024, str(draft.pk)) is None
    # Nobody reports figures under a draft.
    assert reporting_plan(2024) is None
