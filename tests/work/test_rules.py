"""The pure rules of work progress and policy applications, as tables."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from work.models import WorkStatus
from work.rules import (
    STATUSES_NEEDING_REASON,
    plan_year_errors,
    validate_policy_application,
    validate_work_progress,
)

TODAY = datetime.date(2026, 12, 4)
PLAN = {"first_year": 2021, "last_year": 2023, "today": TODAY}


def test_exactly_the_last_three_statuses_need_a_reason():
    assert STATUSES_NEEDING_REASON == {"进度滞后", "已调整", "已停止"}


@pytest.mark.parametrize(
    "status, reason, ok",
    [
        (WorkStatus.NOT_STARTED, "", True),
        (WorkStatus.IN_PROGRESS, "", True),
        (WorkStatus.COMPLETED, "", True),
        (WorkStatus.BEHIND, "", False),
        (WorkStatus.BEHIND, "   ", False),
        (WorkStatus.BEHIND, "用地未落实", True),
        (WorkStatus.ADJUSTED, "", False),
        (WorkStatus.ADJUSTED, "并入 5.2", True),
        (WorkStatus.STOPPED, None, False),
        (WorkStatus.STOPPED, "政策取消", True),
    ],
)
def test_a_status_needing_a_reason_is_refused_without_one(status, reason, ok):
    call = lambda: validate_work_progress(year=2022, status=status, reason=reason, **PLAN)  # noqa: E731
    if ok:
        assert call() is None
    else:
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert excinfo.value.message_dict["reason"] == [f"状态为“{status}”时必须填写原因。"]


@pytest.mark.parametrize(
    "percent, expected",
    [
        (None, None),
        ("", None),
        ("0", Decimal("0")),
        ("100", Decimal("100")),
        ("42.5", Decimal("42.5")),
        ("-1", "须在 0 到 100 之间"),
        ("100.01", "须在 0 到 100 之间"),
        ("12.345", "最多 2 位小数"),
        ("四十", "不是数字"),
    ],
)
def test_completion_percent_lies_in_0_to_100(percent, expected):
    call = lambda: validate_work_progress(  # noqa: E731
        year=2022, status=WorkStatus.IN_PROGRESS, completion_percent=percent, **PLAN
    )
    if expected is None or isinstance(expected, Decimal):
        assert call() == expected
    else:
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert expected in excinfo.value.message_dict["completion_percent"][0]


def test_an_unknown_status_is_refused_by_name():
    with pytest.raises(ValidationError) as excinfo:
        validate_work_progress(year=2022, status="差不多", **PLAN)
    assert "状态“差不多”无效" in excinfo.value.message_dict["status"][0]


@pytest.mark.parametrize(
    "year, today, problem",
    [
        (2020, TODAY, "不在规划期（2021—2023 年）内"),
        (2021, TODAY, None),
        (2023, TODAY, None),
        (2024, TODAY, "不在规划期（2021—2023 年）内"),
        (2022, datetime.date(2021, 6, 1), "不能填报未来年份"),
        (2021, datetime.date(2021, 6, 1), None),
    ],
)
def test_the_year_is_one_of_the_plans_years_and_not_in_the_future(year, today, problem):
    problems = plan_year_errors(year, 2021, 2023, today)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


@pytest.mark.parametrize(
    "applied, funds, enterprises, field, expected",
    [
        (True, "1,250.5", "12", None, (Decimal("1250.5"), 12)),
        (True, None, None, None, (None, None)),
        (True, "0", "0", None, (Decimal("0"), 0)),
        (False, None, None, None, (None, None)),
        (False, "0", "0", None, (Decimal("0"), 0)),
        (True, "-1", None, "funds", "不能为负数"),
        (True, "一百", None, "funds", "不是数字"),
        (True, None, "-3", "enterprises", "不能为负数"),
        (True, None, "2.5", "enterprises", "须为整数"),
        (False, "10", None, "applied", "未兑现的政策"),
        (False, None, "3", "applied", "未兑现的政策"),
    ],
)
def test_policy_application_amounts(applied, funds, enterprises, field, expected):
    call = lambda: validate_policy_application(  # noqa: E731
        year=2022, applied=applied, funds=funds, enterprises=enterprises, **PLAN
    )
    if field is None:
        assert call() == expected
    else:
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert expected in excinfo.value.message_dict[field][0]


def test_policy_application_year_outside_the_plan_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_policy_application(year=2024, applied=True, **PLAN)
    assert "不在规划期" in excinfo.value.message_dict["year"][0]
