from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save, year_approve

URL = reverse("admin:entry_year")


def entry_data(client, year, values, notes=None):
    """The entry screen's own form for `year`, with `values` {serial: text} typed in."""
    context = client.get(URL, {"year": year}).context
    formset = context["formset"]
    data = {f"form-{key}": value for key, value in formset.management_form.initial.items()}
    for index, (row, form) in enumerate(zip(context["rows"], formset.forms, strict=True)):
        serial = row["indicator"].serial
        prefix = f"form-{index}-"
        data[prefix + "indicator_id"] = form.initial["indicator_id"]
        data[prefix + "expected_version"] = form.initial["expected_version"] or ""
        data[prefix + "value"] = values.get(serial, form.initial["value"])
        data[prefix + "note"] = (notes or {}).get(serial, form.initial["note"])
    return data


def test_manager_sees_all_13_indicators_with_baseline_target_and_last_year(
    client, manager, annexes
):
    actual_save(user=manager, indicator=Indicator.objects.get(serial=3), year=2021, value="1800")
    client.force_login(manager)
    response = client.get(URL, {"year": 2022})
    rows = response.context["rows"]
    assert len(rows) == 13
    tech = rows[2]
    assert (tech["baseline"], tech["target"], tech["previous"]) == ("1762", "2381", "1800")


def test_a_whole_year_is_saved_at_once(client, manager, annexes):
    client.force_login(manager)
    targets = {i.serial: str(i.target_value) for i in Indicator.objects.all()}
    values = targets | {3: "1,900", 13: "２.１"}
    response = client.post(f"{URL}?year=2022", entry_data(client, 2022, values))
    assert response.status_code == 302
    assert IndicatorActual.objects.filter(year=2022).count() == 13
    assert IndicatorActual.objects.get(indicator__serial=3).value == Decimal("1900")
    assert IndicatorActual.objects.get(indicator__serial=13).value == Decimal("2.1")


def test_one_bad_value_saves_nothing_and_is_shown_on_its_row(client, manager, annexes):
    client.force_login(manager)
    data = entry_data(client, 2022, {1: "40", 3: "1,90", 13: "230"})
    response = client.post(f"{URL}?year=2022", data)
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert "千位分隔符" in forms[2].errors["value"][0]
    assert "0 到 100" in forms[12].errors["value"][0]
    assert not IndicatorActual.objects.exists()


def test_stale_row_is_refused(client, manager, annexes):
    tech = Indicator.objects.get(serial=3)
    actual = actual_save(user=manager, indicator=tech, year=2022, value="1900")
    client.force_login(manager)
    data = entry_data(client, 2022, {3: "1920"})
    actual_save(user=manager, indicator=tech, year=2022, value="1950", actual=actual)
    response = client.post(f"{URL}?year=2022", data)
    assert "1950" in str(response.context["formset"].forms[2].non_field_errors())
    assert IndicatorActual.objects.get().value == Decimal("1950")


def test_locked_year_shows_values_without_inputs_and_refuses_posts(
    client, manager, leader, annexes
):
    actual_save(user=manager, indicator=Indicator.objects.get(serial=1), year=2022, value="40")
    client.force_login(manager)
    data = entry_data(client, 2022, {1: "41"})
    year_approve(user=leader, year=2022)
    page = client.get(URL, {"year": 2022}).content.decode()
    assert "审定锁定" in page and 'name="form-0-value"' not in page
    client.post(f"{URL}?year=2022", data)
    assert IndicatorActual.objects.get().value == Decimal("40")


@pytest.mark.parametrize("role", ["leader", "auditor"])
def test_only_managers_use_the_entry_screen(role, request, client, annexes):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
