"""Deleting a draft goes through a confirmation page (issue 21): the GET only says what
goes with the draft, the POST deletes."""

from django.urls import reverse

from indicators.models import Indicator
from plans.models import Plan, PlanState

from .test_pages import draft  # noqa: F401 (the fixture: a 2024–2026 draft)


def test_the_detail_page_links_to_the_confirmation_instead_of_deleting(client, manager, draft):  # noqa: F811
    client.force_login(manager)
    body = client.get(reverse("planning:detail", args=[draft.pk])).content.decode()
    url = reverse("planning:discard", args=[draft.pk])
    assert f'href="{url}"' in body
    assert f'action="{url}"' not in body  # no one-click delete on the plan's page


def test_a_get_shows_what_goes_with_the_draft_and_deletes_nothing(client, manager, draft):  # noqa: F811
    client.force_login(manager)
    response = client.get(reverse("planning:discard", args=[draft.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert draft.name in body and "确认删除此草稿" in body
    assert f"指标 {Indicator.objects.of_plan(draft).count()} 项" in body
    assert Plan.objects.filter(pk=draft.pk, state=PlanState.DRAFT).exists()


def test_the_post_deletes_the_draft(client, manager, draft):  # noqa: F811
    client.force_login(manager)
    response = client.post(reverse("planning:discard", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:list")
    assert not Plan.objects.filter(pk=draft.pk).exists()
    assert not Indicator.objects.filter(plan_id=draft.pk).exists()


def test_a_plan_in_force_has_no_delete_confirmation(client, manager, draft):  # noqa: F811
    in_force = Plan.objects.get(state=PlanState.IN_FORCE)
    client.force_login(manager)
    response = client.get(reverse("planning:discard", args=[in_force.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:detail", args=[in_force.pk])
    client.post(reverse("planning:discard", args=[in_force.pk]))
    assert Plan.objects.filter(pk=in_force.pk).exists()


def test_leadership_and_auditors_may_not_delete_a_draft(client, leader, auditor, draft):  # noqa: F811
    for user in (leader, auditor):
        client.force_login(user)
        url = reverse("planning:discard", args=[draft.pk])
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert Plan.objects.filter(pk=draft.pk).exists()
