import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator
from reporting import rules
from reporting.models import Evidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client, year, name, content, target):
    return client.post(
        reverse("reporting:evidence_upload", kwargs={"year": year}),
        {"target": target, "file": SimpleUploadedFile(name, content)},
    )


def test_a_manager_attaches_a_pdf_and_leaders_and_auditors_download_it(
    client, annexes, manager, leader, auditor, media_root
):
    seven = Indicator.objects.get(serial=7)
    client.force_login(manager)
    response = _upload(client, 2021, "年鉴摘录.pdf", PDF, f"indicator-{seven.pk}")
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.indicator, evidence.kind, evidence.original_name) == (
        seven,
        "pdf",
        "年鉴摘录.pdf",
    )
    # Stored through the storage API under a random name, not the one uploaded.
    assert evidence.file.name.startswith("evidence/2021/")
    assert "年鉴" not in evidence.file.name
    assert (media_root / evidence.file.name).read_bytes() == PDF

    for user in (leader, auditor):
        client.force_login(user)
        download = client.get(reverse("reporting:evidence_download", kwargs={"pk": evidence.pk}))
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content) == PDF
        assert "attachment" in download["Content-Disposition"]


def test_a_text_file_named_pdf_is_refused_and_nothing_is_stored(
    client, annexes, manager, media_root
):
    client.force_login(manager)
    seven = Indicator.objects.get(serial=7)
    response = _upload(client, 2021, "假的.pdf", b"just some text", f"indicator-{seven.pk}")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("按文件内容判断" in m for m in messages)
    assert not Evidence.objects.exists()
    assert not (media_root / "evidence").exists()


def test_an_oversized_file_is_refused(client, annexes, manager, settings):
    client.force_login(manager)
    big = PDF + b"0" * rules.EVIDENCE_MAX_BYTES
    response = _upload(client, 2021, "big.pdf", big, f"indicator-{Indicator.objects.first().pk}")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("文件过大" in m for m in messages)
    assert not Evidence.objects.exists()


def test_leadership_cannot_upload(client, annexes, leader):
    client.force_login(leader)
    response = _upload(client, 2021, "a.pdf", PDF, f"indicator-{Indicator.objects.first().pk}")
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_a_pdf_named_html_is_stored_and_downloaded_as_a_pdf(
    client, annexes, manager, leader, media_root
):
    seven = Indicator.objects.get(serial=7)
    client.force_login(manager)
    _upload(client, 2021, "evil.html", PDF, f"indicator-{seven.pk}")
    evidence = Evidence.objects.get()
    assert evidence.kind == "pdf"
    assert evidence.file.name.endswith(".pdf")
    assert not list(media_root.rglob("*.html"))

    client.force_login(leader)
    download = client.get(reverse("reporting:evidence_download", kwargs={"pk": evidence.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="evil.pdf"' in download["Content-Disposition"]


@pytest.mark.parametrize(
    "original, kind, saved_as",
    [
        ("年鉴.pdf", "pdf", "年鉴.pdf"),
        ("照片.JPG", "jpeg", "照片.JPG"),  # an extension of the kind is kept as it was
        ("照片.jpeg", "jpeg", "照片.jpeg"),
        ("evil.html", "pdf", "evil.pdf"),
        ("表.tar.html", "xlsx", "表.tar.xlsx"),
        ("没有扩展名", "docx", "没有扩展名.docx"),
        ("image.pdf", "png", "image.png"),
    ],
)
def test_the_download_name_keeps_the_stem_and_takes_the_extension_of_the_kind(
    original, kind, saved_as
):
    assert rules.evidence_download_name(original, kind) == saved_as


def test_a_download_whose_file_is_gone_is_a_404_that_says_so(
    client, annexes, manager, leader, media_root
):
    client.force_login(manager)
    _upload(client, 2021, "年鉴.pdf", PDF, f"indicator-{Indicator.objects.first().pk}")
    evidence = Evidence.objects.get()
    (media_root / evidence.file.name).unlink()
    client.force_login(leader)
    response = client.get(reverse("reporting:evidence_download", kwargs={"pk": evidence.pk}))
    assert response.status_code == 404
    assert "年鉴.pdf" in response.content.decode()
    assert "已不在存储中" in response.content.decode()


def test_a_year_holds_at_most_its_evidence_quota(client, annexes, manager, settings):
    settings.EVIDENCE_YEAR_QUOTA_MB = 1
    client.force_login(manager)
    seven = f"indicator-{Indicator.objects.get(serial=7).pk}"
    six_tenths = PDF + b"0" * (600 * 1024)
    assert _upload(client, 2021, "a.pdf", six_tenths, seven).status_code == 302
    response = _upload(client, 2021, "b.pdf", six_tenths, seven)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("已用 0.6 MB" in m and "每年 1.0 MB" in m for m in messages), messages
    assert Evidence.objects.count() == 1
    # What fits still goes in.
    small = _upload(client, 2021, "c.pdf", PDF, seven)
    assert small.status_code == 302
    assert Evidence.objects.count() == 2


def test_the_nginx_example_lets_the_largest_evidence_file_through():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    sizes = [int(mb) for mb in re.findall(r"client_max_body_size (\d+)m;", readme)]
    assert sizes
    # The form's other fields and the multipart framing come on top of the file.
    assert all(mb * 1024 * 1024 > rules.EVIDENCE_MAX_BYTES + 64 * 1024 for mb in sizes)
