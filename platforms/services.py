"""Writes of platform records: managers add platforms recognised after the plan and
mark platforms revoked; the Annex 3 rows keep their source text (only a system
administrator corrects it). History records who did what."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.records import require_permission, year_errors
from indicators.rules import PLAN_BASELINE_YEAR
from plans.models import Plan

from .models import Platform

# What Annex 3 says about a platform: kept as written.
SOURCE_FIELDS = ["serial", "name", "host_organisation", "platform_type", "level", "remark"]


def platform_errors(platform, stored, may_edit_source, today=None):
    """{field: [message]} for a platform about to be saved; `stored` is the row as it is
    in the database (None for a new one). Pure: no queries."""
    errors = {}
    if stored is not None and stored.from_source and not may_edit_source:
        changed = [f for f in SOURCE_FIELDS if getattr(platform, f) != getattr(stored, f)]
        for field in changed:
            errors[field] = [_("附件三所列平台的原文信息不能修改（如需更正，请联系系统管理员）。")]
    if stored is None and platform.serial is not None and not may_edit_source:
        errors["serial"] = [_("新增的是规划之后认定的平台，不填附件三序号。")]
    if not platform.from_source:
        if platform.recognised_year is None:
            errors["recognised_year"] = [_("认定年份不能为空：规划之后认定的平台须填写。")]
        else:
            problems = year_errors(
                platform.recognised_year, PLAN_BASELINE_YEAR + 1, today, label=_("认定年份")
            )
            if problems:
                errors["recognised_year"] = problems
    if platform.revoked and not (platform.revoked_note or "").strip():
        errors["revoked_note"] = [_("撤销说明不能为空：请写明撤销的文件或原因。")]
    return errors


def platform_prepare(*, user, platform, today=None):
    """Everything `platform_save` checks, without writing: the platform, ready to save."""
    stored = None
    if platform.pk:
        stored = Platform.objects.select_for_update().filter(pk=platform.pk).first()
    if stored is None:
        require_permission(user, "platforms.add_platform", _("你没有权限新增平台。"))
    else:
        require_permission(user, "platforms.change_platform", _("你没有权限修改平台。"))
    if platform.plan_id is None:
        # A platform recognised now belongs to the plan in force.
        platform.plan = Plan.objects.current()
    errors = platform_errors(platform, stored, may_edit_source=user.is_superuser, today=today)
    if errors:
        raise ValidationError(errors)
    platform._history_user = user
    return platform


@transaction.atomic
def platform_save(*, user, platform, today=None):
    """Save a new or changed platform (its fields already set); return it."""
    platform_prepare(user=user, platform=platform, today=today).save()
    return platform
