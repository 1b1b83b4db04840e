"""Template filters that show progress the same way the charts do (display/charts.py)."""

from django import template

from core.numbers import format_decimal
from indicators import palette

register = template.Library()


@register.filter
def status_colour(status):
    return palette.status_colour(status)


@register.filter
def status_text_colour(status):
    return palette.status_text_colour(status)


@register.filter
def status_symbol(status):
    return palette.status_symbol(status)


@register.filter
def plain_number(value):
    """2381.0000 → 2381, 18.0900 → 18.09; None → —."""
    return format_decimal(value, empty="—")


@register.filter
def grouped_number(value):
    """1050000.0000 → 1,050,000."""
    return format_decimal(value, grouped=True, empty="—")
