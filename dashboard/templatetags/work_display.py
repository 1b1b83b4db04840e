"""Template filters of the pages of the plan's work."""

from django import template

register = template.Library()


@register.filter
def get_record(records, key):
    """`records[key]`, or None: a task's progress record of the year, if any."""
    return records.get(key)
