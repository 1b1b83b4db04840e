import pytest
from django.urls import reverse

from indicators.models import Indicator
from indicators.services import actual_save

URL = reverse("admin:history_recent")


@pytest.fixture
def edited(manager, annexes):
    indicator = Indicator.objects.get(serial=3)
    actual = actual_save(user=manager, indicator=indicator, year=2022, value="1900")
    return actual_save(user=manager, indicator=indicator, year=2022, value="1950", actual=actual)


def test_auditor_sees_who_changed_which_field_from_what_to_what(client, auditor, edited):
    client.force_login(auditor)
    response = client.get(URL)
    latest = response.context["changes"][0]
    assert latest["who"].username == "manager"
    assert latest["action"] == "修改"
    assert ("实际值", "1900", "1950") in latest["fields"]
    assert "1900 → 1950" in response.content.decode()


def test_the_list_can_be_narrowed_to_one_kind_of_object(client, auditor, edited):
    client.force_login(auditor)
    platforms = client.get(URL, {"model": "platform"}).context["changes"]
    assert all(change["model"] == "技术创新平台" for change in platforms)
    actuals = client.get(URL, {"model": "indicatoractual"}).context["changes"]
    assert len(actuals) == 2


def test_auditor_sees_the_history_of_one_object(client, auditor, edited):
    client.force_login(auditor)
    url = reverse("admin:indicators_indicatoractual_history", args=[edited.pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["manager", "leader"])
def test_recent_changes_are_for_auditors(role, request, client, edited):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


def test_administrator_sees_recent_changes(client, sysadmin, edited):
    client.force_login(sysadmin)
    assert client.get(URL).status_code == 200


def _change_figures(start, count, manager):
    """`count` figures entered and then changed, each on its own indicator and year."""
    for n in range(start, start + count):
        indicator = Indicator.objects.get(serial=n % 13 + 1)
        year = 2021 + n // 13
        first, second = indicator.baseline_value + 1, indicator.baseline_value + 2
        actual = actual_save(user=manager, indicator=indicator, year=year, value=first)
        actual_save(user=manager, indicator=indicator, year=year, value=second, actual=actual)


def _queries_for_page(client, django_assert_max_num_queries, bound):
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(URL, {"model": "indicatoractual"})
    return response, len(captured.captured_queries)


def test_query_count_does_not_grow_with_the_changes_on_the_page(
    client, auditor, manager, annexes, django_assert_max_num_queries
):
    client.force_login(auditor)
    _change_figures(0, 5, manager)
    small, small_count = _queries_for_page(client, django_assert_max_num_queries, 20)
    _change_figures(5, 40, manager)  # 80 more records: a full page of 50
    large, large_count = _queries_for_page(client, django_assert_max_num_queries, 20)
    assert len(small.context["changes"]) == 10
    assert len(large.context["changes"]) == 50
    assert small_count == large_count
