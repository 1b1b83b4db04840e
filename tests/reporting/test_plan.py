import datetime

from reporting.plan import default_entry_year, enterable_years, plan_years_in_force


def test_plan_years_come_from_the_indicators(annexes):
    assert plan_years_in_force() == [2021, 2022, 2023]


def test_no_plan_years_before_the_annexes_load(db):
    assert plan_years_in_force() == []


def test_only_years_that_have_begun_can_be_entered(annexes):
    assert enterable_years(datetime.date(2022, 5, 1)) == [2021, 2022]
    assert enterable_years(datetime.date(2020, 5, 1)) == []


def test_the_default_entry_year_is_last_year_and_never_a_future_one(annexes):
    years = [2021, 2022, 2023]
    assert default_entry_year(years, datetime.date(2023, 2, 1)) == 2022
    # In the plan's first year there is no "last year" of the plan: this year, not 2022.
    assert default_entry_year(years, datetime.date(2021, 6, 1)) == 2021
    assert default_entry_year(years, datetime.date(2030, 1, 1)) == 2023
    assert default_entry_year(years, datetime.date(2020, 1, 1)) is None
