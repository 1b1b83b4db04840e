"""Numbers as people type them and as people read them: the one parser and the one display.

Every figure is a Decimal, never a float. `to_decimal` reads what a person typed (or an
Excel cell held) and refuses what it cannot read unambiguously; `format_decimal` shows a
stored Decimal the way people write it.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import DECIMAL_MAX_DIGITS, DECIMAL_PLACES

MAX_INTEGER_DIGITS = DECIMAL_MAX_DIGITS - DECIMAL_PLACES

# Full-width forms typed with a Chinese input method, mapped to their ASCII twins.
# "。" (ideographic full stop) is deliberately absent: "1。5" is more likely a typo
# than a decimal point, so it is rejected rather than guessed.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
# [0-9], never \d: \d and Decimal() also take Arabic-Indic, Devanagari and other
# digits (`٢١٠٢` would be read as 2102), which nobody here types on purpose.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
# Thousands separators only in their unambiguous form: groups of exactly three digits.
_GROUPED_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_NUMBER_CHARACTERS = frozenset("0123456789.,+-")


def format_decimal(value, *, grouped=False, empty=""):
    """A stored Decimal as people write it: 1762.0000 → "1762", 18.0900 → "18.09".

    `grouped` adds thousands separators (1,050,000); `empty` is shown for None.
    """
    if value is None:
        return empty
    return format(Decimal(value).normalize(), ",f" if grouped else "f")


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
    stray = _stray_characters(cleaned)
    if stray:
        # Name the offending characters: "12,3x" is refused for the x, and a message
        # about thousands separators would send the person looking in the wrong place.
        raise ValidationError(
            _(
                "%(label)s“%(raw)s”不是数字：不允许 %(chars)s。"
                "请只填阿拉伯数字和小数点，不带单位或百分号。"
            )
            % {"label": label, "raw": raw, "chars": "、".join(stray)},
            code="invalid",
        )
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


def _stray_characters(cleaned):
    """The characters of `cleaned` no number may hold, each once, in the order typed."""
    stray = dict.fromkeys(c for c in cleaned if c not in _NUMBER_CHARACTERS)
    return [_("空格") if c.isspace() else f"“{c}”" for c in stray]


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
        # An Excel cell, not typed text: str() gives the shortest repr, so 18.09 stays
        # 18.09 rather than 18.0899999…, and 0.00001 ("1e-05") is a number with too
        # many decimals, not "not a number".
        return to_decimal(Decimal(str(value)), label)
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


def is_whole(number):
    """True for a Decimal without a fractional part (1762, 1762.0000)."""
    return number == number.to_integral_value()
