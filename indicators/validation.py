"""The rules a yearly figure must satisfy, written once for admin, import and API.

Pure functions, no database: the caller fetches what a rule needs (last year's value,
today's date) and passes it in. Errors are `ValidationError({field: [message]})` with a
Chinese message that names the field and says what is wrong, so a form, an import
preview and an API response can all show them as they are.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import DECIMAL_MAX_DIGITS, DECIMAL_PLACES

# The plan's baseline year (Annex 2 "2020年"); the first year figures can be entered
# for is the one after it. Indicators carry their own baseline year; project progress
# has none, so it uses this.
PLAN_BASELINE_YEAR = 2020

COUNT_UNITS = frozenset({"次", "家", "个", "项"})
MONEY_UNITS = frozenset({"亿元", "万元"})
PERCENT_UNIT = "%"

# Far outside the range: more than this many times the target …
OUTLIER_TARGET_FACTOR = 3
# … or below this share of last year's value (a fall of more than half).
OUTLIER_FALL_SHARE = Decimal("0.5")

MAX_INTEGER_DIGITS = DECIMAL_MAX_DIGITS - DECIMAL_PLACES

# Full-width forms typed with a Chinese input method, mapped to their ASCII twins.
# "。" (ideographic full stop) is deliberately absent: "1。5" is more likely a typo
# than a decimal point, so it is rejected rather than guessed.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
# Thousands separators only in their unambiguous form: groups of exactly three digits.
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def format_decimal(value):
    """A stored Decimal as people write it: 1762.0000 → "1762", 18.0900 → "18.09"."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def parse_decimal(text, label=None):
    """Read a number typed by a person: `１２３`, `1,762`, `1，762.5`, `-3`, `18.09`.

    Anything that could be misread is refused instead: `1,76` (a decimal comma?),
    `1.762.5`, `1e3`, `12%`, `一百`, more than four decimal places.
    `label` names the field in the message (default 数值).
    """
    label = label or _("数值")
    raw = "" if text is None else str(text)
    cleaned = raw.translate(_FULL_WIDTH).strip().replace("\u3000", "")
    if not cleaned:
        raise ValidationError(_("%(label)s不能为空。") % {"label": label}, code="required")
    if _PLAIN_NUMBER.fullmatch(cleaned):
        number = cleaned
    elif _GROUPED_NUMBER.fullmatch(cleaned):
        number = cleaned.replace(",", "")
    elif "," in cleaned:
        raise ValidationError(
            _("%(label)s“%(raw)s”无法确定含义：千位分隔符须每三位一组（如 1,762），小数点请用“.”。")
            % {"label": label, "raw": raw},
            code="ambiguous",
        )
    else:
        raise ValidationError(
            _("%(label)s“%(raw)s”不是数字：请只填阿拉伯数字和小数点，不带单位或百分号。")
            % {"label": label, "raw": raw},
            code="invalid",
        )
    return _check_digits(Decimal(number), label, raw)


def to_decimal(value, label=None):
    """A Decimal from typed text, an Excel cell (int/float) or a Decimal; see parse_decimal."""
    label = label or _("数值")
    if isinstance(value, bool):  # a TRUE/FALSE cell is not a number
        raise ValidationError(
            _("%(label)s“%(raw)s”不是数字。") % {"label": label, "raw": value}, code="invalid"
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(
                _("%(label)s“%(raw)s”不是数字。") % {"label": label, "raw": value},
                code="invalid",
            )
        return _check_digits(value, label, value)
    if isinstance(value, int):
        return _check_digits(Decimal(value), label, value)
    if isinstance(value, float):
        # str() gives the shortest repr, so 18.09 stays 18.09 rather than 18.0899999…
        return parse_decimal(str(value), label)
    return parse_decimal(value, label)


def _check_digits(number, label, raw):
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_PLACES:
        # Refuse rather than round: a rounded figure is a misread figure.
        raise ValidationError(
            _("%(label)s“%(raw)s”小数位过多：最多 %(places)s 位小数。")
            % {"label": label, "raw": raw, "places": DECIMAL_PLACES},
            code="max_decimal_places",
        )
    if abs(number) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        raise ValidationError(
            _("%(label)s“%(raw)s”过大：整数部分最多 %(digits)s 位。")
            % {"label": label, "raw": raw, "digits": MAX_INTEGER_DIGITS},
            code="max_digits",
        )
    return number


def year_errors(year, first_year, today=None, label=None):
    """Messages for a figure's year: after the baseline year and not in the future."""
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


def _whole(number):
    return number == number.to_integral_value()


def counts_whole_things(indicator):
    """True when the indicator counts whole things (企业数（家）), so its values are integers.

    A count unit alone is not enough: 每万人口发明专利拥有量（项） is a rate (18.09 in
    2020), which its own plan figures show; only whole baseline and target make it a count.
    """
    return (
        indicator.unit in COUNT_UNITS
        and _whole(indicator.baseline_value)
        and _whole(indicator.target_value)
    )


def unit_errors(value, unit, label, whole=True):
    """Messages for a value that its unit rules out (count, money, percentage).

    `whole=False` relaxes the integer rule of a count unit for a rate (see
    counts_whole_things); it still may not be negative.
    """
    if unit in COUNT_UNITS:
        if value < 0:
            return [_("%(label)s不能为负数。") % {"label": label}]
        if whole and not _whole(value):
            return [
                _("%(label)s以“%(unit)s”计，须为整数（填的是 %(value)s）。")
                % {"label": label, "unit": unit, "value": format_decimal(value)}
            ]
    elif unit in MONEY_UNITS:
        if value < 0:
            return [_("%(label)s（%(unit)s）不能为负数。") % {"label": label, "unit": unit}]
    elif unit == PERCENT_UNIT and not (0 <= value <= 100):
        return [
            _("%(label)s是百分比，须在 0 到 100 之间（填的是 %(value)s）。")
            % {"label": label, "value": format_decimal(value)}
        ]
    return []


def outlier_reason(indicator, value, previous_value=None):
    """Why `value` lies far outside the indicator's range, or "" when it does not."""
    target = indicator.target_value
    if target > 0 and value > target * OUTLIER_TARGET_FACTOR:
        return _("超过目标值（%(target)s）的 %(factor)s 倍") % {
            "target": format_decimal(target),
            "factor": OUTLIER_TARGET_FACTOR,
        }
    if previous_value is not None and previous_value > 0:
        if value < previous_value * OUTLIER_FALL_SHARE:
            return _("比上年（%(previous)s）下降一半以上") % {
                "previous": format_decimal(previous_value)
            }
    return ""


@dataclass(frozen=True)
class CheckedActual:
    value: Decimal
    flagged: bool  # far outside the range, accepted because the note confirms it


def validate_actual(indicator, year, value, note="", previous_value=None, today=None):
    """Check one yearly figure of `indicator`; return the parsed value and its flag.

    `value` may be typed text, an Excel cell value or a Decimal. `previous_value` is
    last year's actual, if any. Raises ValidationError({field: [message]}).
    """
    errors = {}
    label = _("实际值")
    year_problems = year_errors(year, indicator.baseline_year + 1, today)
    if year_problems:
        errors["year"] = year_problems
    try:
        number = to_decimal(value, label)
    except ValidationError as error:
        errors["value"] = error.messages
        raise ValidationError(errors) from None
    value_problems = unit_errors(
        number, indicator.unit, label, whole=counts_whole_things(indicator)
    )
    flagged = False
    if not value_problems:
        reason = outlier_reason(indicator, number, previous_value)
        if reason and not (note or "").strip():
            value_problems = [
                _(
                    "实际值 %(value)s %(reason)s，明显超出常规范围：如确认无误，"
                    "请在“说明”中写明原因后再保存。"
                )
                % {"value": format_decimal(number), "reason": reason}
            ]
        flagged = bool(reason)
    if value_problems:
        errors["value"] = value_problems
    if errors:
        raise ValidationError(errors)
    return CheckedActual(value=number, flagged=flagged)


def validate_project_progress(
    year, investment_completed, status, completion_percent=None, today=None
):
    """Check one year's progress of a project; return (investment, percent) as Decimals.

    Investment (万元) is not negative; the completion percent, when given, lies in
    0..100; the year is after the plan's baseline year and not in the future.
    """
    from projects.models import ProjectStatus  # projects depends on indicators, not back

    errors = {}
    year_problems = year_errors(year, PLAN_BASELINE_YEAR + 1, today)
    if year_problems:
        errors["year"] = year_problems
    investment = percent = None
    investment_label = _("当年完成投资")
    try:
        investment = to_decimal(investment_completed, investment_label)
        problems = unit_errors(investment, "万元", investment_label)
        if problems:
            errors["investment_completed"] = problems
    except ValidationError as error:
        errors["investment_completed"] = error.messages
    if status not in ProjectStatus.values:
        errors["status"] = [
            _("状态“%(status)s”无效：应为 %(choices)s 之一。")
            % {"status": status, "choices": "、".join(ProjectStatus.values)}
        ]
    if completion_percent not in (None, ""):
        percent_label = _("完成进度")
        try:
            percent = to_decimal(completion_percent, percent_label)
            problems = unit_errors(percent, PERCENT_UNIT, percent_label)
            if not problems and percent.as_tuple().exponent < -2:
                problems = [_("完成进度最多 2 位小数。")]
            if problems:
                errors["completion_percent"] = problems
        except ValidationError as error:
            errors["completion_percent"] = error.messages
    if errors:
        raise ValidationError(errors)
    return investment, percent
