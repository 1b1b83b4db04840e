"""The rules of a project's yearly progress (projects/rules.py): pure, no database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects.rules import validate_project_progress

TODAY = datetime.date(2023, 6, 30)


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_project_progress_passes_and_returns_decimals():
    investment, percent = validate_project_progress(2022, "1,500.5", "在建", "45", today=TODAY)
    assert (investment, percent) == (Decimal("1500.5"), Decimal("45"))


def test_project_progress_percent_is_optional():
    assert validate_project_progress(2022, "0", "未开工", None, today=TODAY)[1] is None


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"investment_completed": "-1"}, "investment_completed", "负数"),
        ({"investment_completed": "1,50"}, "investment_completed", "千位分隔符"),
        ({"completion_percent": "101"}, "completion_percent", "0 到 100"),
        ({"completion_percent": "-1"}, "completion_percent", "0 到 100"),
        ({"completion_percent": "50.123"}, "completion_percent", "2 位小数"),
        ({"status": "完工"}, "status", "无效"),
        ({"year": 2020}, "year", "基期"),
        ({"year": 2024}, "year", "未来"),
    ],
)
def test_project_progress_rules(kwargs, field, fragment):
    args = {
        "year": 2022,
        "investment_completed": "100",
        "status": "在建",
        "completion_percent": "50",
    } | kwargs
    with pytest.raises(ValidationError) as excinfo:
        validate_project_progress(**args, today=TODAY)
    assert fragment in errors_of(excinfo)[field][0]
