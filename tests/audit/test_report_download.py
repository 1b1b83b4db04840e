import pytest
from django.urls import reverse

from audit.models import ReportDownload, ReportSource
from indicators.models import IndicatorActual
from plans.models import Plan

from .report_data import data_rows, enter_actual, open_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def reported(annexes, manager):
    for serial in (1, 2, 3):
        enter_actual(serial, 2022, "100", manager)
        enter_actual(serial, 2023, "110", manager)


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("audit:download"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not ReportDownload.objects.exists()


@pytest.mark.parametrize("role", ["manager", "outsider"])
def test_roles_without_the_right_are_refused(client, annexes, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("audit:download"), {"year": 2023})
    assert response.status_code == 403
    assert not ReportDownload.objects.exists()


@pytest.mark.parametrize("role", ["auditor", "leader", "sysadmin"])
def test_auditor_leader_and_administrator_download_the_workbook(client, reported, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get(reverse("audit:download"), {"year": 2023})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert "2023" in response["Content-Disposition"]
    wb = open_workbook(response.content)
    assert [r["年份"].value for r in data_rows(wb["填报明细"])] == [2023, 2023, 2023]

    download = ReportDownload.objects.get()
    assert download.requested_by == user
    assert download.source == ReportSource.WEB
    assert download.year == 2023
    assert download.actual_ids == []


def test_without_a_year_every_year_is_included(client, reported, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit:download"))
    years = {r["年份"].value for r in data_rows(open_workbook(response.content)["填报明细"])}
    assert years == {2022, 2023}
    assert ReportDownload.objects.get().year is None


@pytest.mark.parametrize(
    "year, message",
    [("二〇二三", "年份必须是四位数字"), ("1999", "不能早于 2000"), ("3000", "不能晚于 2100")],
)
def test_a_bad_year_gets_a_clear_message_and_no_record(client, annexes, auditor, year, message):
    client.force_login(auditor)
    response = client.get(reverse("audit:download"), {"year": year})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportDownload.objects.exists()


@pytest.mark.parametrize("role", ["auditor", "leader", "sysadmin"])
def test_dashboard_offers_the_download_for_its_year(client, reported, request, role):
    client.force_login(request.getfixturevalue(role))
    body = client.get(reverse("home"), {"year": 2022}).content.decode()
    plan = Plan.objects.get()
    assert f'href="{reverse("audit:download")}?plan={plan.pk}&amp;year=2022"' in body
    assert f'href="{reverse("audit:download")}?plan={plan.pk}"' in body


def test_dashboard_hides_the_download_from_a_manager(client, reported, manager):
    client.force_login(manager)
    body = client.get(reverse("home")).content.decode()
    assert 'id="dashboard-actions"' in body
    assert reverse("audit:download") not in body


def _run_admin_action(client, ids):
    return client.post(
        reverse("admin:indicators_indicatoractual_changelist"),
        {"action": "export_audit_report", "_selected_action": ids},
    )


def test_admin_action_exports_the_selected_actuals(client, reported, auditor):
    chosen = list(
        IndicatorActual.objects.filter(indicator__serial__in=[1, 3]).values_list("pk", flat=True)
    )
    client.force_login(auditor)
    response = _run_admin_action(client, chosen)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    rows = data_rows(open_workbook(response.content)["填报明细"])
    assert sorted((r["指标序号"].value, r["年份"].value) for r in rows) == [
        (1, 2022),
        (1, 2023),
        (3, 2022),
        (3, 2023),
    ]
    download = ReportDownload.objects.get()
    assert download.source == ReportSource.ADMIN
    assert download.requested_by == auditor
    assert sorted(download.actual_ids) == sorted(chosen)


def test_admin_action_is_not_offered_to_a_manager(client, reported, manager):
    client.force_login(manager)
    changelist = client.get(reverse("admin:indicators_indicatoractual_changelist"))
    assert "export_audit_report" not in changelist.content.decode()
    response = _run_admin_action(client, [IndicatorActual.objects.first().pk])
    assert response.get("Content-Type") != XLSX
    assert not ReportDownload.objects.exists()


def test_admin_action_is_offered_to_an_auditor(client, reported, auditor):
    client.force_login(auditor)
    changelist = client.get(reverse("admin:indicators_indicatoractual_changelist"))
    assert "export_audit_report" in changelist.content.decode()


def test_auditor_reads_the_download_records_in_the_admin(client, reported, auditor, manager):
    client.force_login(auditor)
    client.get(reverse("audit:download"), {"year": 2023})
    listing = client.get(reverse("admin:audit_reportdownload_changelist"))
    assert listing.status_code == 200
    assert ReportDownload.objects.get().filename in listing.content.decode()
    client.force_login(manager)
    assert client.get(reverse("admin:audit_reportdownload_changelist")).status_code == 403
