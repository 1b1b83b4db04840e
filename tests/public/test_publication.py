"""Publishing is leadership's decision about an approved year; an unlock takes the year
off the public site at once, and a new approval brings it back."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from indicators.models import YearApproval
from indicators.services import year_unlock
from plans.models import Plan, PlanState
from public.models import Publication
from public.selectors import public_plans, public_years
from public.services import publication_publish, publication_withdraw


@pytest.fixture
def plan(annexes):
    return Plan.objects.get()


@pytest.fixture
def approved_2023(plan, leader):
    return YearApproval.objects.create(year=2023, approved_by=leader, approved_at=timezone.now())


def test_a_year_not_approved_cannot_be_published(plan, leader):
    with pytest.raises(ValidationError, match="尚未审定"):
        publication_publish(user=leader, plan=plan, year=2023)
    assert not Publication.objects.exists()


def test_a_year_outside_the_plan_cannot_be_published(plan, leader):
    YearApproval.objects.create(year=2024, approved_by=leader, approved_at=timezone.now())
    with pytest.raises(ValidationError, match="不在规划期"):
        publication_publish(user=leader, plan=plan, year=2024)


def test_a_draft_plan_cannot_be_published(plan, leader, approved_2023):
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.DRAFT)
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="草稿规划"):
        publication_publish(user=leader, plan=plan, year=2023)


def test_only_leadership_publishes(plan, manager, auditor, approved_2023):
    for user in (manager, auditor):
        with pytest.raises(PermissionDenied):
            publication_publish(user=user, plan=plan, year=2023)


def test_publishing_twice_is_refused_with_a_message(plan, leader, approved_2023):
    publication_publish(user=leader, plan=plan, year=2023)
    with pytest.raises(ValidationError, match="已经公开发布"):
        publication_publish(user=leader, plan=plan, year=2023)


def test_who_and_when_are_recorded_and_withdrawal_needs_a_reason(plan, leader, approved_2023):
    publication = publication_publish(user=leader, plan=plan, year=2023)
    assert publication.published_by == leader and publication.published_at
    assert publication.history.first().history_user == leader
    with pytest.raises(ValidationError, match="撤回原因不能为空"):
        publication_withdraw(user=leader, plan=plan, year=2023, reason="  ")
    publication_withdraw(user=leader, plan=plan, year=2023, reason="数据口径待核实")
    publication.refresh_from_db()
    assert (publication.withdrawn_by, publication.withdrawal_reason) == (leader, "数据口径待核实")
    assert public_years([plan]) == []
    # Published again later: a new record, the old one kept.
    publication_publish(user=leader, plan=plan, year=2023)
    assert Publication.objects.count() == 2 and public_years([plan]) == [2023]


def test_an_unlocked_year_stops_being_public_until_approved_again(
    client, plan, leader, sysadmin, approved_2023
):
    publication_publish(user=leader, plan=plan, year=2023)
    assert client.get(f"/public/plans/{plan.pk}/2023.csv").status_code == 200
    year_unlock(user=sysadmin, year=2023, reason="更正指标3")
    assert public_years([plan]) == [] and not public_plans().exists()
    assert client.get(f"/public/plans/{plan.pk}/2023.csv").status_code == 404
    assert client.get(f"/public/plans/{plan.pk}/").status_code == 404
    YearApproval.objects.create(year=2023, approved_by=leader, approved_at=timezone.now())
    assert client.get(f"/public/plans/{plan.pk}/2023.csv").status_code == 200


def test_the_confirmation_page_publishes_only_on_post(client, plan, leader, approved_2023):
    client.force_login(leader)
    page = client.get(f"/public/manage/plans/{plan.pk}/2023/publish/")
    assert page.status_code == 200 and not Publication.objects.exists()
    client.post(f"/public/manage/plans/{plan.pk}/2023/publish/")
    assert Publication.objects.active().filter(year=2023).exists()
    manage = client.get("/public/manage/").content.decode()
    assert "撤回" in manage


def test_the_confirmation_page_says_why_a_year_cannot_be_published(client, plan, leader):
    client.force_login(leader)
    page = client.get(f"/public/manage/plans/{plan.pk}/2022/publish/").content.decode()
    assert "2022年的数据尚未审定" in page
    response = client.post(f"/public/manage/plans/{plan.pk}/2022/publish/", follow=True)
    assert "2022年的数据尚未审定" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_withdraw_page_asks_for_a_reason(client, plan, leader, approved_2023):
    publication_publish(user=leader, plan=plan, year=2023)
    client.force_login(leader)
    url = f"/public/manage/plans/{plan.pk}/2023/withdraw/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and "撤回原因不能为空" in refused.content.decode()
    assert client.post(url, {"reason": "待核实"}).status_code == 302
    assert not Publication.objects.active().exists()


def test_managers_cannot_reach_the_publish_pages(client, plan, manager, approved_2023):
    client.force_login(manager)
    assert client.get("/public/manage/").status_code == 403
    assert client.post(f"/public/manage/plans/{plan.pk}/2023/publish/").status_code == 403
    assert not Publication.objects.exists()
