"""Template filters that show progress the same way the charts do (indicators/charts.py)."""

from django import template

from .. import charts

register = template.Library()


@register.filter
def status_colour(status):
    return charts.status_colour(status)


@register.filter
def status_symbol(status):
    return charts.status_symbol(status)


@register.filter
def plain_number(value):
    """2381.0000 → 2381, 18.0900 → 18.09; None → —."""
    return charts.plain_number(value)


@register.filter
def grouped_number(value):
    """1050000.0000 → 1,050,000."""
    return charts.plain_number(value, grouped=True)
