import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.numbers import format_decimal
from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.services import ActualEntry, actual_save
from projects.models import Project, ProjectStatus
from projects.services import project_progress_save
from reporting.models import EventKind, IndicatorComment, ReportingEvent, ReportingState
from reporting.services import (
    evidence_attach,
    reporting_figures_save,
    reporting_year_return,
    reporting_year_state,
    reporting_year_submit,
    year_fingerprint,
)

from .conftest import fill_year


def test_the_leader_finds_a_submitted_year_and_returns_it_with_comments(
    client, filled_2021, manager, leader
):
    reporting_year_submit(user=manager, year=2021)
    client.force_login(leader)
    waiting = client.get(reverse("reporting:review_list"))
    assert [s.year for s in waiting.context["waiting"]] == [2021]
    page = client.get(reverse("reporting:review", kwargs={"year": 2021}))
    assert page.context["can_act"]
    seven = next(r for r in page.context["rows"] if r.indicator.serial == 7)
    assert seven.change == 0 and seven.previous_label == "基期值"

    response = client.post(
        reverse("reporting:return", kwargs={"year": 2021}),
        {"reason": "请核对第 7 项", f"comment-{seven.indicator.pk}": "与年鉴不符"},
    )
    assert response.status_code == 302
    assert reporting_year_state(2021) == ReportingState.RETURNED

    client.force_login(manager)
    html = client.get(reverse("reporting:entry", kwargs={"year": 2021})).content.decode()
    assert "请核对第 7 项" in html and "与年鉴不符" in html


def test_a_return_without_a_reason_changes_nothing(client, filled_2021, manager, leader):
    reporting_year_submit(user=manager, year=2021)
    client.force_login(leader)
    response = client.post(reverse("reporting:return", kwargs={"year": 2021}), {"reason": ""})
    assert any("退回原因" in str(m) for m in response.wsgi_request._messages)
    assert reporting_year_state(2021) == ReportingState.SUBMITTED


def test_approval_goes_through_a_confirmation_that_says_what_locking_means(
    client, filled_2021, manager, leader
):
    reporting_year_submit(user=manager, year=2021)
    client.force_login(leader)
    confirm = client.get(reverse("reporting:approve", kwargs={"year": 2021}))
    html = confirm.content.decode()
    assert "锁定" in html and "只有系统管理员可以解锁" in html
    assert not YearApproval.objects.exists()  # the GET changed nothing
    client.post(
        reverse("reporting:approve", kwargs={"year": 2021}),
        {"fingerprint": confirm.context["fingerprint"]},
    )
    assert YearApproval.objects.for_year(2021).approved_by == leader


def test_the_auditor_reads_reasons_comments_and_files(
    client, filled_2021, manager, leader, auditor
):
    reporting_year_submit(user=manager, year=2021)
    seven = Indicator.objects.get(serial=7)
    reporting_year_return(user=leader, year=2021, reason="核对", comments={seven: "偏低"})
    stored = IndicatorActual.objects.get(indicator=seven, year=2021)
    reporting_figures_save(
        user=manager,
        year=2021,
        entries=[
            ActualEntry(indicator=seven, value="19.6", expected_version=stored.version, key=7)
        ],
        reason="按统计年鉴更正",
    )
    client.force_login(auditor)
    page = client.get(reverse("reporting:review", kwargs={"year": 2021}))
    assert not page.context["can_act"]
    html = page.content.decode()
    assert "按统计年鉴更正" in html and "偏低" in html and "核对" in html
    assert "退回修改" in html


def test_the_review_shows_figures_as_entered_and_reasoned_changes_as_old_to_new(
    client, filled_2021, manager, auditor
):
    seven = Indicator.objects.get(serial=7)
    stored = IndicatorActual.objects.get(indicator=seven, year=2021)
    old_shown = format_decimal(stored.value)
    reporting_figures_save(
        user=manager,
        year=2021,
        entries=[
            ActualEntry(indicator=seven, value="1.29", expected_version=stored.version, key=7)
        ],
        reason="按统计年鉴更正",
    )
    client.force_login(auditor)
    html = client.get(reverse("reporting:review", kwargs={"year": 2021})).content.decode()
    row = re.search(r'<tr id="review-7">.*?</tr>', html, re.S).group(0)
    assert "1.29<" in row and "1.2900" not in row
    changes = re.search(r'<table class="data" id="change-reasons">.*?</table>', html, re.S)
    assert f"{old_shown} → 1.29" in changes.group(0)
    assert "1.2900" not in changes.group(0)


def test_an_empty_year_tells_the_leader_who_is_responsible(client, annexes, manager, leader):
    fill_year(manager, 2021)
    client.force_login(leader)
    html = client.get(reverse("reporting:review", kwargs={"year": 2022})).content.decode()
    assert "由基地管理员负责填报：manager" in html


def returned_with(client, year, data):
    return client.post(reverse("reporting:return", kwargs={"year": year}), data, follow=True)


def page_messages(response):
    return [str(m) for m in response.context["messages"]]


def test_a_comment_over_the_text_limit_is_refused_and_nothing_is_returned(
    client, filled_2021, manager, leader
):
    reporting_year_submit(user=manager, year=2021)
    seven = Indicator.objects.get(serial=7)
    client.force_login(leader)
    response = returned_with(
        client, 2021, {"reason": "请核对", f"comment-{seven.pk}": "长" * 1_000_000}
    )
    shown = page_messages(response)
    assert any(seven.name in m and "最多 2000 字" in m for m in shown)
    assert reporting_year_state(2021) == ReportingState.SUBMITTED
    assert not IndicatorComment.objects.exists()
    assert not ReportingEvent.objects.filter(kind=EventKind.RETURN).exists()


def test_a_nul_character_in_a_comment_or_the_reason_is_refused(
    client, filled_2021, manager, leader
):
    reporting_year_submit(user=manager, year=2021)
    seven = Indicator.objects.get(serial=7)
    client.force_login(leader)
    for data in (
        {"reason": "请核对", f"comment-{seven.pk}": "偏低\x00"},
        {"reason": "请\x00核对"},
    ):
        response = returned_with(client, 2021, data)
        assert response.status_code == 200
        assert any("空字符" in m for m in page_messages(response))
    assert reporting_year_state(2021) == ReportingState.SUBMITTED
    assert not IndicatorComment.objects.exists()


def test_a_return_reason_over_the_text_limit_is_refused(client, filled_2021, manager, leader):
    reporting_year_submit(user=manager, year=2021)
    client.force_login(leader)
    response = returned_with(client, 2021, {"reason": "长" * 2001})
    assert any("退回原因过长" in m for m in page_messages(response))
    assert reporting_year_state(2021) == ReportingState.SUBMITTED


def test_the_service_refuses_a_comment_over_the_text_limit(filled_2021, manager, leader):
    reporting_year_submit(user=manager, year=2021)
    seven = Indicator.objects.get(serial=7)
    with pytest.raises(ValidationError):
        reporting_year_return(user=leader, year=2021, reason="核对", comments={seven: "长" * 2001})
    assert reporting_year_state(2021) == ReportingState.SUBMITTED


# ---- an approval names the data the leader reviewed (issue 23, finding 2) ----------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_review_and_confirmation(client, year):
    """The leader opens the review, then the confirmation through its link; the
    fingerprint the confirmation's form will send."""
    review = client.get(reverse("reporting:review", kwargs={"year": year}))
    link = re.search(r'href="([^"]+)" id="approve-link"', review.content.decode()).group(1)
    confirm = client.get(html.unescape(link))
    form = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', confirm.content.decode())
    return form.group(1)


def confirm(client, year, fingerprint):
    return client.post(
        reverse("reporting:approve", kwargs={"year": year}),
        {"fingerprint": fingerprint},
        follow=True,
    )


def change_a_figure(manager):
    stored = IndicatorActual.objects.get(indicator__serial=7, year=2021)
    actual_save(
        user=manager,
        indicator=stored.indicator,
        year=2021,
        value="30",
        actual=stored,
        reason="统计局更正",
    )


def upload_evidence(manager):
    evidence_attach(
        user=manager,
        year=2021,
        upload=SimpleUploadedFile("年鉴.pdf", PDF),
        indicator=Indicator.objects.get(serial=7),
    )


def enter_project_progress(manager):
    project_progress_save(
        user=manager,
        project=Project.objects.first(),
        year=2021,
        investment_completed="100",
        status=ProjectStatus.choices[0][0],
    )


@pytest.mark.parametrize("change", [change_a_figure, upload_evidence, enter_project_progress])
def test_a_change_after_the_leader_opened_the_review_refuses_the_approval(
    client, filled_2021, manager, leader, change
):
    reporting_year_submit(user=manager, year=2021)
    client.force_login(leader)
    seen = open_review_and_confirmation(client, 2021)
    change(manager)
    response = confirm(client, 2021, seen)
    shown = page_messages(response)
    assert "审定页面打开后数据已有变动，请重新查看后再审定。" in shown
    assert not YearApproval.objects.exists()
    assert reporting_year_state(2021) == ReportingState.SUBMITTED
    assert not ReportingEvent.objects.filter(kind=EventKind.APPROVE).exists()
    # Looked at again, the year is approved as it now is.
    confirm(client, 2021, open_review_and_confirmation(client, 2021))
    assert YearApproval.objects.for_year(2021).approved_by == leader


def test_the_confirmation_carries_what_the_review_showed(client, filled_2021, manager, leader):
    reporting_year_submit(user=manager, year=2021)
    client.force_login(leader)
    review = client.get(reverse("reporting:review", kwargs={"year": 2021}))
    link = re.search(r'href="([^"]+)" id="approve-link"', review.content.decode()).group(1)
    change_a_figure(manager)  # after the review, before the confirmation page
    confirm_page = client.get(html.unescape(link)).content.decode()
    seen = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', confirm_page).group(1)
    confirm(client, 2021, seen)
    assert not YearApproval.objects.exists()


def test_an_approval_without_a_fingerprint_is_refused(client, filled_2021, manager, leader):
    reporting_year_submit(user=manager, year=2021)
    client.force_login(leader)
    for data in ({}, {"fingerprint": "0" * 64}, {"fingerprint": "x" * 100_000}):
        client.post(reverse("reporting:approve", kwargs={"year": 2021}), data)
    assert not YearApproval.objects.exists()


def test_the_fingerprint_moves_with_each_part_of_the_year_and_only_that_year(filled_2021, manager):
    fill_year(manager, 2022)
    before = year_fingerprint(2021), year_fingerprint(2022)
    assert before[0] != before[1]
    assert year_fingerprint(2021) == before[0]  # the same data, the same fingerprint
    seen = [before[0]]
    for change in (change_a_figure, upload_evidence, enter_project_progress):
        change(manager)
        seen.append(year_fingerprint(2021))
    assert len(set(seen)) == 4
    assert year_fingerprint(2022) == before[1]
