"""Plans: their years, the default plan, the entry screen's default year (pure: no
database needed for unsaved plans)."""

import datetime

import pytest

from plans.models import Plan, PlanState, current_of


def plan(first=2021, last=2023, state=PlanState.IN_FORCE):
    return Plan(name=f"{first}-{last}", baseline_year=first - 1, first_year=first,
                last_year=last, state=state)  # fmt: skip


def test_a_plans_years_and_post_plan_years():
    p = plan()
    assert p.years == [2021, 2022, 2023]
    assert [p.is_post_plan(y) for y in (2023, 2024)] == [False, True]


@pytest.mark.parametrize(
    ("locked", "today", "expected"),
    [
        (set(), datetime.date(2022, 3, 1), 2021),  # last year: its figures are due now
        (set(), datetime.date(2021, 6, 1), 2021),  # the plan's first year: this year
        (set(), datetime.date(2026, 3, 1), 2023),  # inside the plan: its last year
        ({2023}, datetime.date(2026, 3, 1), 2022),  # the latest year not approved
        ({2021, 2022, 2023}, datetime.date(2026, 3, 1), 2023),  # all approved: the last
        (set(), datetime.date(2020, 6, 1), 2020),  # before the plan: still not the future
    ],
)
def test_the_entry_screen_opens_on_the_latest_year_without_approved_figures(
    locked, today, expected
):
    assert plan().default_entry_year(locked, today) == expected


def test_entry_years_run_from_the_plan_to_this_year_newest_first():
    assert plan().entry_years(datetime.date(2025, 1, 1)) == [2025, 2024, 2023, 2022, 2021]
    assert plan(2027, 2029).entry_years(datetime.date(2026, 1, 1)) == [2026]


def test_the_current_plan_is_the_one_in_force_else_the_latest_closed_else_a_draft():
    old = plan(state=PlanState.CLOSED)
    new = plan(2024, 2026, state=PlanState.IN_FORCE)
    draft = plan(2027, 2029, state=PlanState.DRAFT)
    assert current_of([old, new, draft]) is new
    assert current_of([old, draft]) is old
    assert current_of([draft]) is draft
    assert current_of([]) is None


def test_a_plans_name_with_period_names_the_period_once():
    named, plain = plan(2024, 2026), plan(2024, 2026)
    named.name, plain.name = "建设方案（2024—2026年）", "第二期建设方案"
    assert named.name_with_period == "建设方案（2024—2026年）"
    assert plain.name_with_period == "第二期建设方案（2024—2026年）"
