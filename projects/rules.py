"""The rules one year's progress of a project must satisfy, written once for every path.

Pure, like indicators/rules.py, whose unit rules (万元 not negative, a percentage in
0..100) it applies. Raises `ValidationError({field: [message]})`.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.numbers import to_decimal
from core.records import year_errors
from indicators.rules import PERCENT_UNIT, PLAN_BASELINE_YEAR, unit_errors

from .models import ProjectStatus


def validate_project_progress(
    year, investment_completed, status, completion_percent=None, today=None
):
    """Check one year's progress of a project; return (investment, percent) as Decimals.

    Investment (万元) is not negative; the completion percent, when given, lies in
    0..100; the year is after the plan's baseline year and not in the future.
    """
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
