"""What fits the columns a new plan is stored in, read from the model fields themselves
(a text's `max_length`, a whole number's column range), so the draft, the import and
putting in force refuse the same input with a message, where PostgreSQL would fail with
a database error (varchar, smallint, CHECK) and SQLite would keep an over-long text.
"""

from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

from core.numbers import format_decimal

# The range every backend gives an integer column type (SQLite stores any integer, so
# the portable range is the one to check): PositiveSmallIntegerField is 0–32767.
_INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


def max_length(model, field_name):
    """The length of a text column, for a form's text box (the services check it too)."""
    return model._meta.get_field(field_name).max_length


def field_errors(model, field_name, value, label=None):
    """[message] when `value` does not fit `model.field_name`; [] when it does or is None.
    `label` names the input in the message (default: the field's verbose name)."""
    if value is None:
        return []
    field = model._meta.get_field(field_name)
    label = label or field.verbose_name
    if field.max_length is not None and len(str(value)) > field.max_length:
        return [
            _("“%(label)s”过长：最多 %(limit)s 个字，现有 %(length)s 个字。")
            % {"label": label, "limit": field.max_length, "length": len(str(value))}
        ]
    limits = _INTEGER_RANGES.get(field.get_internal_type())
    if limits and not limits[0] <= value <= limits[1]:
        return [
            _("“%(label)s”%(value)s 超出范围：应为 %(low)s 至 %(high)s 之间的整数。")
            % {"label": label, "value": format_decimal(value), "low": limits[0], "high": limits[1]}
        ]
    return []
