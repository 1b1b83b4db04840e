"""The roles matrix: each role against each data-entry action, through the
pages a person would use. Each action returns whether it took effect."""

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.services import actual_save, approval_fingerprint, year_approve
from platforms.models import Platform
from projects.models import Project, ProjectProgress


def add_actual(client):
    indicator = Indicator.objects.get(serial=3)
    client.post(
        reverse("admin:indicators_indicatoractual_add"),
        {"indicator": indicator.pk, "year": 2021, "value": "1800", "note": "", "evidence": ""},
    )
    return IndicatorActual.objects.filter(indicator=indicator, year=2021).exists()


def enter_year(client):
    return client.get(reverse("admin:entry_year")).status_code == 200


def download_template(client):
    return client.get(reverse("admin:import_template"), {"year": 2022}).status_code == 200


def delete_actual(client):
    actual = IndicatorActual.objects.get(indicator__serial=1, year=2022)
    client.post(reverse("admin:indicators_indicatoractual_delete", args=[actual.pk]), {"post": 1})
    return not IndicatorActual.objects.filter(pk=actual.pk).exists()


def approve_year(client):
    client.post(
        reverse("admin:approval_years"),
        {"action": "approve", "year": 2022, "fingerprint": approval_fingerprint(2022)},
    )
    return 2022 in YearApproval.objects.locked_years()


def unlock_year(client, leader):
    year_approve(user=leader, year=2022)
    url = reverse("admin:approval_years")
    client.post(url, {"action": "unlock", "year": 2022, "reason": "更正"})
    return 2022 not in YearApproval.objects.locked_years()


def see_recent_changes(client):
    return client.get(reverse("admin:history_recent")).status_code == 200


def edit_definition(client):
    indicator = Indicator.objects.get(serial=1)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = {
        "serial": 1,
        "name_as_written": indicator.name_as_written,
        "name": indicator.name,
        "unit": indicator.unit,
        "scope_note": "",
        "baseline_year": 2020,
        "baseline_value": "37",
        "target_year": 2023,
        "target_value": "50",
        "kind": indicator.kind,
        "remark": indicator.remark,
        "visibility": indicator.visibility,
        "actuals-TOTAL_FORMS": 1,
        "actuals-INITIAL_FORMS": 1,
        "actuals-MIN_NUM_FORMS": 0,
        "actuals-MAX_NUM_FORMS": 1000,
        "actuals-0-id": IndicatorActual.objects.get(indicator=indicator).pk,
        "actuals-0-indicator": indicator.pk,
    }
    client.post(url, data)
    indicator.refresh_from_db()
    return indicator.target_value == 50


def add_progress(client):
    project = Project.objects.get(row=1)
    client.post(
        reverse("admin:projects_projectprogress_add"),
        {"project": project.pk, "year": 2022, "investment_completed": "10", "status": "在建"},
    )
    return ProjectProgress.objects.exists()


def add_platform(client):
    client.post(
        reverse("admin:platforms_platform_add"),
        {
            "name": "新平台",
            "host_organisation": "某公司",
            "platform_type": "工程技术研究中心",
            "level": "市级",
            "recognised_year": 2022,
            "visibility": "public",
        },
    )
    return Platform.objects.filter(name="新平台").exists()


ROLES = ["manager", "leader", "auditor", "sysadmin", "outsider"]
MATRIX = {
    # action: the roles for which it takes effect
    add_actual: {"manager", "sysadmin"},
    enter_year: {"manager", "sysadmin"},
    download_template: {"manager", "sysadmin"},
    delete_actual: {"manager", "sysadmin"},
    approve_year: {"leader", "sysadmin"},
    unlock_year: {"sysadmin"},
    see_recent_changes: {"auditor", "sysadmin"},
    edit_definition: {"sysadmin"},
    add_progress: {"manager", "sysadmin"},
    add_platform: {"manager", "sysadmin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX), ids=lambda f: f.__name__)
def test_roles_matrix(action, role, request, client, manager, leader, annexes):
    actual_save(user=manager, indicator=Indicator.objects.get(serial=1), year=2022, value="40")
    client.force_login(request.getfixturevalue(role))
    if action is unlock_year:
        took_effect = unlock_year(client, leader)
    else:
        took_effect = action(client)
    assert took_effect == (role in MATRIX[action])
