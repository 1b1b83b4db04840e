"""Project progress and platform admin: saves through the services, per role."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator
from indicators.services import actual_save, year_approve
from platforms.models import Platform
from projects.models import Project, ProjectProgress
from projects.services import project_progress_save

PROGRESS_ADD = reverse("admin:projects_projectprogress_add")
PLATFORM_ADD = reverse("admin:platforms_platform_add")


@pytest.fixture
def project(annexes):
    return Project.objects.get(row=1)


def progress_data(project, **data):
    base = {
        "project": project.pk,
        "year": 2022,
        "investment_completed": "1,500",
        "status": "在建",
        "completion_percent": "40",
        "note": "",
    }
    return base | data


def test_manager_records_progress_in_the_admin(client, manager, project):
    client.force_login(manager)
    assert client.post(PROGRESS_ADD, progress_data(project)).status_code == 302
    row = ProjectProgress.objects.get()
    assert (row.investment_completed, row.entered_by, row.version) == (Decimal(1500), manager, 1)
    listed = client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert "1500" in listed and "在建" in listed  # derived cumulative investment, status


def test_negative_investment_is_refused_with_its_field_named(client, manager, project):
    client.force_login(manager)
    response = client.post(PROGRESS_ADD, progress_data(project, investment_completed="-1"))
    assert "负数" in response.context["adminform"].form.errors["investment_completed"][0]
    assert not ProjectProgress.objects.exists()


def test_stale_progress_edit_is_refused(client, manager, project):
    row = project_progress_save(
        user=manager, project=project, year=2022, investment_completed="100", status="在建"
    )
    project_progress_save(
        user=manager,
        project=project,
        year=2022,
        investment_completed="200",
        status="在建",
        progress=row,
    )
    client.force_login(manager)
    url = reverse("admin:projects_projectprogress_change", args=[row.pk])
    response = client.post(url, progress_data(project, expected_version=1))
    assert "较早的版本" in response.content.decode()
    assert ProjectProgress.objects.get().investment_completed == Decimal(200)


def test_progress_of_a_locked_year_is_read_only(client, manager, leader, project):
    row = project_progress_save(
        user=manager, project=project, year=2022, investment_completed="100", status="在建"
    )
    actual_save(user=manager, indicator=Indicator.objects.get(serial=1), year=2022, value="40")
    year_approve(user=leader, year=2022)
    client.force_login(manager)
    url = reverse("admin:projects_projectprogress_change", args=[row.pk])
    assert client.post(url, progress_data(project, expected_version=1)).status_code == 403


@pytest.mark.parametrize("role", ["leader", "auditor"])
def test_only_managers_record_progress(role, request, client, project):
    client.force_login(request.getfixturevalue(role))
    assert client.post(PROGRESS_ADD, progress_data(project)).status_code == 403


def platform_data(**data):
    base = {
        "name": "新疆某新型研发机构",
        "host_organisation": "新疆某公司",
        "platform_type": "新型研发机构",
        "level": "自治区级",
        "recognised_year": "2022",
        "revoked_note": "",
        "visibility": "public",
    }
    return base | data


def test_manager_adds_a_platform_recognised_after_the_plan(client, manager, annexes):
    client.force_login(manager)
    assert client.post(PLATFORM_ADD, platform_data()).status_code == 302
    platform = Platform.objects.get(name="新疆某新型研发机构")
    assert (platform.serial, platform.recognised_year, platform.from_source) == (None, 2022, False)
    assert platform.history.get().history_user == manager


def test_a_later_platform_needs_its_recognition_year(client, manager, annexes):
    client.force_login(manager)
    response = client.post(PLATFORM_ADD, platform_data(recognised_year=""))
    assert "认定年份" in response.context["adminform"].form.errors["recognised_year"][0]


def test_manager_marks_an_annex_platform_revoked_but_cannot_rewrite_it(client, manager, annexes):
    platform = Platform.objects.get(serial=7)
    client.force_login(manager)
    url = reverse("admin:platforms_platform_change", args=[platform.pk])
    page = client.get(url).content.decode()
    assert 'name="host_organisation"' not in page  # source text is read-only
    response = client.post(url, {"revoked": "on", "revoked_note": "", "visibility": "public"})
    assert "撤销说明" in response.content.decode()
    client.post(url, {"revoked": "on", "revoked_note": "2023 年复核未通过", "visibility": "public"})
    platform.refresh_from_db()
    assert platform.revoked and platform.from_source
    assert platform.host_organisation == "新疆交通建设集团股份有限公司"  # as written


@pytest.mark.parametrize("role", ["leader", "auditor"])
def test_only_managers_add_platforms(role, request, client, annexes):
    client.force_login(request.getfixturevalue(role))
    assert client.post(PLATFORM_ADD, platform_data()).status_code == 403
    assert not Platform.objects.filter(name="新疆某新型研发机构").exists()


def test_manager_marks_a_platform_internal_so_the_public_site_leaves_it_out(
    client, manager, annexes
):
    platform = Platform.objects.get(serial=7)
    client.force_login(manager)
    url = reverse("admin:platforms_platform_change", args=[platform.pk])
    client.post(url, {"revoked_note": "", "visibility": "internal"})
    platform.refresh_from_db()
    assert platform.visibility == "internal"
    assert platform.history.first().history_user == manager
