"""The plan's work inside the yearly cycle: a year is complete only with every task's
status, the review shows the work and takes comments per item, the approval's
fingerprint covers the work and policies, the approval locks the work, and a change in a
year under review needs a reason kept in the history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reporting.rules import submit_problems
from reporting.services import (
    reporting_year_approve,
    reporting_year_return,
    reporting_year_submit,
    work_missing,
    year_fingerprint,
)
from tests.reporting.conftest import fill_work, fill_year
from work.models import Policy, WorkItem, WorkProgress
from work.services import policy_application_save, work_progress_save


def test_the_missing_work_is_counted_and_named_in_the_submit_problems():
    problems = submit_problems([], [], [f"5.{n}" for n in range(1, 13)])
    assert problems[0].startswith("还有 12 项任务未填进展：5.1、5.2")
    assert problems[0].endswith("等。")
    assert submit_problems([], [], []) == []


def test_a_year_without_every_tasks_status_cannot_be_submitted(annexes, manager):
    fill_year(manager, 2021, work=False)
    one = WorkItem.objects.order_by("pk").first()
    work_progress_save(user=manager, item=one, year=2021, status="推进中")
    count = WorkItem.objects.count()
    assert len(work_missing(2021)) == count - 1
    with pytest.raises(ValidationError) as refused:
        reporting_year_submit(user=manager, year=2021)
    assert f"还有 {count - 1} 项任务未填进展" in refused.value.messages[0]
    fill_work(manager, 2021)
    reporting_year_submit(user=manager, year=2021)  # complete now


def test_policies_are_not_required_to_submit(annexes, manager):
    assert Policy.objects.exists()
    fill_year(manager, 2021)
    reporting_year_submit(user=manager, year=2021)


def test_the_submit_page_says_how_many_tasks_are_missing(client, annexes, manager):
    fill_year(manager, 2021, work=False)
    client.force_login(manager)
    html = client.get(reverse("reporting:submit", kwargs={"year": 2021})).content.decode()
    assert f"还有 {WorkItem.objects.count()} 项任务未填进展" in html


@pytest.fixture
def submitted_2021(annexes, manager):
    fill_year(manager, 2021)
    reporting_year_submit(user=manager, year=2021)
    return 2021


def test_a_change_of_work_after_review_refuses_the_approval(submitted_2021, manager, leader):
    seen = year_fingerprint(2021)
    progress = WorkProgress.objects.order_by("pk").first()
    work_progress_save(
        user=manager,
        item=progress.item,
        year=2021,
        status="已完成",
        progress=progress,
        expected_version=progress.version,
        change_reason="核实后已完成",
    )
    with pytest.raises(ValidationError) as refused:
        reporting_year_approve(user=leader, year=2021, fingerprint=seen)
    assert "数据已有变动" in str(refused.value)


def test_a_policy_application_after_review_refuses_the_approval(submitted_2021, manager, leader):
    seen = year_fingerprint(2021)
    policy_application_save(
        user=manager, policy=Policy.objects.order_by("pk").first(), year=2021, applied=True
    )
    assert year_fingerprint(2021) != seen
    with pytest.raises(ValidationError):
        reporting_year_approve(user=leader, year=2021, fingerprint=seen)


def test_the_approval_locks_the_work(submitted_2021, manager, leader):
    reporting_year_approve(user=leader, year=2021, fingerprint=year_fingerprint(2021))
    progress = WorkProgress.objects.order_by("pk").first()
    with pytest.raises(ValidationError) as refused:
        work_progress_save(
            user=manager,
            item=progress.item,
            year=2021,
            status="已完成",
            progress=progress,
            expected_version=progress.version,
            change_reason="审定后修改",
        )
    assert "2021" in str(refused.value)
    assert WorkProgress.objects.get(pk=progress.pk).status == "推进中"


def test_a_change_in_a_submitted_year_needs_a_reason_kept_in_the_history(submitted_2021, manager):
    progress = WorkProgress.objects.order_by("pk").first()
    change = dict(
        user=manager,
        item=progress.item,
        year=2021,
        status="已完成",
        progress=progress,
        expected_version=progress.version,
    )
    with pytest.raises(ValidationError) as refused:
        work_progress_save(**change)
    assert "修改原因" in str(refused.value)
    work_progress_save(**change, change_reason="年底验收完成")
    assert progress.history.first().history_change_reason == "年底验收完成"


def test_the_review_lists_the_work_changed_with_a_reason(client, submitted_2021, manager, leader):
    progress = WorkProgress.objects.order_by("pk").first()
    work_progress_save(
        user=manager,
        item=progress.item,
        year=2021,
        status="已完成",
        progress=progress,
        expected_version=progress.version,
        change_reason="年底验收完成",
    )
    client.force_login(leader)
    html = client.get(reverse("reporting:review", kwargs={"year": 2021})).content.decode()
    assert 'id="work-change-reasons"' in html and "年底验收完成" in html


def test_the_work_page_asks_for_the_reason_in_a_submitted_year(client, submitted_2021, manager):
    item = WorkItem.objects.order_by("pk").first()
    progress = WorkProgress.objects.get(item=item, year=2021)
    client.force_login(manager)
    prefix = f"w{item.pk}"
    data = {
        "row": [item.pk],
        f"{prefix}-status": "已完成",
        f"{prefix}-expected_version": progress.version,
    }
    path = reverse("reporting:work", kwargs={"year": 2021})
    refused = client.post(path, data)
    assert refused.status_code == 200
    assert WorkProgress.objects.get(pk=progress.pk).status == "推进中"
    assert refused.context["reason_form"].errors["reason"]
    saved = client.post(path, data | {"reason": "年底验收完成"})
    assert saved.status_code == 302
    assert WorkProgress.objects.get(pk=progress.pk).status == "已完成"


def test_the_review_shows_the_work_and_its_comments_reach_the_work_page(
    client, submitted_2021, manager, leader
):
    item = WorkItem.objects.order_by("pk").first()
    client.force_login(leader)
    review = client.get(reverse("reporting:review", kwargs={"year": 2021})).content.decode()
    assert f"推进中 {WorkItem.objects.count()}" in review
    assert f'name="work-comment-{item.pk}"' in review
    returned = client.post(
        reverse("reporting:return", kwargs={"year": 2021}),
        {"reason": "请补充任务进展", f"work-comment-{item.pk}": "请写明完成的工程量"},
    )
    assert returned.status_code == 302
    client.force_login(manager)
    page = client.get(reverse("reporting:work", kwargs={"year": 2021})).content.decode()
    assert "请写明完成的工程量" in page


def test_a_return_keeps_the_work_comments(submitted_2021, leader):
    item = WorkItem.objects.order_by("pk").first()
    event = reporting_year_return(
        user=leader, year=2021, reason="请补充", work_comments={item: "  请附照片 "}
    )
    assert [(c.item, c.text) for c in event.work_comments.all()] == [(item, "请附照片")]


def test_an_evidence_file_belongs_to_exactly_one_owner(annexes, manager, settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.db import IntegrityError, transaction

    from indicators.models import Indicator
    from reporting.models import Evidence
    from reporting.services import evidence_attach

    settings.MEDIA_ROOT = tmp_path
    item = WorkItem.objects.order_by("pk").first()
    indicator = Indicator.objects.get(serial=1)
    with pytest.raises(ValidationError):
        evidence_attach(
            user=manager,
            year=2021,
            upload=ContentFile(b"%PDF-1.4\n", name="a.pdf"),
            indicator=indicator,
            work_item=item,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(
            year=2021,
            indicator=indicator,
            work_item=item,
            file="evidence/2021/x.pdf",
            original_name="x.pdf",
            kind="pdf",
            size=9,
            uploaded_by=manager,
        )
    assert not Evidence.objects.exists()
