"""Template filters of the pages of the plan's work."""

from django import template

from display.work import NOT_REPORTED, STATUS_SYMBOLS

register = template.Library()


@register.filter
def get_record(records, key):
    """`records[key]`, or None: a task's progress record of the year, if any."""
    return records.get(key)


@register.filter
def work_status_symbol(status):
    """The symbol of a stored status (display/work.py), ○ for 未填报."""
    return STATUS_SYMBOLS.get(status or NOT_REPORTED, STATUS_SYMBOLS[NOT_REPORTED])
