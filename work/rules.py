"""The rules a year's progress of a task or item, and a year's application of a policy,
must satisfy: written once for every path. Pure functions, no database (the caller
passes the plan's years and today's date); errors are `ValidationError({field: [message]})`
with a Chinese message, as in indicators/rules.py.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.numbers import to_decimal
from indicators.rules import PERCENT_UNIT, unit_errors

from .models import WorkStatus

# A task or item that is behind, was adjusted or was stopped: the unit says why.
STATUSES_NEEDING_REASON = frozenset({WorkStatus.BEHIND, WorkStatus.ADJUSTED, WorkStatus.STOPPED})


def plan_year_errors(year, first_year, last_year, today=None):
    """Messages for a year of the plan's work: one of the plan's years, not in the future."""
    today = today or datetime.date.today()
    if not first_year <= year <= last_year:
        return [
            _("年份 %(year)s 不在规划期（%(first)s—%(last)s 年）内。")
            % {"year": year, "first": first_year, "last": last_year}
        ]
    if year > today.year:
        return [
            _("年份 %(year)s 无效：不能填报未来年份（今年是 %(now)s 年）。")
            % {"year": year, "now": today.year}
        ]
    return []


def reason_errors(status, reason):
    """A status that needs a reason without one."""
    if status in STATUSES_NEEDING_REASON and not (reason or "").strip():
        return [_("状态为“%(status)s”时必须填写原因。") % {"status": WorkStatus(status).label}]
    return []


def _percent(value, errors):
    if value in (None, ""):
        return None
    label = _("完成进度")
    try:
        percent = to_decimal(value, label)
    except ValidationError as error:
        errors["completion_percent"] = error.messages
        return None
    problems = unit_errors(percent, PERCENT_UNIT, label)
    if not problems and percent.as_tuple().exponent < -2:
        problems = [_("完成进度最多 2 位小数。")]
    if problems:
        errors["completion_percent"] = problems
    return percent


def validate_work_progress(
    *, year, first_year, last_year, status, reason="", completion_percent=None, today=None
):
    """Check one year's progress of a task or item; return the completion % (a Decimal
    or None). The year is one of the plan's years and not in the future; the status is
    one of WorkStatus, with a reason when it needs one; the % lies in 0..100."""
    errors = {}
    year_problems = plan_year_errors(year, first_year, last_year, today)
    if year_problems:
        errors["year"] = year_problems
    if status not in WorkStatus.values:
        errors["status"] = [
            _("状态“%(status)s”无效：应为 %(choices)s 之一。")
            % {"status": status, "choices": "、".join(WorkStatus.values)}
        ]
    else:
        problems = reason_errors(status, reason)
        if problems:
            errors["reason"] = problems
    percent = _percent(completion_percent, errors)
    if errors:
        raise ValidationError(errors)
    return percent


def _whole_count(value, errors):
    if value in (None, ""):
        return None
    label = _("惠及企业数")
    try:
        number = to_decimal(value, label)
    except ValidationError as error:
        errors["enterprises"] = error.messages
        return None
    problems = unit_errors(number, "家", label)
    if problems:
        errors["enterprises"] = problems
        return None
    return int(number)


def validate_policy_application(
    *, year, first_year, last_year, applied, funds=None, enterprises=None, today=None
):
    """Check one year's application of a policy; return (funds, enterprises): 万元 as a
    Decimal not below zero, a whole number of enterprises not below zero, each or None.
    A policy not applied that year has no funds paid and no enterprises reached."""
    errors = {}
    year_problems = plan_year_errors(year, first_year, last_year, today)
    if year_problems:
        errors["year"] = year_problems
    amount = None
    if funds not in (None, ""):
        label = _("兑现资金")
        try:
            amount = to_decimal(funds, label)
            problems = unit_errors(amount, "万元", label)
            if problems:
                errors["funds"] = problems
        except ValidationError as error:
            errors["funds"] = error.messages
    count = _whole_count(enterprises, errors)
    if not applied and ((amount or 0) > 0 or (count or 0) > 0):
        errors["applied"] = [_("未兑现的政策不应填写兑现资金或惠及企业数；请核对“是否兑现”。")]
    if errors:
        raise ValidationError(errors)
    return amount, count
