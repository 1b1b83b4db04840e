"""backup / restore: every table round-trips exactly, and a bad restore changes nothing."""

import io
from decimal import Decimal

import django.apps
import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token

from audit.models import ReportDownload
from backups import archive
from core import roles
from indicators.models import Indicator, IndicatorActual, YearApproval
from notices.models import Notice
from plans.models import Plan, Unit, UnitMember
from platforms.models import Platform
from projects.models import Project, ProjectProgress
from public.services import publication_publish
from reporting.models import (
    Evidence,
    IndicatorComment,
    ReminderSent,
    ReportingEvent,
    ReportingYear,
    WorkComment,
)
from tests.conftest import make_user
from work.models import (
    Goal,
    Policy,
    PolicyApplication,
    Programme,
    Spotlight,
    WorkItem,
    WorkProgress,
)

EVIDENCE_BYTES = b"%PDF-1.4\n% evidence\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_everything(django_user_model):
    """At least one row in every table a backup holds, with history and odd values."""
    call_command("load_annexes", stdout=io.StringIO())
    manager = make_user(django_user_model, "manager", roles.MANAGER)
    leader = make_user(django_user_model, "leader", roles.LEADERSHIP)
    admin = make_user(django_user_model, "sysadmin", is_superuser=True)
    manager.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    indicator = Indicator.objects.get(serial=7)
    actual = IndicatorActual.objects.create(
        indicator=indicator, year=2021, value=Decimal("19.1234"), entered_by=manager
    )
    actual.value = Decimal("19.5")
    actual.note = "更正：统计局复核"
    actual._history_user = manager
    actual.save()
    YearApproval.objects.create(year=2021, approved_by=leader, approved_at=timezone.now())
    Platform.objects.create(
        plan=Plan.objects.get(),
        name="新认定平台",
        host_organisation="某公司",
        platform_type="企业技术中心",
        level="市级",
        recognised_year=2022,
    )
    ProjectProgress.objects.create(
        project=Project.objects.get(row=1),
        year=2021,
        investment_completed=Decimal("1234.5678"),
        status="在建",
        completion_percent=Decimal("12.50"),
        entered_by=manager,
    )
    Token.objects.create(user=manager)
    make_the_plans_work(django_user_model, manager)
    ReportDownload.objects.create(
        requested_by=leader, source="admin", year=2021, actual_ids=[actual.pk], filename="审计.xlsx"
    )
    returned = ReportingEvent.objects.create(
        reporting_year=ReportingYear.objects.create(year=2021, state="approved"),
        kind="return",
        by=leader,
        reason="请核对",
    )
    IndicatorComment.objects.create(event=returned, indicator=indicator, text="偏低")
    WorkComment.objects.create(
        event=returned, item=WorkItem.objects.get(identifier="4-1-2"), text="请补充进展"
    )
    Evidence.objects.create(
        year=2021,
        indicator=indicator,
        file=ContentFile(EVIDENCE_BYTES, name="evidence/2021/abc.pdf"),
        original_name="统计年鉴.pdf",
        kind="pdf",
        size=len(EVIDENCE_BYTES),
        uploaded_by=manager,
    )
    ReminderSent.objects.create(kind="due_14", year=2021, recipient=manager, key="2022-03-31")
    Notice.objects.create(
        recipient=manager,
        kind="returned",
        year=2021,
        title="2021 年数据被退回修改",
        body="退回原因：请核对\n7. 偏低",
        link="/reporting/2021/",
        key="return:1",
        read_at=timezone.now(),
    )
    publication_publish(user=leader, plan=Plan.objects.get(), year=2021)
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Indicator),
        object_id=str(indicator.pk),
        object_repr=str(indicator),
        action_flag=CHANGE,
        change_message="[]",
    )


def make_the_plans_work(django_user_model, manager):
    """Rows of the plan's work: units and a member, every definition, progress with a
    history of two versions, a policy application, and the many-to-many links."""
    plan = Plan.objects.get()
    unit = Unit.objects.get(name="区发改委")  # made by load_annexes
    other = Unit.objects.create(base=plan.base, name="测试单位乙", active=False)
    reporter = make_user(django_user_model, "reporter", roles.UNIT_REPORTER)
    UnitMember.objects.create(user=reporter, unit=unit)
    # The plan's work as load_annexes loads it (fixtures/work), with units and links added.
    assert Programme.objects.filter(plan=plan).exists() and Spotlight.objects.exists()
    item = WorkItem.objects.get(plan=plan, identifier="4-1-2")
    item.lead_unit, item.visibility = unit, "internal"
    item.save()
    item.collaborating_units.add(other)
    item.projects.add(Project.objects.get(row=1))
    item.platforms.add(Platform.objects.get(serial=1))
    Indicator.objects.get(serial=7).collaborating_units.add(unit)
    progress = WorkProgress.objects.create(
        item=item, year=2021, status="推进中", completion_percent=Decimal("12.25")
    )
    progress.status, progress.reason = "进度滞后", "用地未落实"
    progress._history_user = reporter
    progress.save()
    policy = Policy.objects.get(plan=plan, identifier="1")
    PolicyApplication.objects.create(
        policy=policy, year=2021, applied=True, funds=Decimal("1234.5678"), enterprises=12
    )
    assert Goal.objects.filter(plan=plan).exists()


def every_row():
    """Every backed-up row as Python values (no JSON in between), ids of groups aside."""
    return {
        model._meta.label: serializers.serialize(
            "python",
            model._default_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=model is Group,
        )
        for model in archive.backed_up_models()
    }


def table_counts():
    return {m._meta.label: m._default_manager.count() for m in archive.backed_up_models()}


def empty_migrated_database():
    """What `migrate` on a new database leaves: content types, permissions, the role groups."""
    call_command("flush", "--noinput", verbosity=0)
    roles.sync_role_groups(django.apps.apps)


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_back_every_row(
    django_user_model, tmp_path
):
    roles.sync_role_groups(django.apps.apps)  # a transactional test starts with no groups
    make_everything(django_user_model)
    before = table_counts()
    # Every table holds something, so a table the backup forgot would show.
    assert all(before.values()), {k: v for k, v in before.items() if not v}
    rows_before = every_row()
    path = tmp_path / "backup.json"
    call_command("backup", "--output", str(path), stdout=io.StringIO())

    empty_migrated_database()
    default_storage.delete("evidence/2021/abc.pdf")  # the files go with the database
    assert archive.database_is_empty()
    call_command("restore", str(path), stdout=io.StringIO())
    with Evidence.objects.get().file.open("rb") as restored:
        assert restored.read() == EVIDENCE_BYTES

    assert table_counts() == before
    # Row for row, field for field (ids, decimals, microseconds, natural keys):
    rows_after = every_row()
    for label, rows in rows_before.items():
        assert rows_after[label] == rows, label
    # And what it means for users:
    actual = IndicatorActual.objects.get(indicator__serial=7, year=2021)
    assert actual.value == Decimal("19.5")
    assert [h.value for h in actual.history.order_by("history_date")] == [
        Decimal("19.1234"),
        Decimal("19.5"),
    ]
    assert actual.history.latest().history_user.username == "manager"
    manager = django_user_model.objects.get(username="manager")
    assert manager.check_password("manager-password-for-tests")
    assert manager.has_perm("indicators.change_indicatoractual")  # group permissions by name
    assert manager.has_perm("admin.view_logentry")  # a user's own permission
    assert Token.objects.get(user=manager)
    assert set(
        Group.objects.get(name=roles.AUDITOR).permissions.values_list("codename", flat=True)
    ) == {p.split(".")[1] for p in roles.ROLE_PERMISSIONS[roles.AUDITOR]}
    item = WorkItem.objects.get(identifier="4-1-2")
    assert [u.name for u in item.collaborating_units.all()] == ["测试单位乙"]
    assert item.progress.get().history.count() == 2
    assert UnitMember.objects.get().user.username == "reporter"


@pytest.mark.django_db(transaction=True)
def test_new_rows_after_a_restore_get_fresh_ids(django_user_model, tmp_path):
    roles.sync_role_groups(django.apps.apps)
    make_everything(django_user_model)
    path = tmp_path / "backup.json"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    empty_migrated_database()
    call_command("restore", str(path), stdout=io.StringIO())
    # On PostgreSQL this fails unless the sequences were moved past the restored ids.
    IndicatorActual.objects.create(indicator=Indicator.objects.get(serial=1), year=2022, value=1)
    Platform.objects.create(
        plan=Plan.objects.get(),
        name="又一个",
        host_organisation="x",
        platform_type="y",
        level="市级",
    )


def test_restore_refuses_a_database_with_data(annexes, tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    IndicatorActual.objects.create(indicator=Indicator.objects.get(serial=1), year=2021, value=5)
    with pytest.raises(CommandError, match="已有数据"):
        call_command("restore", str(path), stdout=io.StringIO())
    assert IndicatorActual.objects.count() == 1


def test_restore_replace_swaps_in_the_backup(annexes, tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    IndicatorActual.objects.create(indicator=Indicator.objects.get(serial=1), year=2021, value=5)
    call_command("restore", str(path), "--replace", stdout=io.StringIO())
    assert IndicatorActual.objects.count() == 0
    assert Indicator.objects.count() == 13


def test_a_failure_halfway_through_a_restore_changes_nothing(annexes, tmp_path, monkeypatch):
    path = tmp_path / "backup.json"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    IndicatorActual.objects.create(indicator=Indicator.objects.get(serial=1), year=2021, value=5)
    before = table_counts()

    from django.core.serializers.base import DeserializedObject

    real_save, saved = DeserializedObject.save, []

    def save_then_fail(self, *args, **kwargs):
        if len(saved) == 40:  # after the indicators, among the platforms
            raise RuntimeError("injected failure")
        saved.append(self)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(DeserializedObject, "save", save_then_fail)
    with pytest.raises(RuntimeError, match="injected"):
        call_command("restore", str(path), "--replace", stdout=io.StringIO())
    assert len(saved) == 40
    assert table_counts() == before
    assert IndicatorActual.objects.get().value == 5


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json at all", "不是有效的 JSON"),
        ('{"format": "something-else"}', "不是本系统的备份文件"),
        ('{"format": "shuangchuang-backup", "version": 99}', "不受支持"),
        (
            '{"format": "shuangchuang-backup", "version": 1, '
            '"migrations": [["indicators", "9999_from_the_future"]], "objects": []}',
            "较新的版本",
        ),
    ],
)
def test_restore_explains_a_bad_file_in_chinese(db, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), stdout=io.StringIO())


def test_restore_of_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="无法打开备份文件"):
        call_command("restore", str(tmp_path / "nope.json"), stdout=io.StringIO())


def test_backup_leaves_out_only_what_a_database_makes_for_itself():
    labels = {m._meta.label_lower for m in archive.backed_up_models()}
    assert {
        "indicators.indicator",
        "indicators.historicalindicatoractual",
        "indicators.yearapproval",
        "platforms.historicalplatform",
        "projects.projectprogress",
        "plans.unitmember",
        "work.workitem",
        "work.historicalworkprogress",
        "auth.user",
        "auth.group",
        "authtoken.token",
        "admin.logentry",
    } <= labels
    assert not labels & {"contenttypes.contenttype", "auth.permission", "sessions.session"}


HEADER = '{"format": "shuangchuang-backup", "version": 1, "migrations": [], '


@pytest.mark.parametrize(
    "content",
    [
        '{"format": "shuangchuang-backup", "version": 1}',  # no migrations, no objects
        HEADER + '"objects": "not a list"}',
        HEADER + '"objects": [{"pk": 1, "fields": {}}]}',  # no model
        HEADER + '"objects": [{"model": "indicators.indicator", "pk": 1}]}',  # no fields
        HEADER + '"objects": [], "counts": "many"}',
        HEADER + '"migrations": "all", "objects": []}',
        # A figure of an indicator the file does not hold: the foreign key fails.
        HEADER + '"objects": [{"model": "indicators.indicatoractual", "pk": 1, "fields": '
        '{"indicator": 999, "year": 2022, "value": "1", "version": 1, '
        '"created_at": "2022-01-01T00:00:00Z", "updated_at": "2022-01-01T00:00:00Z"}}], '
        '"counts": {"indicators.IndicatorActual": 1}}',
    ],
    ids=["no-sections", "objects-not-list", "no-model", "no-fields", "counts", "migrations", "fk"],
)
def test_a_damaged_backup_is_a_clear_error_and_changes_nothing(db, tmp_path, content):
    path = tmp_path / "damaged.json"
    path.write_text(content.replace('"migrations": [], "migrations"', '"migrations"'), "utf-8")
    with pytest.raises(CommandError, match="备份文件"):
        call_command("restore", str(path), stdout=io.StringIO())
    assert not IndicatorActual.objects.exists()
