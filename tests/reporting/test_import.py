"""The Excel import on the site: template → upload → preview → confirm, in the cycle."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import IndicatorActual
from reporting.models import ReportingState
from reporting.services import reporting_year_return, reporting_year_state, reporting_year_submit

from .conftest import fill_year


def filled_template(client, year, values):
    response = client.get(reverse("reporting:import_template", kwargs={"year": year}))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    for row in range(3, sheet.max_row + 1):
        serial = sheet.cell(row=row, column=1).value
        if serial in values:
            sheet.cell(row=row, column=7, value=values[serial])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(f"指标-{year}.xlsx", buffer.getvalue())


@pytest.fixture
def signed_in(client, annexes, manager):
    client.force_login(manager)
    return client


def test_upload_preview_confirm(signed_in):
    upload = filled_template(signed_in, 2021, {3: 1800, 4: 170})
    preview = signed_in.post(
        reverse("reporting:import_upload", kwargs={"year": 2021}), {"file": upload}
    )
    assert preview.context["to_save"] == 2 and not preview.context["has_errors"]
    assert not IndicatorActual.objects.exists()  # only the preview so far
    confirmed = signed_in.post(reverse("reporting:import_confirm"))
    # Back to the year's entry screen, keeping the plan.
    assert confirmed.url.startswith(reverse("reporting:entry", kwargs={"year": 2021}) + "?plan=")
    assert IndicatorActual.objects.filter(year=2021).count() == 2
    assert reporting_year_state(2021) == ReportingState.IN_PROGRESS


def test_another_years_template_is_refused(signed_in):
    upload = filled_template(signed_in, 2022, {3: 1800})
    response = signed_in.post(
        reverse("reporting:import_upload", kwargs={"year": 2021}), {"file": upload}
    )
    assert "文件是 2022 年的模板" in response.content.decode()
    assert signed_in.post(reverse("reporting:import_confirm")).status_code == 302
    assert not IndicatorActual.objects.exists()


def test_importing_into_a_returned_year_needs_the_reason(signed_in, manager, leader):
    fill_year(manager, 2021)
    reporting_year_submit(user=manager, year=2021)
    reporting_year_return(user=leader, year=2021, reason="核对")
    url = reverse("reporting:import_upload", kwargs={"year": 2021})
    upload = filled_template(signed_in, 2021, {3: 1800})
    refused = signed_in.post(url, {"file": upload, "reason": ""})
    assert refused.context["has_errors"]
    assert "修改原因" in refused.content.decode()
    assert IndicatorActual.objects.get(indicator__serial=3, year=2021).value == 1762

    upload = filled_template(signed_in, 2021, {3: 1800})
    preview = signed_in.post(url, {"file": upload, "reason": "统计局复核后更正"})
    assert not preview.context["has_errors"]
    signed_in.post(reverse("reporting:import_confirm"))
    stored = IndicatorActual.objects.get(indicator__serial=3, year=2021)
    assert stored.value == 1800
    assert stored.history.first().history_change_reason == "统计局复核后更正"
