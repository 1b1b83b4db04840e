"""逾期 N 天 on 数据填报 and 审定 (reporting/selectors.py, rules.overdue_days)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, PlanState
from reporting import selectors
from reporting.services import reporting_year_submit


def test_summaries_count_the_days_past_the_due_date_until_submitted(filled_2021, manager):
    today = datetime.date(2022, 4, 10)
    plan = Plan.objects.get()
    summaries = {
        s.year: s for s in selectors.year_summaries(plan, [2021, 2022], [2021, 2022], today)
    }
    assert summaries[2021].overdue_days == 10  # due 2022-03-31
    assert summaries[2022].overdue_days is None  # due 2023-03-31
    reporting_year_submit(user=manager, year=2021)
    [summary] = selectors.year_summaries(plan, [2021], [2021], today)
    assert summary.overdue_days is None
    assert selectors.overdue_years(today) == []


def test_overdue_years_for_the_banner(annexes):
    assert selectors.overdue_years(datetime.date(2023, 4, 2)) == [(2021, 367), (2022, 2)]


def test_the_overview_and_the_review_list_show_overdue_years(client, filled_2021, manager, leader):
    days = (timezone.localdate() - datetime.date(2022, 3, 31)).days
    client.force_login(manager)
    body = client.get(reverse("reporting:overview")).content.decode()
    assert f'<span class="overdue">逾期 {days} 天</span>' in body
    reporting_year_submit(user=manager, year=2021)
    client.force_login(leader)
    body = client.get(reverse("reporting:review_list")).content.decode()
    assert f"逾期 {days} 天" not in body  # 2021 is submitted
    assert "逾期" in body  # 2022 and 2023 are not


def test_a_closed_plans_year_not_approved_is_still_overdue(filled_2021, manager):
    """A closed plan's year stays open until it is approved (reporting/plan.py)."""
    Plan.objects.update(state=PlanState.CLOSED)
    assert selectors.overdue_years(datetime.date(2022, 4, 10)) == [(2021, 10)]
    Plan.objects.update(state=PlanState.DRAFT)
    assert selectors.overdue_years(datetime.date(2022, 4, 10)) == []
