"""提交审定 goes through a confirmation page, as 审定 does (issue 21): the GET says what
submitting means and what still blocks it and changes nothing; the POST submits."""

from django.urls import reverse

from reporting.models import ReportingEvent, ReportingState
from reporting.services import reporting_year_state

from .conftest import fill_year

URL = reverse("reporting:submit", kwargs={"year": 2021})


def test_the_entry_page_links_to_the_confirmation_instead_of_submitting(
    client, manager, filled_2021
):
    client.force_login(manager)
    body = client.get(reverse("reporting:entry", kwargs={"year": 2021})).content.decode()
    assert f'href="{URL}?plan=' in body
    assert f'action="{URL}' not in body  # no one-click submit on the entry page


def test_a_get_explains_and_changes_nothing(client, manager, filled_2021):
    client.force_login(manager)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "确认提交 2021 年审定" in body and "领导会收到通知" in body
    assert 'id="submit-form"' in body
    assert reporting_year_state(2021) == ReportingState.IN_PROGRESS
    assert not ReportingEvent.objects.exists()


def test_the_post_submits(client, manager, filled_2021):
    client.force_login(manager)
    response = client.post(URL)
    assert response.status_code == 302
    assert reporting_year_state(2021) == ReportingState.SUBMITTED
    assert ReportingEvent.objects.get().by == manager


def test_an_incomplete_year_shows_what_is_missing_and_no_button(client, annexes, manager):
    fill_year(manager, 2021, skip=(7,))
    client.force_login(manager)
    body = client.get(URL).content.decode()
    assert "还有 1 项指标未填报" in body and "每万人口发明专利拥有量" in body
    assert 'id="submit-form"' not in body


def test_a_submitted_year_cannot_be_submitted_again(client, manager, filled_2021):
    client.force_login(manager)
    client.post(URL)
    body = client.get(URL).content.decode()
    assert "当前状态为“已提交”" in body and 'id="submit-form"' not in body
    client.post(URL)
    assert ReportingEvent.objects.count() == 1


def test_leadership_and_auditors_get_no_submit_page(client, leader, auditor, filled_2021):
    for user in (leader, auditor):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL).status_code == 403
    assert reporting_year_state(2021) == ReportingState.IN_PROGRESS
