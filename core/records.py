"""The write protocol of yearly records (an indicator's actual, a project's progress).

Every kind of record a base manager enters for a year is written the same way, whether
from the admin, the entry screen, an Excel import or the API: the user may add or change
it, its year is not locked, nobody else saved it since the user read it (the optimistic
version check), and one owner has one record per year. The domain apps describe their
record with a `YearlyRecord` and say how a year is locked; this module knows no model.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .numbers import format_decimal
from .people import display_name, local_time


class StaleEditError(ValidationError):
    """Someone else saved (or deleted) the record after this edit was started."""

    def __init__(self, current, value_label, value=None):
        # `current` is the row as stored now, or None when it was deleted meanwhile.
        self.current = current
        if current is None:
            message = _("这条数据已被他人删除，你的修改未保存。请刷新页面后重新填报。")
        else:
            message = _(
                "这条数据已由 %(who)s 于 %(when)s 填报为 %(label)s %(value)s（第 %(version)s 版）。"
                "你的修改基于较早的版本或当时尚无这条数据，未保存。请查看最新值后重新填报。"
            ) % {
                "who": display_name(current.entered_by),
                "when": local_time(current.updated_at),
                "label": value_label,
                "value": format_decimal(value),
                "version": current.version,
            }
        super().__init__({NON_FIELD_ERRORS: [ValidationError(message, code="stale_edit")]})


# One limit for the free text of a yearly record (note, evidence), on every path: the
# entry screen, the admin, the Excel import and the API all end in the services, which
# refuse longer text. Pages and workbooks show these texts in full.
TEXT_MAX_LENGTH = 2000
# Why a record changed (a figure of a year under review, an unlock) goes into the change
# history, whose column (django-simple-history's history_change_reason) holds 100
# characters: PostgreSQL refuses more, so the services refuse it first, with a message.
CHANGE_REASON_MAX_LENGTH = 100


def check_change_reason(reason, field="reason"):
    """Raise ValidationError({field: [message]}) for a reason the history cannot hold."""
    if reason and len(reason) > CHANGE_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                field: [
                    _("原因过长（%(length)s 字）：最多 %(limit)s 字。")
                    % {"length": len(reason), "limit": CHANGE_REASON_MAX_LENGTH}
                ]
            }
        )


def check_text_lengths(texts):
    """Raise ValidationError({field: [message]}) for any text over TEXT_MAX_LENGTH;
    `texts` maps a field to (label, text or None)."""
    errors = {
        field: [
            _("%(label)s过长（%(length)s 字）：最多 %(limit)s 字。")
            % {"label": label, "length": len(text), "limit": TEXT_MAX_LENGTH}
        ]
        for field, (label, text) in texts.items()
        if text is not None and len(text) > TEXT_MAX_LENGTH
    }
    if errors:
        raise ValidationError(errors)


def require_permission(user, perm, message):
    """Raise PermissionDenied(message) unless `user` has `perm` (app_label.codename)."""
    if user is None or not user.is_active or not user.has_perm(perm):
        raise PermissionDenied(message)


def year_errors(year, first_year, today=None, label=None):
    """Messages for a record's year: after the baseline year and not in the future."""
    label = label or _("年份")
    today = today or datetime.date.today()
    if year < first_year:
        return [
            _("%(label)s %(year)s 无效：只能填报基期（%(base)s 年）之后的年份。")
            % {"label": label, "year": year, "base": first_year - 1}
        ]
    if year > today.year:
        return [
            _("%(label)s %(year)s 无效：不能填报未来年份（今年是 %(now)s 年）。")
            % {"label": label, "year": year, "now": today.year}
        ]
    return []


@dataclass(frozen=True)
class YearlyRecord:
    """One type of yearly record and what its messages call things."""

    model: type
    owner_field: str  # the record belongs to one owner per year: "indicator", "project"
    value_field: str  # the figure a stale-edit message quotes
    value_label: str
    check_unlocked: Callable  # (year) -> None, raises when the year is locked
    add_denied: str
    change_denied: str
    delete_denied: str
    taken: str  # "%(name)s %(year)s already has a record" message

    def permission(self, action):
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    def stale(self, current):
        value = None if current is None else getattr(current, self.value_field)
        return StaleEditError(current, self.value_label, value)


def stored_for_write(record, *, user, owner, year, row, expected_version):
    """The stored record this write changes (None for a new one), locked for update.

    Raises unless: the record the user edited still exists at the version they saw (with
    no `row` and an `expected_version`, they saw one that is gone now), they may add or
    change it, neither its stored year nor the new year is locked, and no other record
    holds the new (owner, year). Call it inside the write's transaction.
    """
    slot = {record.owner_field: owner, "year": year}
    if row is not None:
        if expected_version is None:
            expected_version = row.version
        # select_for_update serialises concurrent saves of one row on PostgreSQL.
        current = record.model.objects.select_for_update().filter(pk=row.pk).first()
        if current is None:
            raise record.stale(None)
    else:
        current = record.model.objects.select_for_update().filter(**slot).first()
        if current is None and expected_version is not None:
            raise record.stale(None)  # the record the user saw was deleted meanwhile

    if current is None:
        require_permission(user, record.permission("add"), record.add_denied)
    else:
        require_permission(user, record.permission("change"), record.change_denied)
        record.check_unlocked(current.year)
        if current.version != expected_version:
            raise record.stale(current)
    record.check_unlocked(year)

    moved = current is not None and (
        getattr(current, f"{record.owner_field}_id"),
        current.year,
    ) != (owner.pk, year)
    if moved and record.model.objects.filter(**slot).exists():
        raise ValidationError({"year": [record.taken % {"name": owner.name, "year": year}]})
    return current


def stamp(row, current, user):
    """Mark `row` as entered by `user`: the next version, and the user for the history."""
    row.entered_by = user
    row.version = 1 if current is None else current.version + 1
    row._history_user = user
    return row


def save_checked(record, row):
    """Save a row `stored_for_write` allowed. Two parallel creates of one (owner, year)
    both find no row to lock; the database's unique constraint lets one through and the
    other is refused as a stale edit naming the winner's figure (the API answers 409)."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        owner_id = getattr(row, f"{record.owner_field}_id")
        winner = record.model.objects.filter(
            **{f"{record.owner_field}_id": owner_id, "year": row.year}
        ).first()
        raise record.stale(winner) from None
    return row


def delete_checked(record, *, user, row, expected_version=None):
    """Delete a record (history keeps it); refused on a locked year or a stale edit."""
    require_permission(user, record.permission("delete"), record.delete_denied)
    if expected_version is None:
        expected_version = row.version
    current = record.model.objects.select_for_update().filter(pk=row.pk).first()
    if current is None:
        raise record.stale(None)
    record.check_unlocked(current.year)
    if current.version != expected_version:
        raise record.stale(current)
    current._history_user = user
    current.delete()
