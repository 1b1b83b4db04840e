import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import ReportDownload, ReportSource

from .report_data import data_rows, enter_actual, open_workbook

# Cover rows that differ between two runs by design: when and by whom.
PER_RUN_FACTS = {"生成时间（北京时间）", "生成人"}


@pytest.fixture
def reported(annexes, manager):
    for serial in (1, 2, 3):
        enter_actual(serial, 2022, "100", manager)
        enter_actual(serial, 2023, "110.5", manager)


def sheet_values(wb):
    values = {}
    for ws in wb:
        rows = list(ws.iter_rows(values_only=True))
        if ws.title == "封面":
            rows = [row for row in rows if row[0] not in PER_RUN_FACTS]
        values[ws.title] = rows
    return values


def test_command_writes_the_same_workbook_as_the_download(client, reported, auditor, tmp_path):
    output = tmp_path / "report.xlsx"
    call_command("export_report", "--year", "2023", "--output", str(output), stdout=io.StringIO())
    client.force_login(auditor)
    downloaded = client.get(reverse("audit:download"), {"year": 2023}).content

    from_command = open_workbook(output.read_bytes())
    assert sheet_values(from_command) == sheet_values(open_workbook(downloaded))
    assert len(data_rows(from_command["填报明细"])) == 3


def test_command_without_a_year_covers_every_year(reported, tmp_path):
    output = tmp_path / "all.xlsx"
    out = io.StringIO()
    call_command("export_report", "--output", str(output), stdout=out)
    rows = data_rows(open_workbook(output.read_bytes())["填报明细"])
    assert {r["年份"].value for r in rows} == {2022, 2023}
    assert str(output) in out.getvalue()


def test_command_records_the_export(reported, tmp_path):
    call_command(
        "export_report", "--year", "2022", "--output", str(tmp_path / "r.xlsx"),
        stdout=io.StringIO(),
    )  # fmt: skip
    download = ReportDownload.objects.get()
    assert download.source == ReportSource.COMMAND
    assert download.requested_by is None
    assert download.year == 2022


def test_command_refuses_a_bad_year_and_writes_nothing(annexes, tmp_path):
    output = tmp_path / "r.xlsx"
    with pytest.raises(CommandError, match="年份必须是四位数字"):
        call_command("export_report", "--year", "abc", "--output", str(output))
    assert not output.exists()
    assert not ReportDownload.objects.exists()


def test_command_refuses_a_missing_directory(annexes, tmp_path):
    with pytest.raises(CommandError, match="输出目录不存在"):
        call_command("export_report", "--output", str(tmp_path / "missing" / "r.xlsx"))
    assert not ReportDownload.objects.exists()
