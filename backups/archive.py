"""Backing up the whole database to one JSON file and restoring it, all or nothing.

Everything users made is in the file: indicator definitions, yearly actuals, year
approvals, platforms, projects and their progress, every django-simple-history
table, the admin's change log, users, groups with their permissions, and API
tokens, and the files those rows point at (evidence files, kept in Django's default
storage), base64-encoded in the same JSON. Left out are rows that every migrated
database makes for itself
(content types, permissions) and transient state (sessions, login-throttling
records): see EXCLUDED.

References to content types, permissions and groups are written as natural keys
(app label and codename, group name), because their ids differ between databases.
All other rows keep their primary keys, so history rows still point at the same
ids. Datetimes keep their microseconds (Django's own JSON encoder would cut them
to milliseconds, and the history would no longer match to the row).
"""

import base64
import binascii
import datetime
import json

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT = "shuangchuang-backup"
FORMAT_VERSION = 2  # 2 added "files"; a version 1 backup (no files) still restores
READABLE_VERSIONS = {1, 2}

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


def stored_file_names():
    """The name of every file a backed-up row points at (FileFields: evidence files)."""
    names = set()
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                stored = model._default_manager.exclude(**{field.name: ""})
                names.update(stored.values_list(field.name, flat=True))
    return sorted(names)


def _files_payload():
    files = {}
    for name in stored_file_names():
        if not default_storage.exists(name):
            # A backup that silently lacks a file would be found out only at restore.
            raise BackupError(_("文件“%(name)s”在存储中不存在，备份未完成。") % {"name": name})
        with default_storage.open(name, "rb") as handle:
            files[name] = base64.b64encode(handle.read()).decode("ascii")
    return files


def _files_restore(files):
    """Write the backup's files back into the default storage under their own names."""
    for name, encoded in files.items():
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise BackupError(_("备份中的文件“%(name)s”已损坏。") % {"name": name}) from exc
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:
            raise BackupError(_("文件“%(name)s”无法按原名恢复。") % {"name": name})


def backup_write(stream):
    """Write the backup to a text stream; returns {model label: row count}."""
    counts = {}
    objects = []
    for model in backed_up_models():
        rows = model._default_manager.order_by("pk")
        counts[model._meta.label] = rows.count()
        objects.extend(
            serializers.serialize(
                "python",
                rows.iterator(),
                use_natural_foreign_keys=True,
                # Groups are matched by name: migrations already made the role groups.
                use_natural_primary_keys=model is Group,
            )
        )
    payload = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "migrations": _applied_migrations(),
        "counts": counts,
        "objects": objects,
        "files": _files_payload(),
    }
    json.dump(payload, stream, cls=_ExactJSONEncoder, ensure_ascii=False, indent=1)
    return counts


def database_is_empty():
    """True when no backed-up table has rows, the role groups that migrations make aside."""
    for model in backed_up_models():
        if model is Group:
            continue
        if model._default_manager.exists():
            return False
    return True


def _read(stream):
    try:
        payload = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(
            _("备份文件无法读取（不是有效的 JSON）：%(error)s") % {"error": exc}
        ) from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise BackupError(_("这不是本系统的备份文件。"))
    if payload.get("version") not in READABLE_VERSIONS:
        raise BackupError(
            _("备份文件格式版本 %(version)s 不受支持。") % {"version": payload.get("version")}
        )
    return payload


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


@transaction.atomic
def backup_restore(stream, replace=False):
    """Load a backup; refuses a database with data unless `replace`, which empties it first.

    All or nothing: any error leaves the database as it was. Returns {model label: rows}.
    A damaged or hand-edited file (a missing section, a row of an unknown model, a
    reference to a row the file lacks) is a BackupError saying so, never a traceback.
    """
    payload = _read(stream)
    try:
        return _restore(payload, replace)
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


def _restore(payload, replace):
    _check_migrations(payload)
    models = backed_up_models()
    if replace:
        _wipe(models)
    elif not database_is_empty():
        raise BackupError(
            _("数据库中已有数据，拒绝恢复。确认要用备份替换全部数据时请加 --replace。")
        )

    counts = {}
    deferred = []
    for obj in serializers.deserialize(
        "python", payload["objects"], handle_forward_references=True
    ):
        obj.save()  # a raw save: no signals, so no new history rows
        if obj.deferred_fields:
            deferred.append(obj)
        label = obj.object._meta.label
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
    # Last, once every row is in: a failure here still rolls the rows back.
    _files_restore(payload.get("files", {}))
    return counts
