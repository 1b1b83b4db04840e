"""Backing up the whole database and its files to one zip archive, and restoring it,
all or nothing.

Everything users made is in the archive: indicator definitions, yearly actuals, year
approvals, platforms, projects and their progress, every django-simple-history
table, the admin's change log, users, groups with their permissions, and API
tokens, and the files those rows point at (evidence files, kept in Django's default
storage). Left out are rows that every migrated database makes for itself
(content types, permissions) and transient state (sessions, login-throttling
records): see EXCLUDED.

The archive (format version 3) is a zip: `backup.json` holds the header, the rows and a
list of the files with their size and SHA-256; each file is the entry `files/<name>`.
Files are copied in chunks both ways, so memory does not grow with the media: only the
rows are held at once. Versions 1 (rows only) and 2 (one JSON file, files base64-encoded
inside) still restore.

References to content types, permissions and groups are written as natural keys
(app label and codename, group name), because their ids differ between databases.
All other rows keep their primary keys, so history rows still point at the same
ids. Datetimes keep their microseconds (Django's own JSON encoder would cut them
to milliseconds, and the history would no longer match to the row).

A restore checks everything before it writes anything: the header, every file's bytes
against the list (and the list against the names the rows point at: no file without
its row, no row without its file), then loads the rows in one transaction. The files
are written under temporary names first and swapped in only once the transaction has
committed; a failure anywhere leaves the database and the stored files as they were.
"""

import base64
import binascii
import contextlib
import dataclasses
import datetime
import hashlib
import io
import json
import os
import shutil
import uuid
import zipfile
import zlib
from functools import partial

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.utils import validate_file_name
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT = "shuangchuang-backup"
# 2 added "files" (base64 in the JSON); 3 made the backup a zip, files as their own
# entries, so neither backing up nor restoring holds the media in memory.
FORMAT_VERSION = 3
JSON_VERSIONS = {1, 2}  # a plain JSON file: version 1 (no files) or 2
ZIP_VERSIONS = {3}
MANIFEST = "backup.json"  # the entry of the zip holding the header and the rows
FILES_PREFIX = "files/"
STAGING = "restoring"  # storage folder of the files of a restore not yet committed
CHUNK = 1024 * 1024

# app label, or "app_label.model_name"
EXCLUDED = {
    "contenttypes",  # every migrated database creates its own; referenced by natural key
    "auth.permission",  # likewise
    "sessions",  # logins in progress: a restored site asks everyone to log in again
    "axes",  # failed-login counters and lockouts: transient security state
}


class BackupError(Exception):
    """A backup file that cannot be restored here; the message says why, in Chinese."""


class _ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()  # with microseconds, unlike DjangoJSONEncoder
        return super().default(o)


def _is_excluded(model):
    return model._meta.app_label in EXCLUDED or model._meta.label_lower in EXCLUDED


def backed_up_models():
    """Every concrete model that goes into a backup, parents before the rows pointing at them."""
    by_app = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or _is_excluded(model):
            continue
        by_app.setdefault(model._meta.app_config, []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def _applied_migrations():
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _file_fields():
    """{model label (lower case): names of its FileFields} of every backed-up model."""
    return {
        model._meta.label_lower: [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.FileField)
        ]
        for model in backed_up_models()
    }


def stored_file_names():
    """The name of every file a backed-up row points at (FileFields: evidence files)."""
    names = set()
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                stored = model._default_manager.exclude(**{field.name: ""})
                names.update(stored.values_list(field.name, flat=True))
    return sorted(names)


def _missing_files_message(missing, template):
    shown = "、".join(f"“{name}”" for name in missing[:5])
    more = _("等") if len(missing) > 5 else ""
    return template % {"n": len(missing), "names": shown + more}


# ---- Writing ---------------------------------------------------------------------


def backup_write(stream):
    """Write the backup as a zip to a binary stream; returns {model label: row count}.

    Refuses (BackupError, nothing useful written) when a row points at a file the
    storage lacks: a backup that silently lacked a file would be found out only at
    restore.

    Read in one transaction, a snapshot: rows written meanwhile by people at work are
    all in or all out, so no row points at a row or a file the backup lacks. (SQLite in
    WAL mode reads a snapshot without blocking writers; PostgreSQL needs REPEATABLE READ.)
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return _write_snapshot(stream)


def _write_snapshot(stream):
    names = stored_file_names()
    missing = [name for name in names if not default_storage.exists(name)]
    if missing:
        raise BackupError(
            _missing_files_message(
                missing,
                _(
                    "存储中缺少 %(n)s 个佐证材料文件：%(names)s，备份未完成。"
                    "请先把这些文件放回存储，或在管理后台删除引用它们的佐证材料记录。"
                ),
            )
        )
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        files = [_write_file(archive, name) for name in names]
        with (
            archive.open(MANIFEST, "w", force_zip64=True) as raw,
            io.TextIOWrapper(raw, encoding="utf-8") as text,
        ):
            return _write_manifest(text, files)


def _write_file(archive, name):
    """Copy one stored file into the archive in chunks; returns its list entry."""
    digest, size = hashlib.sha256(), 0
    with (
        default_storage.open(name, "rb") as source,
        archive.open(FILES_PREFIX + name, "w", force_zip64=True) as target,
    ):
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


def _write_manifest(text, files):
    """The header, then the rows one at a time, then the counts and the file list."""
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "migrations": _applied_migrations(),
    }
    text.write(json.dumps(header, ensure_ascii=False)[:-1] + ',\n"objects": [\n')
    counts, first = {}, True
    for model in backed_up_models():
        rows = model._default_manager.order_by("pk")
        counts[model._meta.label] = 0
        for obj in serializers.serialize(
            "python",
            rows.iterator(),
            use_natural_foreign_keys=True,
            # Groups are matched by name: migrations already made the role groups.
            use_natural_primary_keys=model is Group,
        ):
            text.write(("" if first else ",\n") + _dumps(obj))
            counts[model._meta.label] += 1
            first = False
    text.write(f'\n],\n"counts": {_dumps(counts)},\n"files": {_dumps(files)}\n}}\n')
    return counts


def _dumps(value):
    return json.dumps(value, cls=_ExactJSONEncoder, ensure_ascii=False)


def database_is_empty():
    """True when no backed-up table has rows, the role groups that migrations make aside."""
    for model in backed_up_models():
        if model is Group:
            continue
        if model._default_manager.exists():
            return False
    return True


# ---- Reading and checking --------------------------------------------------------


@dataclasses.dataclass
class _Backup:
    """A backup read and checked, before anything is written: its header and rows
    (`payload`) and, per file name, how to read the file's bytes."""

    payload: dict
    files: dict = dataclasses.field(default_factory=dict)  # name -> callable returning a File


def _no_duplicate_keys(pairs):
    """object_pairs_hook: a key given twice would silently win over the first."""
    result = {}
    for key, value in pairs:
        if key in result:
            raise BackupError(
                _("备份文件有误：同一对象中键“%(key)s”出现了两次，拒绝恢复。") % {"key": key}
            )
        result[key] = value
    return result


def _load_json(data):
    try:
        return json.loads(data, object_pairs_hook=_no_duplicate_keys)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(
            _("备份文件无法读取（不是有效的 JSON）：%(error)s") % {"error": exc}
        ) from exc


def _check_header(payload, versions):
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise BackupError(_("这不是本系统的备份文件。"))
    version = payload.get("version")
    # Exactly an int: JSON's true and 2.0 compare equal to 1 and 2 in Python.
    if type(version) is not int or version not in versions:
        raise BackupError(
            _("备份文件格式版本 %(version)s 不受支持。") % {"version": json.dumps(version)}
        )


def _check_name(name):
    """A file name as the storage keeps it: relative, no "..", no empty part."""
    try:
        if not isinstance(name, str) or not name:
            raise SuspiciousFileOperation(name)
        validate_file_name(name, allow_relative_path=True)
    except SuspiciousFileOperation as exc:
        raise BackupError(_("备份中的文件名“%(name)s”不可用，拒绝恢复。") % {"name": name}) from exc
    if name.startswith(STAGING + "/"):
        raise BackupError(_("备份中的文件名“%(name)s”不可用，拒绝恢复。") % {"name": name})
    return name


def _read(stream):
    """Read and check a backup from a binary stream: a zip (version 3) or JSON (1, 2)."""
    head = stream.read(4)
    stream.seek(0)
    if head == b"PK\x03\x04":
        return _read_zip(stream)
    return _read_json(stream.read())


def _read_json(data):
    payload = _load_json(data)
    _check_header(payload, JSON_VERSIONS)
    files = payload.get("files", {})
    if not isinstance(files, dict):
        raise BackupError(_("备份文件内容有误：“files”不是对象。"))
    decoded = {}
    # Every file decoded before anything is written: a bad one changes nothing.
    for name, encoded in files.items():
        _check_name(name)
        try:
            decoded[name] = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError, TypeError) as exc:
            raise BackupError(_("备份中的文件“%(name)s”已损坏。") % {"name": name}) from exc
    return _Backup(
        payload,
        {name: partial(ContentFile, content) for name, content in decoded.items()},
    )


def _read_zip(stream):
    try:
        archive = zipfile.ZipFile(stream)
        entries = archive.infolist()
        entry_names = [entry.filename for entry in entries]
        if len(set(entry_names)) != len(entry_names):
            raise BackupError(_("备份文件有误：压缩包中有重名的条目，拒绝恢复。"))
        if MANIFEST not in entry_names:
            raise BackupError(_("这不是本系统的备份文件。"))
        payload = _load_json(archive.read(MANIFEST))
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BackupError(_("备份压缩包已损坏：%(error)s") % {"error": exc}) from exc
    _check_header(payload, ZIP_VERSIONS)
    listed = payload.get("files")
    if not isinstance(listed, list):
        raise BackupError(_("备份文件内容有误：缺少文件清单。"))
    by_name = {entry.filename: entry for entry in entries}
    files = {}
    for item in listed:
        if not isinstance(item, dict) or set(item) != {"name", "size", "sha256"}:
            raise BackupError(_("备份文件内容有误：文件清单的条目格式不对。"))
        name = _check_name(item["name"])
        entry = by_name.get(FILES_PREFIX + name)
        if name in files:
            raise BackupError(_("备份文件有误：文件“%(name)s”列出了两次。") % {"name": name})
        if entry is None or type(item["size"]) is not int or entry.file_size != item["size"]:
            raise BackupError(_("备份中的文件“%(name)s”缺失或大小与清单不符。") % {"name": name})
        files[name] = partial(_CheckedEntry, archive, entry, item["sha256"])
    unlisted = sorted(set(entry_names) - {MANIFEST} - {FILES_PREFIX + n for n in files})
    if unlisted:
        raise BackupError(
            _("备份压缩包中有清单之外的条目：%(names)s，拒绝恢复。")
            % {"names": "、".join(unlisted[:5])}
        )
    return _Backup(payload, files)


class _CheckedEntry(File):
    """A file of the zip, read in chunks; its size and SHA-256 are checked as the last
    chunk is read, so a damaged file fails while it is still only staged."""

    def __init__(self, archive, entry, sha256):
        super().__init__(archive.open(entry), name=entry.filename)
        self.entry, self.expected, self.digest, self.read_size = entry, sha256, hashlib.sha256(), 0

    @property
    def size(self):
        return self.entry.file_size

    def chunks(self, chunk_size=None):
        try:
            while chunk := self.file.read(chunk_size or CHUNK):
                self.digest.update(chunk)
                self.read_size += len(chunk)
                if self.read_size > self.entry.file_size:
                    break
                yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise self._damaged() from exc
        finally:
            self.file.close()
        if self.read_size != self.entry.file_size or self.digest.hexdigest() != self.expected:
            raise self._damaged()

    def _damaged(self):
        name = self.entry.filename.removeprefix(FILES_PREFIX)
        return BackupError(_("备份中的文件“%(name)s”已损坏（校验不符）。") % {"name": name})


def _referenced_names(objects):
    """The file names the backup's own rows point at."""
    file_fields = _file_fields()
    names = set()
    for obj in objects if isinstance(objects, list) else ():
        if not isinstance(obj, dict) or not isinstance(obj.get("fields"), dict):
            continue  # the deserializer reports a damaged row
        for field_name in file_fields.get(str(obj.get("model")).lower(), ()):
            if value := obj["fields"].get(field_name):
                names.add(value)
    return names


def _check_files_match_rows(backup):
    """Only files some row points at, and every file a row points at."""
    referenced = _referenced_names(backup.payload.get("objects"))
    unreferenced = sorted(set(backup.files) - referenced)
    if unreferenced:
        raise BackupError(
            _missing_files_message(
                unreferenced,
                _("备份中有 %(n)s 个文件没有任何记录引用：%(names)s，拒绝恢复。"),
            )
        )
    missing = sorted(str(name) for name in referenced - set(backup.files))
    if missing:
        raise BackupError(
            _missing_files_message(
                missing,
                _(
                    "备份缺少 %(n)s 个记录引用的文件：%(names)s。这是不含文件的旧格式"
                    "（版本 1）备份，或文件被改动过；未恢复任何数据。"
                ),
            )
        )


def _check_migrations(payload):
    """A backup made by newer code than this may hold fields this database lacks."""
    here = {tuple(m) for m in _applied_migrations()}
    missing = sorted(tuple(m) for m in payload["migrations"] if tuple(m) not in here)
    if missing:
        names = "、".join(f"{app}.{name}" for app, name in missing[:5])
        raise BackupError(
            _("备份来自较新的版本，本数据库缺少迁移：%(names)s。请先升级程序并执行 migrate。")
            % {"names": names}
        )


# ---- Restoring -------------------------------------------------------------------


def _wipe(models):
    """Delete every row of `models` and of their many-to-many tables (users' groups...).

    Plain DELETEs, children first; foreign keys are checked at commit. (PostgreSQL
    refuses TRUNCATE on a table with rows written earlier in the same transaction.)
    """
    tables = []
    for model in reversed(models):
        tables += [
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        tables.append(model._meta.db_table)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


@contextlib.contextmanager
def _as_backup_error():
    """A damaged or hand-edited file is a BackupError saying so, never a traceback."""
    try:
        yield
    except BackupError:
        raise
    except (
        LookupError,
        TypeError,
        ValueError,
        AttributeError,
        DjangoValidationError,
        DatabaseError,
        serializers.base.DeserializationError,
    ) as exc:
        raise BackupError(
            _("备份文件内容有误，未恢复任何数据：%(error)s") % {"error": exc}
        ) from exc


def backup_restore(stream, replace=False):
    """Load a backup from a binary stream; refuses a database with data unless `replace`,
    which empties it first. Returns {model label: rows}.

    All or nothing: any error leaves the database and the stored files as they were. A
    damaged or hand-edited file (a missing section, a row of an unknown model, a
    reference to a row the file lacks, a file no row points at or a row whose file is
    missing, a key or a row given twice) is a BackupError saying so, never a traceback.
    """
    token = uuid.uuid4().hex
    staged = {}  # name -> temporary name in the storage
    swapped = []
    try:
        with _as_backup_error():
            backup = _read(stream)
            _check_migrations(backup.payload)
            _check_files_match_rows(backup)
            for name, opener in sorted(backup.files.items()):
                staged[name] = _stage(f"{STAGING}/{token}/{name}", opener())
            with transaction.atomic():
                counts, before = _restore_rows(backup.payload, replace)
                obsolete = sorted(set(before) - set(backup.files))
                # Files change only once the rows are committed; callbacks run after
                # the outermost transaction commits, never after a rollback.
                transaction.on_commit(
                    partial(_swap_in, token, staged, obsolete, swapped), robust=False
                )
    except BaseException:
        if not swapped:
            _discard(token, staged)
        raise
    return counts


def _stage(temporary, content):
    saved = default_storage.save(temporary, content)
    if saved != temporary:
        default_storage.delete(saved)
        raise BackupError(_("文件“%(name)s”无法暂存。") % {"name": temporary})
    return saved


def _swap_in(token, staged, obsolete, swapped):
    """After commit: each staged file replaces the stored one of its name; the files of
    rows the restore replaced and the backup lacks are deleted."""
    swapped.append(True)
    for name, temporary in staged.items():
        _move(temporary, name)
    for name in obsolete:
        default_storage.delete(name)
    _remove_staging_folder(token)


def _move(temporary, name):
    try:
        source, target = default_storage.path(temporary), default_storage.path(name)
    except NotImplementedError:  # a storage without local paths: copy, then delete
        default_storage.delete(name)
        with default_storage.open(temporary, "rb") as content:
            saved = default_storage.save(name, content)
        default_storage.delete(temporary)
        if saved != name:
            raise BackupError(_("文件“%(name)s”无法按原名恢复。") % {"name": name}) from None
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(source, target)  # atomic: the old file until the new one is in place


def _discard(token, staged):
    for temporary in staged.values():
        default_storage.delete(temporary)
    _remove_staging_folder(token)


def _remove_staging_folder(token):
    try:
        folder = default_storage.path(f"{STAGING}/{token}")
    except NotImplementedError:
        return  # object stores have no folders to leave behind
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        os.rmdir(os.path.dirname(folder))  # "restoring/" itself, once empty


def _restore_rows(payload, replace):
    """Load the rows; returns ({model label: rows}, the file names of the rows replaced)."""
    models = backed_up_models()
    before = []
    if replace:
        before = stored_file_names()
        _wipe(models)
    elif not database_is_empty():
        raise BackupError(
            _("数据库中已有数据，拒绝恢复。确认要用备份替换全部数据时请加 --replace。")
        )

    counts = {}
    deferred = []
    seen = set()
    for obj in serializers.deserialize(
        "python", payload["objects"], handle_forward_references=True
    ):
        label = obj.object._meta.label
        key = (label, obj.object.pk)
        if obj.object.pk is not None and key in seen:
            # The second would silently overwrite the first.
            raise BackupError(
                _("备份文件有误：记录 %(label)s #%(pk)s 出现了两次，拒绝恢复。")
                % {"label": label, "pk": obj.object.pk}
            )
        seen.add(key)
        obj.save()  # a raw save: no signals, so no new history rows
        if obj.deferred_fields:
            deferred.append(obj)
        counts[label] = counts.get(label, 0) + 1
    for obj in deferred:
        obj.save_deferred_fields()
    # Foreign keys are checked at commit; check them now, while a bad reference can
    # still be reported as a fault of the file.
    connection.check_constraints()

    # PostgreSQL sequences must continue after the restored ids.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)

    expected = {label: n for label, n in payload.get("counts", {}).items() if n}
    if counts != expected:
        raise BackupError(
            _("备份文件不完整：记录数与文件头不符（%(expected)s / %(loaded)s）。")
            % {"expected": expected, "loaded": counts}
        )
    return counts, before
