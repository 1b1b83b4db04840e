"""Issue 21 on the site's entry screen: an out-of-range value needs the 确认异常值 tick,
which carries the value it confirms; the row's old note confirms nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save

URL = reverse("reporting:entry", kwargs={"year": 2021})


def _post_data(client, values):
    """The entry form as the page renders it, with `values` ({serial: text}) typed in."""
    page = client.get(URL)
    formset = page.context["formset"]
    data = {f"form-{k}": v for k, v in formset.management_form.initial.items()}
    for i, row in enumerate(page.context["rows"]):
        data[f"form-{i}-indicator_id"] = row["indicator"].pk
        data[f"form-{i}-expected_version"] = row["current"].version if row["current"] else ""
        data[f"form-{i}-value"] = values.get(row["indicator"].serial, row["stored"])
        data[f"form-{i}-note"] = row["current"].note if row["current"] else ""
    data["reason"] = ""
    return data


@pytest.fixture
def noted(annexes, manager):
    """科技型企业数 (target 2381) with a figure that already has a note."""
    companies = Indicator.objects.get(serial=3)
    return actual_save(user=manager, indicator=companies, year=2021, value="2000", note="旧说明")


def test_an_old_note_does_not_save_999999(client, manager, noted):
    client.force_login(manager)
    response = client.post(URL, _post_data(client, {3: "999999"}))
    assert response.status_code == 200
    noted.refresh_from_db()
    assert (noted.value, noted.flagged) == (Decimal("2000"), False)
    [message] = response.context["formset"].forms[2].errors["value"]
    assert "999999" in message and "上限 7143" in message and "确认异常值" in message
    three = response.context["rows"][2]
    assert three["confirm_value"] == "999999"
    html = response.content.decode()
    assert 'name="form-2-confirm_outlier" value="999999"' in html
    # The other rows were not refused as outliers: no tick offered there.
    assert not response.context["rows"][0]["confirm_value"]


def test_the_tick_saves_the_value_it_carries_and_no_other(client, manager, noted):
    client.force_login(manager)
    data = _post_data(client, {3: "999999"})
    # Ticked for 999999, then the value was changed to 888888: not confirmed.
    changed = data | {"form-2-value": "888888", "form-2-confirm_outlier": "999999"}
    response = client.post(URL, changed)
    assert response.status_code == 200
    assert response.context["rows"][2]["confirm_value"] == "888888"
    noted.refresh_from_db()
    assert noted.value == Decimal("2000")

    response = client.post(URL, data | {"form-2-confirm_outlier": "999999"})
    assert response.status_code == 302
    noted.refresh_from_db()
    assert (noted.value, noted.flagged) == (Decimal("999999"), True)
    # Confirmed once, the figure keeps its confirmation while its value stays: the page
    # saves an edited note without asking again.
    data = _post_data(client, {})
    response = client.post(URL, data | {"form-2-note": "已核实：含迁入企业"})
    assert response.status_code == 302
    assert IndicatorActual.objects.get(year=2021, indicator__serial=3).note == "已核实：含迁入企业"
