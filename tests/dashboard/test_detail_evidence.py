"""The indicator page shows each year's evidence (the text and the uploaded files, as
download links) and who approved the year and when; a new upload or approval shows at
once although the page is cached (issue 21)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator
from indicators.services import actual_save
from reporting.models import Evidence
from reporting.services import (
    evidence_attach,
    reporting_year_approve,
    reporting_year_submit,
    year_fingerprint,
)
from tests.reporting.conftest import fill_year

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = reverse("indicator_detail", args=[7])


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def row_of(html, year):
    """The detail table's row of `year`, as HTML."""
    [row] = [r for r in html.split("<tr>") if r.strip().startswith(f"<td>{year}")]
    return row


def upload(manager, name, year=2021, serial=7):
    return evidence_attach(
        user=manager,
        year=year,
        upload=SimpleUploadedFile(name, PDF),
        indicator=Indicator.objects.get(serial=serial),
    )


def test_the_evidence_column_shows_the_text_and_every_file_of_the_year(
    client, annexes, manager, leader
):
    patents = Indicator.objects.get(serial=7)
    actual_save(user=manager, indicator=patents, year=2021, value="19.5", evidence="统计年鉴 2022")
    first = upload(manager, "年鉴摘录.pdf")
    second = upload(manager, "专利局函.pdf")
    upload(manager, "别的指标.pdf", serial=3)  # another indicator's file stays off this page
    client.force_login(leader)
    row = row_of(client.get(URL).content.decode(), 2021)
    assert "统计年鉴 2022" in row
    for item in (first, second):
        link = reverse("reporting:evidence_download", args=[item.pk])
        assert f'<a href="{link}">{item.original_name}</a>' in row
    assert "别的指标.pdf" not in row


def test_a_new_upload_shows_at_once_on_the_cached_page(client, annexes, manager, leader):
    client.force_login(leader)
    assert "年鉴摘录.pdf" not in client.get(URL).content.decode()  # now cached
    evidence = upload(manager, "年鉴摘录.pdf")
    html = client.get(URL).content.decode()
    assert reverse("reporting:evidence_download", args=[evidence.pk]) in html
    assert Evidence.objects.count() == 1


def test_the_approval_column_names_who_approved_and_when_and_shows_at_once(
    client, annexes, manager, leader
):
    leader.first_name = "李审定"
    leader.save()
    fill_year(manager, 2021)
    client.force_login(leader)
    assert "待审定" in row_of(client.get(URL).content.decode(), 2021)
    reporting_year_submit(user=manager, year=2021)
    approval = reporting_year_approve(
        user=leader, year=2021, fingerprint=year_fingerprint(2021)
    )
    row = row_of(client.get(URL).content.decode(), 2021)
    assert "李审定 于 " in row and " 审定" in row
    assert approval.approved_at.astimezone().strftime("%Y") in row
    assert "待审定" not in row
    # A year without a figure is neither approved nor waiting.
    assert "待审定" not in row_of(client.get(URL).content.decode(), 2023)
