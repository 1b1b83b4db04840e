"""The rules a yearly figure of an indicator must satisfy, written once for every path.

Pure functions, no database: the caller fetches what a rule needs (last year's value,
today's date) and passes it in. Errors are `ValidationError({field: [message]})` with a
Chinese message that names the field and says what is wrong, so a form, an import
preview and an API response can all show them as they are.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.numbers import format_decimal, is_whole, to_decimal
from core.records import year_errors

# The plan's baseline year (Annex 2 "2020年"); the first year figures can be entered
# for is the one after it. Indicators carry their own baseline year; project progress
# and platforms have none, so they use this.
PLAN_BASELINE_YEAR = 2020

COUNT_UNITS = frozenset({"次", "家", "个", "项"})
MONEY_UNITS = frozenset({"亿元", "万元"})
PERCENT_UNIT = "%"

# Far outside the range: more than this many times the target …
OUTLIER_TARGET_FACTOR = 3
# … or below this share of last year's value (a fall of more than half).
OUTLIER_FALL_SHARE = Decimal("0.5")


def counts_whole_things(indicator):
    """True when the indicator counts whole things (企业数（家）), so its values are integers.

    A count unit alone is not enough: 每万人口发明专利拥有量（项） is a rate (18.09 in
    2020), which its own plan figures show; only whole baseline and target make it a count.
    """
    return (
        indicator.unit in COUNT_UNITS
        and is_whole(indicator.baseline_value)
        and is_whole(indicator.target_value)
    )


def unit_errors(value, unit, label, whole=True):
    """Messages for a value that its unit rules out (count, money, percentage).

    `whole=False` relaxes the integer rule of a count unit for a rate (see
    counts_whole_things); it still may not be negative.
    """
    if unit in COUNT_UNITS:
        if value < 0:
            return [_("%(label)s不能为负数。") % {"label": label}]
        if whole and not is_whole(value):
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
    """Why `value` lies far outside the indicator's range, naming the limit it crosses,
    or "" when it does not."""
    target = indicator.target_value
    if target > 0 and value > target * OUTLIER_TARGET_FACTOR:
        return _("超过上限 %(limit)s（目标值 %(target)s 的 %(factor)s 倍）") % {
            "limit": format_decimal(target * OUTLIER_TARGET_FACTOR),
            "target": format_decimal(target),
            "factor": OUTLIER_TARGET_FACTOR,
        }
    if previous_value is not None and previous_value > 0:
        if value < previous_value * OUTLIER_FALL_SHARE:
            return _("低于下限 %(limit)s（上年 %(previous)s 的一半），下降一半以上") % {
                "limit": format_decimal(previous_value * OUTLIER_FALL_SHARE),
                "previous": format_decimal(previous_value),
            }
    return ""


def confirms(number, confirmed_values):
    """True when one of `confirmed_values` (typed text, cell values, Decimals; None and
    unreadable ones confirm nothing) is `number`.

    The confirmation of an outlier names the value it confirms, so it cannot outlive
    it: a note or a tick given for 9000 does not let 999999 through later.
    """
    for confirmed in confirmed_values:
        if confirmed is None or confirmed == "":
            continue
        try:
            if to_decimal(confirmed) == number:
                return True
        except ValidationError:
            continue
    return False


@dataclass(frozen=True)
class CheckedActual:
    value: Decimal
    flagged: bool  # far outside the range, accepted because the person confirmed it


def validate_actual(
    indicator, year, value, note="", previous_value=None, today=None, confirmed_values=()
):
    """Check one yearly figure of `indicator`; return the parsed value and its flag.

    `value` may be typed text, an Excel cell value or a Decimal. `previous_value` is
    last year's actual, if any. A value far outside the range is accepted only with a
    note saying why and a confirmation of that very value among `confirmed_values`
    (what the person confirmed in this save: 确认异常值; or the stored figure, when it
    was confirmed before and keeps its value). Raises ValidationError({field: [message]}).
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
    flagged = False  # pragma: no mutate (never returned: unit problems raise below)
    if not value_problems:
        reason = outlier_reason(indicator, number, previous_value)
        if reason and not ((note or "").strip() and confirms(number, confirmed_values)):
            value_problems = [
                ValidationError(
                    _(
                        "实际值 %(value)s %(reason)s，明显超出常规范围：如确认无误，"
                        "请在“说明”中写明原因，并在“确认异常值”处确认 %(value)s 这个数值"
                        "后再保存（以前的说明或确认不适用于新填的数值）。"
                    )
                    % {"value": format_decimal(number), "reason": reason},
                    code="outlier_unconfirmed",
                )
            ]
        flagged = bool(reason)
    if value_problems:
        errors["value"] = value_problems
    if errors:
        raise ValidationError(errors)
    return CheckedActual(value=number, flagged=flagged)
