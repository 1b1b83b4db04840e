from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.services import ActualEntry, YearLockedError, actual_save, year_approve, year_unlock
from reporting.models import EventKind, IndicatorComment, ReportingEvent, ReportingState
from reporting.services import (
    reporting_due_date_set,
    reporting_figures_save,
    reporting_year_approve,
    reporting_year_return,
    reporting_year_state,
    reporting_year_submit,
    year_fingerprint,
)

from .conftest import fill_year


def test_a_year_starts_with_its_first_saved_figure(annexes, manager):
    assert reporting_year_state(2021) == ReportingState.NOT_STARTED
    fill_year(manager, 2021, skip=range(2, 14))
    assert reporting_year_state(2021) == ReportingState.IN_PROGRESS


def test_submit_is_refused_while_an_indicator_is_missing(annexes, manager):
    fill_year(manager, 2021, skip={3})
    with pytest.raises(ValidationError) as refused:
        reporting_year_submit(user=manager, year=2021)
    assert "还有 1 项指标未填报：3." in refused.value.messages[0]
    assert reporting_year_state(2021) == ReportingState.IN_PROGRESS
    assert not ReportingEvent.objects.exists()


def test_only_a_manager_submits_and_only_leadership_returns(filled_2021, leader, manager):
    with pytest.raises(PermissionDenied):
        reporting_year_submit(user=leader, year=2021)
    reporting_year_submit(user=manager, year=2021)
    with pytest.raises(PermissionDenied):
        reporting_year_return(user=manager, year=2021, reason="x")


def test_return_needs_a_reason_and_keeps_the_comments(filled_2021, manager, leader):
    reporting_year_submit(user=manager, year=2021)
    with pytest.raises(ValidationError) as refused:
        reporting_year_return(user=leader, year=2021, reason="  ")
    assert "退回原因" in refused.value.messages[0]
    assert reporting_year_state(2021) == ReportingState.SUBMITTED

    seven = Indicator.objects.get(serial=7)
    reporting_year_return(
        user=leader, year=2021, reason="第 7 项请核对", comments={seven: "与统计年鉴不符"}
    )
    assert reporting_year_state(2021) == ReportingState.RETURNED
    comment = IndicatorComment.objects.get()
    assert (comment.indicator, comment.text, comment.event.reason) == (
        seven,
        "与统计年鉴不符",
        "第 7 项请核对",
    )


def test_changing_a_returned_figure_needs_a_reason_which_goes_into_the_history(
    filled_2021, manager, leader
):
    reporting_year_submit(user=manager, year=2021)
    reporting_year_return(user=leader, year=2021, reason="核对")
    seven = Indicator.objects.get(serial=7)
    stored = IndicatorActual.objects.get(indicator=seven, year=2021)
    entry = ActualEntry(indicator=seven, value="19.6", expected_version=stored.version, key=7)
    with pytest.raises(ValidationError) as refused:
        reporting_figures_save(user=manager, year=2021, entries=[entry])
    assert "修改原因" in " ".join(refused.value.messages)
    stored.refresh_from_db()
    assert stored.value == seven.baseline_value  # nothing changed

    reporting_figures_save(user=manager, year=2021, entries=[entry], reason="按年鉴更正")
    stored.refresh_from_db()
    assert stored.value == Decimal("19.6")
    assert stored.history.first().history_change_reason == "按年鉴更正"


def test_other_paths_need_the_reason_too(filled_2021, manager):
    """The admin, the API and the import call indicators.services, which asks the rule."""
    reporting_year_submit(user=manager, year=2021)
    stored = IndicatorActual.objects.get(indicator__serial=7, year=2021)
    with pytest.raises(ValidationError) as refused:
        actual_save(user=manager, indicator=stored.indicator, year=2021, value="20", actual=stored)
    assert "reason" in refused.value.message_dict


def test_approving_a_submitted_year_locks_it(filled_2021, manager, leader):
    with pytest.raises(ValidationError):
        reporting_year_approve(  # not submitted yet
            user=leader, year=2021, fingerprint=year_fingerprint(2021)
        )
    reporting_year_submit(user=manager, year=2021)
    reporting_year_approve(user=leader, year=2021, fingerprint=year_fingerprint(2021))
    assert YearApproval.objects.for_year(2021).approved_by == leader
    assert reporting_year_state(2021) == ReportingState.APPROVED
    stored = IndicatorActual.objects.get(indicator__serial=1, year=2021)
    with pytest.raises(YearLockedError):
        actual_save(
            user=manager,
            indicator=stored.indicator,
            year=2021,
            value="1",
            actual=stored,
            reason="x",
        )
    kinds = list(ReportingEvent.objects.values_list("kind", flat=True))
    assert kinds == [EventKind.SUBMIT, EventKind.APPROVE]


def test_an_approval_or_unlock_elsewhere_shows_in_the_state(filled_2021, leader, sysadmin):
    year_approve(user=leader, year=2021)  # the admin's or the API's path
    assert reporting_year_state(2021) == ReportingState.APPROVED
    year_unlock(user=sysadmin, year=2021, reason="更正")
    assert reporting_year_state(2021) == ReportingState.IN_PROGRESS


def test_due_date_by_leadership_only(annexes, manager, leader):
    import datetime

    with pytest.raises(PermissionDenied):
        reporting_due_date_set(user=manager, year=2021, due_date=datetime.date(2022, 4, 30))
    with pytest.raises(ValidationError):
        reporting_due_date_set(user=leader, year=2021, due_date=datetime.date(2020, 4, 30))
    reporting_due_date_set(user=leader, year=2021, due_date=datetime.date(2022, 4, 30))
    assert ReportingEvent.objects.get().kind == EventKind.DUE_DATE


def test_a_year_outside_the_plan_is_refused(annexes, manager):
    entry = ActualEntry(indicator=Indicator.objects.get(serial=1), value="1", key=1)
    with pytest.raises(ValidationError) as refused:
        reporting_figures_save(user=manager, year=2019, entries=[entry])
    assert "不属于执行中或已结束的规划" in refused.value.messages[0]
