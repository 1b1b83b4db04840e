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
