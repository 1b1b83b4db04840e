"""工作填报 (/reporting/<year>/work/): who reaches it, what each sees, the one save (all or
nothing, errors per row), a unit reporter refused another unit's item, read-only years,
evidence of an item, and the menu."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indicators.models import YearApproval
from plans.models import PlanState
from reporting.models import Evidence
from tests.work import conftest as work_fixtures
from work.models import WorkProgress

PDF = b"%PDF-1.4\n% progress report\n%%EOF\n"

# The small plan of the work tests: two units, a task, a spotlight item, a policy.
fgw_reporter = work_fixtures.fgw_reporter
item = work_fixtures.item
kj_reporter = work_fixtures.kj_reporter
plan = work_fixtures.plan
policy = work_fixtures.policy
programme = work_fixtures.programme
task = work_fixtures.task
units = work_fixtures.units


def url(plan, year=2021, name="work"):
    return f"{reverse(f'reporting:{name}', kwargs={'year': year})}?plan={plan.pk}"


def row_data(work_item, status="推进中", reason="", text="", percent="", version=""):
    prefix = f"w{work_item.pk}"
    return {
        "row": [work_item.pk],
        f"{prefix}-status": status,
        f"{prefix}-reason": reason,
        f"{prefix}-progress_text": text,
        f"{prefix}-percent": percent,
        f"{prefix}-expected_version": version,
    }


def merged(*rows):
    data = {"row": []}
    for one in rows:
        data["row"] += one.pop("row")
        data |= one
    return data


@pytest.fixture
def people(manager, leader, auditor, sysadmin, outsider, fgw_reporter, kj_reporter):
    return {
        "manager": manager,
        "leader": leader,
        "auditor": auditor,
        "sysadmin": sysadmin,
        "outsider": outsider,
        "fgw": fgw_reporter,
        "kj": kj_reporter,
    }


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("manager", 200),
        ("leader", 403),
        ("auditor", 403),
        ("sysadmin", 200),
        ("fgw", 200),
        ("kj", 200),
    ],
)
def test_each_role_reaches_the_work_page_or_not(client, plan, task, item, people, role, expected):
    if role != "anonymous":
        client.force_login(people[role])
    assert client.get(url(plan)).status_code == expected


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("manager", 302),
        ("leader", 403),
        ("auditor", 403),
        ("sysadmin", 302),
        ("fgw", 302),
        ("kj", 302),
    ],
)
def test_the_menus_work_link_opens_the_default_year_for_those_who_enter(
    client, plan, task, people, role, expected
):
    if role != "anonymous":
        client.force_login(people[role])
    response = client.get(reverse("reporting:work_start"))
    assert response.status_code == expected
    if expected == 302 and role != "anonymous":
        assert response.url.startswith("/reporting/") and "/work/" in response.url


def test_a_unit_reporter_sees_only_its_units_items_grouped(client, plan, task, item, kj_reporter):
    client.force_login(kj_reporter)
    html = client.get(url(plan)).content.decode()
    assert "5-1-1 测试专栏项目" in html and "专栏5-1 测试专栏" in html
    assert "5.1 测试任务" not in html


def test_a_manager_sees_every_item_with_its_units_and_last_years_status(
    client, plan, task, item, manager
):
    WorkProgress.objects.create(item=task, year=2021, status="进度滞后", reason="资金未到位")
    client.force_login(manager)
    html = client.get(url(plan, 2022)).content.decode()
    assert "5.1 测试任务" in html and "5-1-1 测试专栏项目" in html
    assert "测试单位乙" in html and "配合：区发改委" in html
    assert "进度滞后" in html  # 2021's status beside 2022's row


def test_one_save_stores_every_row(client, plan, task, item, manager):
    client.force_login(manager)
    data = merged(
        row_data(task, "已完成", text="已建成", percent="100"),
        row_data(item, "推进中", text="开工"),
    )
    response = client.post(url(plan), data)
    assert response.status_code == 302
    assert WorkProgress.objects.get(item=task, year=2021).completion_percent == 100
    assert WorkProgress.objects.get(item=item, year=2021).progress_text == "开工"


def test_one_bad_row_saves_nothing_and_names_the_row(client, plan, task, item, manager):
    client.force_login(manager)
    data = merged(row_data(task, "已完成"), row_data(item, "已停止", reason=""))
    response = client.post(url(plan), data)
    assert response.status_code == 200
    assert not WorkProgress.objects.exists()
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("5-1-1：") and "必须填写原因" in m for m in shown)


def test_a_blank_status_leaves_the_row_alone(client, plan, task, item, manager):
    client.force_login(manager)
    response = client.post(url(plan), merged(row_data(task, ""), row_data(item, "推进中")))
    assert response.status_code == 302
    assert list(WorkProgress.objects.values_list("item_id", flat=True)) == [item.pk]


def test_a_unit_reporter_saves_its_units_item(client, plan, task, fgw_reporter):
    client.force_login(fgw_reporter)
    response = client.post(url(plan), row_data(task, "推进中", text="已立项"))
    assert response.status_code == 302
    assert WorkProgress.objects.get(item=task).entered_by == fgw_reporter


def test_another_units_item_is_refused_whole_and_nothing_saved(
    client, plan, task, item, kj_reporter
):
    client.force_login(kj_reporter)
    # Its own item and, smuggled in, 区发改委's task: the whole POST is refused.
    data = merged(row_data(item, "推进中"), row_data(task, "已完成"))
    response = client.post(url(plan), data)
    assert response.status_code == 403
    assert not WorkProgress.objects.exists()


def test_an_approved_year_is_read_only_and_a_post_saves_nothing(
    client, plan, task, manager, leader
):
    YearApproval.objects.create(year=2021, approved_by=leader, approved_at=timezone.now())
    client.force_login(manager)
    page = client.get(url(plan))
    assert 'id="read-only"' in page.content.decode() and "全部保存" not in page.content.decode()
    response = client.post(url(plan), row_data(task))
    assert response.status_code == 200 and not WorkProgress.objects.exists()


def test_a_draft_plans_year_is_read_only(client, plan, task, manager):
    plan.state = PlanState.DRAFT
    plan.save()
    client.force_login(manager)
    response = client.post(url(plan), row_data(task))
    assert "尚是草稿" in response.content.decode()
    assert not WorkProgress.objects.exists()


def test_a_unit_reporter_attaches_and_downloads_evidence_of_its_item(
    client, plan, task, item, fgw_reporter, kj_reporter, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(fgw_reporter)
    upload = SimpleUploadedFile("进展报告.pdf", PDF)
    response = client.post(url(plan, name="work_evidence"), {"item": task.pk, "file": upload})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.work_item == task and evidence.indicator is None
    assert "进展报告.pdf" in client.get(url(plan)).content.decode()
    download = reverse("reporting:evidence_download", args=[evidence.pk])
    assert client.get(download).status_code == 200
    client.force_login(kj_reporter)  # another unit's item: neither upload nor download
    assert client.get(download).status_code == 403
    refused = client.post(
        url(plan, name="work_evidence"), {"item": task.pk, "file": SimpleUploadedFile("x.pdf", PDF)}
    )
    assert refused.status_code == 403 and Evidence.objects.count() == 1


def test_the_menu_shows_work_entry_to_a_unit_reporter_and_not_figures(
    client, plan, task, fgw_reporter
):
    client.force_login(fgw_reporter)
    html = client.get(url(plan)).content.decode()
    assert reverse("reporting:work_start") in html
    assert f'href="{reverse("reporting:overview")}"' not in html  # no 数据填报
    assert client.get(reverse("reporting:entry", kwargs={"year": 2021})).status_code == 403
    assert client.get(reverse("reporting:review", kwargs={"year": 2021})).status_code == 403


@pytest.mark.parametrize(
    "role, expected, stored",
    [
        ("anonymous", 302, False),
        ("outsider", 403, False),
        ("manager", 302, True),
        ("leader", 403, False),
        ("auditor", 403, False),
        ("sysadmin", 302, True),
        ("fgw", 302, True),  # the task's unit
        ("kj", 403, False),  # another unit
    ],
)
def test_each_role_uploads_a_tasks_evidence_or_not(
    client, plan, task, item, people, settings, tmp_path, role, expected, stored
):
    settings.MEDIA_ROOT = tmp_path
    if role != "anonymous":
        client.force_login(people[role])
    upload = SimpleUploadedFile("进展报告.pdf", PDF)
    response = client.post(url(plan, name="work_evidence"), {"item": task.pk, "file": upload})
    assert response.status_code == expected
    assert Evidence.objects.filter(work_item=task).exists() == stored


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("manager", 302),
        ("leader", 403),
        ("auditor", 403),
        ("sysadmin", 302),
        ("fgw", 302),
        ("kj", 403),
    ],
)
def test_each_role_saves_a_tasks_progress_or_not(client, plan, task, item, people, role, expected):
    if role != "anonymous":
        client.force_login(people[role])
    response = client.post(url(plan), row_data(task, "推进中"))
    assert response.status_code == expected
    assert WorkProgress.objects.filter(item=task).exists() == (
        expected == 302 and role != "anonymous"
    )


def test_a_tasks_files_are_listed_for_the_read_pages(plan, task, item, manager, settings, tmp_path):
    from reporting.selectors import work_item_evidence_files
    from reporting.services import evidence_attach

    settings.MEDIA_ROOT = tmp_path
    evidence_attach(
        user=manager, year=2021, upload=SimpleUploadedFile("验收.pdf", PDF), work_item=task
    )
    files = work_item_evidence_files([task.pk])
    assert [(f.year, f.name) for f in files] == [(2021, "验收.pdf")]
    assert work_item_evidence_files([item.pk]) == []
