"""Issue 21: an out-of-range figure is saved only when the person confirms that very value
(确认异常值), on every path; an old note confirms nothing. The entry screen of the site is
tested in tests/reporting/test_outlier_confirmation.py, the API in test_api_actuals.py."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save

from .test_import import CONFIRM_URL, as_upload, template, upload
from .test_year_entry import URL as YEAR_ENTRY_URL
from .test_year_entry import entry_data


@pytest.fixture
def companies(annexes):
    """科技型企业数（家）: target 2381, so above 7143 is far outside the range."""
    return Indicator.objects.get(serial=3)


@pytest.fixture
def noted(manager, companies):
    """The row of the issue: a plain figure that already has a note."""
    return actual_save(
        user=manager, indicator=companies, year=2022, value="2000", note="统计局快报"
    )


def test_the_admin_form_refuses_an_outlier_behind_an_old_note(client, manager, noted):
    client.force_login(manager)
    url = reverse("admin:indicators_indicatoractual_change", args=[noted.pk])
    payload = {
        "indicator": noted.indicator_id,
        "year": 2022,
        "value": "999999",
        "note": noted.note,
        "evidence": "",
        "expected_version": noted.version,
    }
    response = client.post(url, payload)
    assert response.status_code == 200
    assert "确认异常值" in response.content.decode()
    response = client.post(url, payload | {"confirm_outlier": "99999"})  # another value
    assert response.status_code == 200
    noted.refresh_from_db()
    assert noted.value == Decimal("2000")

    response = client.post(url, payload | {"confirm_outlier": "999,999"})
    assert response.status_code == 302
    noted.refresh_from_db()
    assert (noted.value, noted.flagged) == (Decimal("999999"), True)


def test_the_admin_year_entry_offers_a_checkbox_carrying_the_value(client, manager, noted):
    client.force_login(manager)
    data = entry_data(client, 2022, {3: "999999"})
    response = client.post(f"{YEAR_ENTRY_URL}?year=2022", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="form-2-confirm_outlier" value="999999"' in html
    assert IndicatorActual.objects.get(year=2022).value == Decimal("2000")

    confirmed = data | {"form-2-confirm_outlier": "999999"}
    response = client.post(f"{YEAR_ENTRY_URL}?year=2022", confirmed)
    assert response.status_code == 302
    assert IndicatorActual.objects.get(year=2022).flagged is True


def filled_with_confirmation(book, value, note, confirmation):
    sheet = book.worksheets[0]
    assert sheet.cell(row=2, column=9).value == "确认异常值"
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == 3:
            sheet.cell(row=row, column=7, value=value)
            sheet.cell(row=row, column=8, value=note)
            sheet.cell(row=row, column=9, value=confirmation)
    return as_upload(book)


def test_the_import_confirms_an_outlier_in_its_own_column(client, manager, noted):
    client.force_login(manager)
    unconfirmed = filled_with_confirmation(template(client), 999999, "统计局快报", None)
    [row] = [r for r in upload(client, unconfirmed).context["rows"] if r.indicator.serial == 3]
    assert row.status == "error" and "确认异常值" in row.errors[0]

    other = filled_with_confirmation(template(client), 999999, "统计局快报", 9000)
    [row] = [r for r in upload(client, other).context["rows"] if r.indicator.serial == 3]
    assert row.status == "error"

    confirmed = filled_with_confirmation(template(client), 999999, "统计局快报", 999999)
    [row] = [r for r in upload(client, confirmed).context["rows"] if r.indicator.serial == 3]
    assert row.status == "changed" and not row.errors
    assert IndicatorActual.objects.get(year=2022).value == Decimal("2000")  # a preview only
    client.post(CONFIRM_URL)
    stored = IndicatorActual.objects.get(year=2022)
    assert (stored.value, stored.flagged) == (Decimal("999999"), True)


def test_a_template_from_before_the_confirmation_column_still_loads(client, manager, annexes):
    client.force_login(manager)
    book = template(client)
    sheet = book.worksheets[0]
    sheet.delete_cols(9)
    sheet.cell(row=3, column=7, value=sheet.cell(row=3, column=4).value)  # the baseline
    rows = upload(client, as_upload(book)).context["rows"]
    [row] = [r for r in rows if r.indicator.serial == 1]
    assert (row.status, row.errors) == ("new", [])
