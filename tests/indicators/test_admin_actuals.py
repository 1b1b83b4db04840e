"""The admin pages of indicators and their yearly figures (which save through services)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save, year_approve

ADD_URL = reverse("admin:indicators_indicatoractual_add")


def change_url(actual):
    return reverse("admin:indicators_indicatoractual_change", args=[actual.pk])


@pytest.fixture
def companies(annexes):
    return Indicator.objects.get(serial=3)


def post_actual(client, url, indicator, **data):
    payload = {
        "indicator": indicator.pk,
        "year": 2022,
        "value": "1,900",
        "note": "",
        "evidence": "",
    }
    return client.post(url, payload | data)


def test_manager_adds_a_figure_through_the_admin(client, manager, companies):
    client.force_login(manager)
    response = post_actual(client, ADD_URL, companies, value="１，９００")
    assert response.status_code == 302
    actual = IndicatorActual.objects.get()
    assert (actual.value, actual.version, actual.entered_by) == (Decimal("1900"), 1, manager)
    assert actual.history.get().history_user == manager


def test_admin_shows_the_rule_that_was_broken(client, manager, companies):
    client.force_login(manager)
    response = post_actual(client, ADD_URL, companies, value="1900.5")
    assert response.status_code == 200
    assert "整数" in response.content.decode()
    assert not IndicatorActual.objects.exists()


def test_second_save_from_a_stale_form_is_refused_with_the_newer_value(
    client, manager, companies, django_user_model
):
    actual = actual_save(user=manager, indicator=companies, year=2022, value="1900")
    client.force_login(manager)
    form_page = client.get(change_url(actual)).content.decode()
    assert 'name="expected_version" value="1"' in form_page
    # A colleague saves while this form is open.
    actual_save(user=manager, indicator=companies, year=2022, value="1950", actual=actual)

    response = post_actual(client, change_url(actual), companies, value="1920", expected_version=1)

    assert response.status_code == 200
    page = response.content.decode()
    assert "1950" in page and "较早的版本" in page
    assert IndicatorActual.objects.get().value == Decimal("1950")


def test_save_with_the_current_version_succeeds(client, manager, companies):
    actual = actual_save(user=manager, indicator=companies, year=2022, value="1900")
    client.force_login(manager)
    response = post_actual(client, change_url(actual), companies, value="1920", expected_version=1)
    assert response.status_code == 302
    actual.refresh_from_db()
    assert (actual.value, actual.version) == (Decimal("1920"), 2)


def test_locked_year_is_read_only_in_the_admin(client, manager, leader, companies):
    actual = actual_save(user=manager, indicator=companies, year=2022, value="1900")
    year_approve(user=leader, year=2022)
    client.force_login(manager)
    page = client.get(change_url(actual)).content.decode()
    assert 'name="value"' not in page
    response = post_actual(client, change_url(actual), companies, value="1", expected_version=1)
    assert response.status_code == 403
    delete = reverse("admin:indicators_indicatoractual_delete", args=[actual.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert IndicatorActual.objects.get().value == Decimal("1900")


def test_adding_into_a_locked_year_names_the_approver(client, manager, leader, annexes):
    actual_save(user=manager, indicator=Indicator.objects.get(serial=1), year=2022, value="40")
    year_approve(user=leader, year=2022)
    client.force_login(manager)
    response = post_actual(client, ADD_URL, Indicator.objects.get(serial=3), value="1900")
    assert "leader" in response.content.decode()
    assert IndicatorActual.objects.count() == 1


def test_delete_goes_through_the_service_and_is_recorded(client, manager, companies):
    actual = actual_save(user=manager, indicator=companies, year=2022, value="1900")
    client.force_login(manager)
    url = reverse("admin:indicators_indicatoractual_delete", args=[actual.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not IndicatorActual.objects.exists()
    assert IndicatorActual.history.latest().history_user == manager


def test_changelist_filters_by_approval_state_and_searches_by_name(
    client, manager, leader, annexes
):
    tech = Indicator.objects.get(serial=3)
    actual_save(user=manager, indicator=tech, year=2021, value="1800")
    actual_save(user=manager, indicator=tech, year=2022, value="1900")
    year_approve(user=leader, year=2021)
    client.force_login(manager)
    url = reverse("admin:indicators_indicatoractual_changelist")
    approved = client.get(url, {"approval": "approved"}).context["cl"].queryset
    assert [a.year for a in approved] == [2021]
    provisional = client.get(url, {"approval": "provisional"}).context["cl"].queryset
    assert [a.year for a in provisional] == [2022]
    assert client.get(url, {"q": "科技型"}).context["cl"].result_count == 2
    assert client.get(url, {"q": "高新技术"}).context["cl"].result_count == 0


def test_indicator_definition_is_read_only_for_managers(client, manager, companies):
    actual_save(user=manager, indicator=companies, year=2022, value="1900")
    client.force_login(manager)
    url = reverse("admin:indicators_indicator_change", args=[companies.pk])
    page = client.get(url).content.decode()
    assert 'name="target_value"' not in page
    assert "1900" in page  # the actuals inline
    response = client.post(url, {"target_value": "1"})
    assert response.status_code == 403
    companies.refresh_from_db()
    assert companies.target_value == Decimal("2381")


def test_superuser_edits_a_definition(client, sysadmin, companies):
    client.force_login(sysadmin)
    url = reverse("admin:indicators_indicator_change", args=[companies.pk])
    assert 'name="target_value"' in client.get(url).content.decode()


@pytest.mark.parametrize("role", ["leader", "auditor"])
def test_leadership_and_auditors_cannot_add_figures(role, request, client, companies):
    client.force_login(request.getfixturevalue(role))
    assert client.get(ADD_URL).status_code == 403
    assert post_actual(client, ADD_URL, companies).status_code == 403
    assert not IndicatorActual.objects.exists()


@pytest.mark.parametrize("role", ["leader", "auditor"])
def test_leadership_and_auditors_view_figures(role, request, client, manager, companies):
    actual = actual_save(user=manager, indicator=companies, year=2022, value="1900")
    client.force_login(request.getfixturevalue(role))
    page = client.get(change_url(actual)).content.decode()
    assert "1900" in page and 'name="value"' not in page


def test_outsider_is_sent_to_the_login_page(client, outsider, companies):
    client.force_login(outsider)
    response = client.get(reverse("admin:indicators_indicatoractual_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_admin_save_checks_the_figure_once(client, manager, companies, monkeypatch):
    from indicators import services

    calls = []
    real = services.validate_actual

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "validate_actual", counted)
    client.force_login(manager)
    assert post_actual(client, ADD_URL, companies).status_code == 302
    actual = IndicatorActual.objects.get()
    assert post_actual(
        client, change_url(actual), companies, value="1950", expected_version=1
    ).status_code == 302
    assert len(calls) == 2  # one check per save, not one in clean() and another in save_model()
    actual.refresh_from_db()
    assert (actual.value, actual.version) == (Decimal("1950"), 2)


def test_a_stale_save_shows_only_the_stale_message(client, manager, companies):
    actual = actual_save(user=manager, indicator=companies, year=2022, value="1900")
    actual_save(user=manager, indicator=companies, year=2022, value="1950", actual=actual)
    client.force_login(manager)

    response = post_actual(client, change_url(actual), companies, value="1,920", expected_version=1)

    form = response.context["adminform"].form
    assert [m for m in form.non_field_errors() if "较早的版本" in m]
    assert "value" not in form.errors  # "1,920" is a fine number; only the version is stale
