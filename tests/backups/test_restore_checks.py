"""What a restore checks before it changes anything, and what a backup refuses.

Files: every one decoded and checked first, only names the backup's rows point at, none
missing, written only once the rows are committed. The header: an exact version, no key
or row given twice. The JSON backups of versions 1 and 2 are built here as the backup
command wrote them before the zip of version 3.
"""

import base64
import io
import json
import zipfile

import django.apps
import pytest
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from backups import archive
from core import roles
from indicators.models import Indicator, IndicatorActual
from reporting.models import Evidence
from tests.conftest import make_user

PDF = b"%PDF-1.4\n" + b"0" * 4000 + b"\n%%EOF\n"
NEW_BYTES = b"%PDF-1.4\nnew"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_evidence(manager):
    return Evidence.objects.create(
        year=2021,
        indicator=Indicator.objects.get(serial=7),
        file=ContentFile(PDF, name="年鉴.pdf"),
        original_name="年鉴.pdf",
        kind="pdf",
        size=len(PDF),
        uploaded_by=manager,
    )


@pytest.fixture
def evidence(annexes, manager):
    """One evidence row and its stored file."""
    return make_evidence(manager)


def b64(content):
    return base64.b64encode(content).decode("ascii")


def json_backup(path, version=2, files=None, edit=None):
    """This database as a JSON backup of `version`, `files` ({name: base64 text}) as
    given; `edit(payload)` changes it before it is written."""
    objects, counts = [], {}
    for model in archive.backed_up_models():
        rows = serializers.serialize(
            "python",
            model._default_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=model is Group,
        )
        counts[model._meta.label] = len(rows)
        objects += rows
    payload = {
        "format": archive.FORMAT,
        "version": version,
        "migrations": sorted(
            [app, name] for app, name in MigrationRecorder(connection).applied_migrations()
        ),
        "counts": counts,
        "objects": objects,
    }
    if files is not None:
        payload["files"] = files
    if edit:
        edit(payload)
    path.write_text(json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False), "utf-8")
    return path


def restore(path, *args):
    call_command("restore", str(path), *args, stdout=io.StringIO())


def stored_files(media_root):
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())


# ---- Files: nothing changes unless everything is right -----------------------------


def test_a_restore_failing_on_a_damaged_file_leaves_the_stored_files_as_they_were(
    evidence, tmp_path, media_root
):
    name = evidence.file.name
    # The good name with new bytes comes first, the damaged file after it.
    path = json_backup(
        tmp_path / "b.json", files={name: b64(NEW_BYTES), "evil.html": "@@ not base64 @@"}
    )
    with pytest.raises(CommandError, match="已损坏"):
        restore(path, "--replace")
    assert (media_root / name).read_bytes() == PDF
    assert stored_files(media_root) == [name]
    assert Evidence.objects.get().file.name == name


def test_a_file_no_row_points_at_is_refused_and_not_written(evidence, tmp_path, media_root):
    name = evidence.file.name
    path = json_backup(
        tmp_path / "b.json",
        files={name: b64(NEW_BYTES), "evil.html": b64(b"<script>alert(1)</script>")},
    )
    with pytest.raises(CommandError, match="没有任何记录引用.*evil.html"):
        restore(path, "--replace")
    assert (media_root / name).read_bytes() == PDF
    assert stored_files(media_root) == [name]


def test_a_file_name_climbing_out_of_the_storage_is_refused(evidence, tmp_path, media_root):
    def point_at_parent(payload):
        for obj in payload["objects"]:
            if obj["model"] == "reporting.evidence":
                obj["fields"]["file"] = "../outside.pdf"

    path = json_backup(
        tmp_path / "b.json", files={"../outside.pdf": b64(PDF)}, edit=point_at_parent
    )
    with pytest.raises(CommandError, match="不可用"):
        restore(path, "--replace")
    assert not (tmp_path / "outside.pdf").exists()


def test_the_files_are_swapped_in_only_when_the_rows_commit(
    evidence, tmp_path, media_root, django_capture_on_commit_callbacks
):
    name = evidence.file.name
    path = json_backup(tmp_path / "b.json", files={name: b64(NEW_BYTES)})
    with django_capture_on_commit_callbacks() as callbacks:
        restore(path, "--replace")
        # Rows loaded, not yet committed: the stored file is still the old one.
        assert (media_root / name).read_bytes() == PDF
    assert len(callbacks) == 1
    callbacks[0]()
    assert (media_root / name).read_bytes() == NEW_BYTES
    assert stored_files(media_root) == [name]  # no staging folder left


def test_a_replacing_restore_deletes_the_files_of_rows_the_backup_lacks(
    annexes, evidence, manager, tmp_path, media_root, django_capture_on_commit_callbacks
):
    kept = evidence.file.name
    path = json_backup(tmp_path / "b.json", files={kept: b64(PDF)})
    later = Evidence.objects.create(
        year=2021,
        indicator=Indicator.objects.get(serial=8),
        file=ContentFile(PDF, name="later.pdf"),
        original_name="later.pdf",
        kind="pdf",
        size=len(PDF),
        uploaded_by=manager,
    )
    assert (media_root / later.file.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        restore(path, "--replace")
    assert stored_files(media_root) == [kept]
    assert list(Evidence.objects.values_list("file", flat=True)) == [kept]


@pytest.mark.django_db(transaction=True)
def test_a_version_2_backup_still_restores_with_its_files(django_user_model, tmp_path, media_root):
    roles.sync_role_groups(django.apps.apps)  # a transactional test starts with no groups
    call_command("load_annexes", stdout=io.StringIO())
    manager = make_user(django_user_model, "manager", roles.MANAGER)
    evidence = make_evidence(manager)
    name = evidence.file.name
    path = json_backup(tmp_path / "b.json", files={name: b64(PDF)})
    call_command("flush", "--noinput", verbosity=0)
    roles.sync_role_groups(django.apps.apps)
    (media_root / name).unlink()
    restore(path)
    assert Evidence.objects.get().file.name == name
    assert (media_root / name).read_bytes() == PDF


# ---- Rows whose files are missing --------------------------------------------------


@pytest.mark.parametrize("version, files", [(1, None), (2, {})], ids=["version-1", "no-files"])
def test_a_backup_lacking_the_evidence_files_is_refused(
    evidence, tmp_path, media_root, version, files
):
    path = json_backup(tmp_path / "b.json", version=version, files=files)
    IndicatorActual.objects.create(indicator=Indicator.objects.get(serial=1), year=2021, value=5)
    with pytest.raises(CommandError, match="备份缺少 1 个记录引用的文件"):
        restore(path, "--replace")
    assert IndicatorActual.objects.get().value == 5
    assert (media_root / evidence.file.name).read_bytes() == PDF


def test_a_backup_of_a_row_whose_file_is_gone_fails_with_a_message(evidence, tmp_path, media_root):
    (media_root / evidence.file.name).unlink()
    output = tmp_path / "backup.zip"
    with pytest.raises(CommandError, match="存储中缺少 1 个佐证材料文件"):
        call_command("backup", "--output", str(output), stdout=io.StringIO())
    assert list(tmp_path.glob("backup.zip*")) == []  # nothing half-written left behind


def test_a_failed_backup_keeps_the_earlier_backup_of_the_same_name(evidence, tmp_path, media_root):
    output = tmp_path / "backup.zip"
    call_command("backup", "--output", str(output), stdout=io.StringIO())
    good = output.read_bytes()
    (media_root / evidence.file.name).unlink()
    with pytest.raises(CommandError):
        call_command("backup", "--output", str(output), stdout=io.StringIO())
    assert output.read_bytes() == good


# ---- The zip of version 3 ------------------------------------------------------------


def rewrite_zip(source, target, change):
    """Copy the zip, passing each entry's (name, bytes) through `change` (None drops it)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            entry = change(info.filename, old.read(info))
            if entry:
                new.writestr(*entry)
        return target


def test_the_backup_is_a_zip_listing_each_file_with_its_size_and_checksum(evidence, tmp_path):
    output = tmp_path / "backup.zip"
    call_command("backup", "--output", str(output), stdout=io.StringIO())
    with zipfile.ZipFile(output) as backup:
        manifest = json.loads(backup.read("backup.json"))
        assert backup.read("files/" + evidence.file.name) == PDF
    assert manifest["version"] == 3
    (listed,) = manifest["files"]
    assert listed["name"] == evidence.file.name
    assert listed["size"] == len(PDF)
    assert len(listed["sha256"]) == 64


def test_a_zip_whose_file_does_not_match_its_checksum_changes_nothing(
    evidence, tmp_path, media_root
):
    name = evidence.file.name
    good = tmp_path / "backup.zip"
    call_command("backup", "--output", str(good), stdout=io.StringIO())
    # Same size, other bytes: only the checksum can tell.
    damaged = rewrite_zip(
        good,
        tmp_path / "damaged.zip",
        lambda entry, data: (
            entry,
            data.replace(b"0", b"1") if entry.startswith("files/") else data,
        ),
    )
    IndicatorActual.objects.create(indicator=Indicator.objects.get(serial=1), year=2021, value=5)
    with pytest.raises(CommandError, match="已损坏"):
        restore(damaged, "--replace")
    assert IndicatorActual.objects.get().value == 5
    assert (media_root / name).read_bytes() == PDF
    assert stored_files(media_root) == [name]


def test_a_zip_with_an_entry_outside_its_list_is_refused(evidence, tmp_path, media_root):
    good = tmp_path / "backup.zip"
    call_command("backup", "--output", str(good), stdout=io.StringIO())
    extra = tmp_path / "extra.zip"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(extra, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        new.writestr("files/evil.html", b"<script>")
    with pytest.raises(CommandError, match="清单之外.*evil.html"):
        restore(extra, "--replace")
    assert stored_files(media_root) == [evidence.file.name]


# ---- The header and the rows: exact, nothing twice -----------------------------------


@pytest.mark.parametrize("version", ["true", "2.0", '"2"', "1.0"])
def test_a_version_that_is_not_exactly_a_supported_integer_is_refused(db, tmp_path, version):
    path = tmp_path / "b.json"
    header = '{"format": "shuangchuang-backup", "migrations": [], "objects": [], "version": '
    path.write_text(header + version + "}", "utf-8")
    with pytest.raises(CommandError, match="不受支持"):
        restore(path)


def test_a_key_given_twice_is_refused(annexes, tmp_path):
    path = json_backup(tmp_path / "b.json", files={})
    text = path.read_text("utf-8")
    # The second "serial" would silently win over the first.
    path.write_text(text.replace('"serial": 1,', '"serial": 1, "serial": 99,', 1), "utf-8")
    with pytest.raises(CommandError, match="键“serial”出现了两次"):
        restore(path, "--replace")
    assert Indicator.objects.filter(serial=1).exists()


def test_a_row_given_twice_is_refused(annexes, tmp_path):
    def repeat_indicator_one(payload):
        first = next(o for o in payload["objects"] if o["model"] == "indicators.indicator")
        payload["objects"].append({**first, "fields": {**first["fields"], "name": "冒名"}})
        payload["counts"]["indicators.Indicator"] += 1

    path = json_backup(tmp_path / "b.json", files={}, edit=repeat_indicator_one)
    with pytest.raises(CommandError, match="出现了两次"):
        restore(path, "--replace")
    assert not Indicator.objects.filter(name="冒名").exists()
