"""A database made by an earlier release migrates to this one without losing a record.

The database file is real: made by the release named in tests/site/data/README.md. The
test migrates a copy in a separate process (its own settings, its own SQLite file, so
whichever database the suite runs on) and reads it back through the ORM.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OLD_DATABASE = Path(__file__).parent / "data" / "db-1326d31.sqlite3"

# Runs inside the migrated copy and reports what it finds.
READ_BACK = """
import json
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from audit.models import ReportDownload
from indicators.models import Indicator, IndicatorActual, YearApproval
from platforms.models import Platform
from projects.models import Project, ProjectProgress
from plans.models import Plan
auditors = Group.objects.get(name="审计")
plan = Plan.objects.get()
print(json.dumps({
    "indicators": Indicator.objects.count(),
    "actuals": IndicatorActual.objects.count(),
    "actual_history": IndicatorActual.history.count(),
    "serial_3_in_2022": str(IndicatorActual.objects.get(indicator__serial=3, year=2022).value),
    "approvals": sorted(
        [a.year, a.unlocked_at is not None, a.unlock_reason]
        for a in YearApproval.objects.all()
    ),
    "approval_history": YearApproval.history.count(),
    "platforms": Platform.objects.count(),
    "projects": Project.objects.count(),
    "progress": ProjectProgress.objects.count(),
    "downloads": list(ReportDownload.objects.values_list("source", "year")),
    "auditor_reads_downloads": auditors.permissions.filter(
        content_type__app_label="audit", codename="view_reportdownload"
    ).exists(),
    "old_content_types": ContentType.objects.filter(app_label="reports").count(),
    "plan": [plan.name, plan.first_year, plan.last_year, plan.baseline_year, plan.state],
    "under_the_plan": [
        Indicator.objects.filter(plan=plan).count(),
        Platform.objects.filter(plan=plan).count(),
        Project.objects.filter(plan=plan).count(),
        Indicator.history.filter(plan=plan).count(),
    ],
    "managers_draft_plans": Group.objects.get(name="基地管理员").permissions.filter(
        codename="add_plan"
    ).exists(),
}))
"""


def manage(database, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_ENV": "development"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    database = tmp_path_factory.mktemp("old") / "db.sqlite3"
    shutil.copy(OLD_DATABASE, database)
    manage(database, "migrate", "--noinput")
    return database


def test_every_record_of_the_old_database_survives_the_migration(migrated):
    found = json.loads(manage(migrated, "shell", "-c", READ_BACK).strip().splitlines()[-1])
    assert found == {
        "indicators": 13,
        "actuals": 26,
        "actual_history": 27,  # 26 creations and one correction
        "serial_3_in_2022": "1950.0000",
        "approvals": [[2021, False, ""], [2022, True, "统计局更正数据"]],
        "approval_history": 3,
        "platforms": 36,
        "projects": 34,
        "progress": 5,
        "downloads": [["command", 2021]],
        "auditor_reads_downloads": True,
        "old_content_types": 0,  # the download records' content type moved to `audit`
        # Every record now belongs to the 2021–2023 plan, history records included.
        "plan": [
            "乌鲁木齐高新区（新市区）双创示范基地建设方案（2021—2023年）",
            2021,
            2023,
            2020,
            "in_force",
        ],
        "under_the_plan": [13, 36, 34, 13],
        "managers_draft_plans": True,
    }


def test_the_migrated_database_has_no_pending_migrations(migrated):
    manage(migrated, "migrate", "--check")  # exits non-zero when something is unapplied
