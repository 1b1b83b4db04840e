import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from core.records import TEXT_MAX_LENGTH, StaleEditError
from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.services import (
    ActualEntry,
    BatchError,
    YearLockedError,
    actual_delete,
    actual_save,
    actuals_save_many,
    check_year_unlocked,
    year_approve,
    year_unlock,
)


@pytest.fixture
def companies(annexes):
    """科技型企业数（家）: 1762 in 2020, 2381 in 2023."""
    return Indicator.objects.get(serial=3)


def save(user, indicator, year=2022, value="1900", **kwargs):
    return actual_save(user=user, indicator=indicator, year=year, value=value, **kwargs)


def test_manager_enters_a_figure(manager, companies):
    actual = save(manager, companies, value="1,900", note="统计局快报")
    actual.refresh_from_db()
    assert actual.value == Decimal("1900")
    assert actual.version == 1
    assert actual.entered_by == manager
    assert actual.flagged is False
    assert actual.history.get().history_user == manager


def test_each_save_increments_the_version_and_is_recorded(manager, companies):
    actual = save(manager, companies, value="1900")
    actual = save(manager, companies, value="1950", actual=actual, expected_version=1)
    assert actual.version == 2
    assert IndicatorActual.objects.get().value == Decimal("1950")
    values = [h.value for h in actual.history.order_by("history_date")]
    assert values == [Decimal("1900"), Decimal("1950")]


def test_stale_edit_is_refused_and_shows_the_newer_value(manager, companies, django_user_model):
    colleague = django_user_model.objects.create_user("colleague", first_name="李四")
    colleague.groups.set(manager.groups.all())
    save(manager, companies, value="1900")
    mine = IndicatorActual.objects.get()
    theirs = IndicatorActual.objects.get()
    save(colleague, companies, value="1950", actual=theirs)

    with pytest.raises(StaleEditError) as excinfo:
        save(manager, companies, value="1920", actual=mine)

    message = excinfo.value.messages[0]
    assert "1950" in message and "李四" in message
    stored = IndicatorActual.objects.get()
    assert (stored.value, stored.version, stored.entered_by) == (Decimal("1950"), 2, colleague)


def test_stale_version_number_is_refused_even_with_a_fresh_instance(manager, companies):
    actual = save(manager, companies, value="1900")
    save(manager, companies, value="1950", actual=actual, expected_version=1)
    fresh = IndicatorActual.objects.get()
    with pytest.raises(StaleEditError):
        save(manager, companies, value="1920", actual=fresh, expected_version=1)
    assert IndicatorActual.objects.get().value == Decimal("1950")


def test_creating_a_figure_someone_entered_meanwhile_is_a_stale_edit(manager, companies):
    save(manager, companies, value="1900")
    with pytest.raises(StaleEditError):
        save(manager, companies, value="1800")  # believes there is no figure yet
    assert IndicatorActual.objects.get().value == Decimal("1900")


def test_saving_a_figure_deleted_meanwhile_is_a_stale_edit(manager, companies):
    actual = save(manager, companies)
    IndicatorActual.objects.all().delete()
    with pytest.raises(StaleEditError) as excinfo:
        save(manager, companies, actual=actual)
    assert "删除" in excinfo.value.messages[0]
    assert not IndicatorActual.objects.exists()


def test_invalid_value_changes_nothing(manager, companies):
    actual = save(manager, companies, value="1900")
    with pytest.raises(ValidationError) as excinfo:
        save(manager, companies, value="-5", actual=actual)
    assert "value" in excinfo.value.message_dict
    stored = IndicatorActual.objects.get()
    assert (stored.value, stored.version) == (Decimal("1900"), 1)


def test_outlier_with_note_and_confirmation_is_saved_flagged(manager, companies):
    actual = save(
        manager, companies, value="8000", note="含新迁入企业，已核实", confirmed_value="8000"
    )
    assert actual.flagged is True


def test_an_old_note_does_not_let_a_new_outlier_through(manager, companies):
    """Issue 21: 999999 for 科技型企业数 was saved because the row already had a note."""
    actual = save(manager, companies, value="2000", note="统计局快报")
    with pytest.raises(ValidationError) as excinfo:
        save(manager, companies, value="999999", actual=actual)
    [message] = excinfo.value.message_dict["value"]
    assert "999999" in message and "7143" in message and "确认异常值" in message
    assert IndicatorActual.objects.get().value == Decimal("2000")


def test_a_confirmation_of_another_value_confirms_nothing(manager, companies):
    with pytest.raises(ValidationError):
        save(manager, companies, value="999999", note="已核实", confirmed_value="9000")
    assert not IndicatorActual.objects.exists()


def test_a_confirmed_outlier_keeps_its_confirmation_while_its_value_stays(manager, companies):
    actual = save(manager, companies, value="9000", note="已核实", confirmed_value="9000")
    # The note may be corrected without confirming again: the value is the one confirmed …
    actual = save(manager, companies, value="9000", note="已核实，含迁入企业", actual=actual)
    assert actual.flagged is True
    # … but another out-of-range value needs its own confirmation.
    with pytest.raises(ValidationError):
        save(manager, companies, value="9500", note="已核实，含迁入企业", actual=actual)


def test_fall_from_last_years_stored_value_needs_a_note(manager, companies):
    save(manager, companies, year=2021, value="1800")
    with pytest.raises(ValidationError) as excinfo:
        save(manager, companies, year=2022, value="800")
    assert "下降一半" in excinfo.value.message_dict["value"][0]


@pytest.fixture
def approved_2022(manager, leader, companies):
    save(manager, companies, year=2022, value="1900")
    return year_approve(user=leader, year=2022)


def test_locked_year_refuses_change_and_names_the_approver(manager, approved_2022, companies):
    actual = IndicatorActual.objects.get()
    with pytest.raises(YearLockedError) as excinfo:
        save(manager, companies, value="1950", actual=actual)
    message = excinfo.value.message_dict["year"][0]
    assert "leader" in message and "2022" in message and "审定" in message
    assert IndicatorActual.objects.get().value == Decimal("1900")


def test_locked_year_refuses_new_figures_and_deletes(manager, approved_2022, annexes):
    other = Indicator.objects.get(serial=4)
    with pytest.raises(YearLockedError):
        save(manager, other, value="200")
    with pytest.raises(YearLockedError):
        actual_delete(user=manager, actual=IndicatorActual.objects.get())
    assert IndicatorActual.objects.count() == 1


def test_even_an_administrator_must_unlock_before_changing(sysadmin, approved_2022, companies):
    actual = IndicatorActual.objects.get()
    with pytest.raises(YearLockedError):
        save(sysadmin, companies, value="1950", actual=actual)


def test_a_figure_cannot_be_moved_into_a_locked_year(manager, approved_2022, companies):
    actual = save(manager, companies, year=2021, value="1800")
    with pytest.raises(ValidationError):
        save(manager, companies, year=2022, value="1800", actual=actual)
    assert IndicatorActual.objects.get(pk=actual.pk).year == 2021


def test_unlock_needs_a_reason_and_then_figures_can_change(
    manager, sysadmin, approved_2022, companies
):
    with pytest.raises(ValidationError) as excinfo:
        year_unlock(user=sysadmin, year=2022, reason="  ")
    assert "reason" in excinfo.value.message_dict

    approval = year_unlock(user=sysadmin, year=2022, reason="统计局更正了快报数")
    assert (approval.unlocked_by, approval.unlock_reason) == (sysadmin, "统计局更正了快报数")
    assert approval.history.latest().history_change_reason == "统计局更正了快报数"
    assert YearApproval.objects.locked_years() == set()
    save(manager, companies, value="1950", actual=IndicatorActual.objects.get())
    assert IndicatorActual.objects.get().value == Decimal("1950")


def test_approving_twice_is_refused(leader, approved_2022):
    with pytest.raises(YearLockedError):
        year_approve(user=leader, year=2022)


def test_approving_a_year_without_figures_is_refused(leader, annexes):
    with pytest.raises(ValidationError) as excinfo:
        year_approve(user=leader, year=2021)
    assert "尚未填报" in excinfo.value.message_dict["year"][0]
    assert not YearApproval.objects.exists()


def test_unlocking_a_year_that_is_not_locked_is_refused(sysadmin, annexes):
    with pytest.raises(ValidationError):
        year_unlock(user=sysadmin, year=2022, reason="x")


def test_delete_is_recorded_with_its_user(manager, companies):
    actual = save(manager, companies)
    actual_delete(user=manager, actual=actual)
    assert not IndicatorActual.objects.exists()
    last = IndicatorActual.history.latest()
    assert (last.history_type, last.history_user) == ("-", manager)


def test_stale_delete_is_refused(manager, companies):
    actual = save(manager, companies)
    save(manager, companies, value="1950", actual=IndicatorActual.objects.get())
    with pytest.raises(StaleEditError):
        actual_delete(user=manager, actual=actual)
    assert IndicatorActual.objects.exists()


# Roles: each write against each role (the admin, import and API inherit this).


@pytest.mark.parametrize("role", ["leader", "auditor", "outsider"])
def test_only_managers_enter_figures(role, request, companies):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        save(user, companies)
    assert not IndicatorActual.objects.exists()


@pytest.mark.parametrize("role", ["leader", "auditor", "outsider"])
def test_only_managers_delete_figures(role, request, manager, companies):
    actual = save(manager, companies)
    with pytest.raises(PermissionDenied):
        actual_delete(user=request.getfixturevalue(role), actual=actual)
    assert IndicatorActual.objects.exists()


@pytest.mark.parametrize("role", ["manager", "auditor", "outsider"])
def test_only_leadership_approves(role, request, manager, companies):
    save(manager, companies)
    with pytest.raises(PermissionDenied):
        year_approve(user=request.getfixturevalue(role), year=2022)
    assert not YearApproval.objects.exists()


@pytest.mark.parametrize("role", ["manager", "leader", "auditor", "outsider"])
def test_only_administrators_unlock(role, request, approved_2022):
    with pytest.raises(PermissionDenied):
        year_unlock(user=request.getfixturevalue(role), year=2022, reason="想改")
    assert YearApproval.objects.locked_years() == {2022}


def test_an_inactive_manager_is_refused(manager, companies):
    manager.is_active = False
    manager.save()
    with pytest.raises(PermissionDenied):
        save(manager, companies)


# Whole-year batches (entry screen, import)


def entries_for(annexes_values, **kwargs):
    return [
        ActualEntry(indicator=Indicator.objects.get(serial=serial), value=value, key=serial)
        for serial, value in annexes_values.items()
    ]


def test_a_whole_year_is_saved_in_one_go(manager, annexes):
    saved = actuals_save_many(
        user=manager, year=2022, entries=entries_for({1: "40", 3: "1,900", 13: "2.1"})
    )
    assert len(saved) == 3
    assert IndicatorActual.objects.get(indicator__serial=3).value == Decimal("1900")


def test_one_bad_row_saves_nothing_and_every_bad_row_is_named(manager, annexes):
    with pytest.raises(BatchError) as excinfo:
        actuals_save_many(
            user=manager, year=2022, entries=entries_for({1: "40", 3: "1,90", 13: "230"})
        )
    assert set(excinfo.value.row_errors) == {3, 13}
    assert any(m.startswith("第 3 行") for m in excinfo.value.messages)
    assert not IndicatorActual.objects.exists()


def test_unchanged_rows_keep_their_version(manager, annexes):
    actuals_save_many(user=manager, year=2022, entries=entries_for({1: "40"}))
    again = [ActualEntry(Indicator.objects.get(serial=1), "４０", expected_version=1, key=1)]
    assert actuals_save_many(user=manager, year=2022, entries=again) == []
    assert IndicatorActual.objects.get().version == 1


def test_a_batch_based_on_an_old_version_is_refused(manager, annexes):
    actuals_save_many(user=manager, year=2022, entries=entries_for({1: "40"}))
    with pytest.raises(BatchError) as excinfo:
        actuals_save_many(user=manager, year=2022, entries=entries_for({1: "41"}))
    assert isinstance(excinfo.value.row_errors[1], StaleEditError)
    assert IndicatorActual.objects.get().value == Decimal("40")


def test_a_note_left_out_keeps_the_stored_note(manager, companies):
    actual = save(manager, companies, value="1900", note="快报数", evidence="统计局")
    actual = save(manager, companies, value="1910", actual=actual)
    assert (actual.note, actual.evidence) == ("快报数", "统计局")


@pytest.mark.parametrize("field", ["note", "evidence"])
def test_note_and_evidence_have_one_length_limit(manager, companies, field):
    save(manager, companies, **{field: "字" * TEXT_MAX_LENGTH})  # at the limit: saved
    with pytest.raises(ValidationError) as refused:
        save(
            manager,
            companies,
            value="1950",
            expected_version=1,
            **{field: "字" * (TEXT_MAX_LENGTH + 1)},
        )
    assert f"最多 {TEXT_MAX_LENGTH} 字" in refused.value.message_dict[field][0]
    assert IndicatorActual.objects.get().value == Decimal("1900")


def test_a_new_figure_without_note_or_evidence_stores_empty_text(manager, companies):
    actual = save(manager, companies)
    actual.refresh_from_db()
    assert (actual.note, actual.evidence) == ("", "")


def test_last_years_figure_of_another_indicator_is_not_this_ones_previous(manager, annexes):
    save(manager, Indicator.objects.get(serial=4), year=2021, value="200")
    companies = Indicator.objects.get(serial=3)
    assert save(manager, companies, year=2022, value="90").flagged is False


def test_only_last_year_counts_as_the_previous_figure(manager, companies):
    save(manager, companies, year=2023, value="3000")
    assert save(manager, companies, year=2022, value="1400").flagged is False


def test_the_future_is_judged_by_the_callers_today(manager, companies):
    with pytest.raises(ValidationError) as excinfo:
        save(manager, companies, year=2022, today=datetime.date(2021, 6, 30))
    assert "未来" in excinfo.value.message_dict["year"][0]
    assert not IndicatorActual.objects.exists()


def test_year_locked_error_says_who_locked_the_year_and_when():
    approver = get_user_model()(username="leader", first_name="王五")
    approved_at = datetime.datetime(2023, 3, 1, 2, 30, tzinfo=datetime.UTC)
    approval = YearApproval(year=2022, approved_by=approver, approved_at=approved_at)
    error = YearLockedError(approval)
    assert error.approval is approval
    assert error.message_dict == {
        "year": [
            "2022 年的数据已于 2023-03-01 10:30 由 王五 审定锁定，不能新增、修改或删除；"
            "如需更正，请系统管理员先解锁该年度。"
        ]
    }
    assert [e.code for e in error.error_dict["year"]] == ["year_locked"]


def test_check_year_unlocked_reports_under_the_field_asked_for(approved_2022):
    with pytest.raises(YearLockedError) as excinfo:
        check_year_unlocked(2022, field="value")
    assert set(excinfo.value.message_dict) == {"value"}
    assert excinfo.value.approval == approved_2022
    check_year_unlocked(2021)  # not approved: no error


def test_batch_messages_name_each_row_and_its_problem(manager, annexes):
    with pytest.raises(BatchError) as excinfo:
        actuals_save_many(user=manager, year=2022, entries=entries_for({1: "40", 3: "1,90"}))
    [message] = excinfo.value.messages
    assert message.startswith("第 3 行：实际值“1,90”") and "千位分隔符" in message


def test_a_refused_permission_is_named_in_the_batch_message(leader, annexes):
    with pytest.raises(BatchError) as excinfo:
        actuals_save_many(user=leader, year=2022, entries=entries_for({1: "40"}))
    assert isinstance(excinfo.value.row_errors[1], PermissionDenied)
    assert excinfo.value.messages == ["第 1 行：你没有权限填报年度实际值。"]


def test_a_batch_row_equal_to_another_indicators_figure_is_still_saved(manager, annexes):
    actuals_save_many(user=manager, year=2022, entries=entries_for({1: "40"}))
    saved = actuals_save_many(user=manager, year=2022, entries=entries_for({3: "40"}))
    assert [(row.indicator.serial, row.value) for row in saved] == [(3, Decimal("40"))]


def test_a_batch_row_equal_to_last_years_figure_is_still_saved(manager, companies):
    save(manager, companies, year=2021, value="1800")
    saved = actuals_save_many(user=manager, year=2022, entries=entries_for({3: "1800"}))
    assert [(row.year, row.value) for row in saved] == [(2022, Decimal("1800"))]


def test_a_batch_saves_each_rows_note(manager, annexes):
    entry = ActualEntry(Indicator.objects.get(serial=1), "40", note="快报数", key=1)
    actuals_save_many(user=manager, year=2022, entries=[entry])
    assert IndicatorActual.objects.get().note == "快报数"


def test_a_batch_row_changes_the_version_it_names_and_only_that(manager, annexes):
    indicator = Indicator.objects.get(serial=1)
    actuals_save_many(user=manager, year=2022, entries=entries_for({1: "40"}))
    changed = [ActualEntry(indicator, "41", expected_version=1, key=1)]
    [row] = actuals_save_many(user=manager, year=2022, entries=changed)
    assert (row.value, row.version) == (Decimal("41"), 2)

    stale = [ActualEntry(indicator, "42", expected_version=1, key=1)]
    with pytest.raises(BatchError) as excinfo:
        actuals_save_many(user=manager, year=2022, entries=stale)
    assert isinstance(excinfo.value.row_errors[1], StaleEditError)
    assert IndicatorActual.objects.get().value == Decimal("41")


def test_a_batch_judges_the_future_by_the_callers_today(manager, annexes):
    with pytest.raises(BatchError) as excinfo:
        actuals_save_many(
            user=manager,
            year=2022,
            entries=entries_for({1: "40"}),
            today=datetime.date(2021, 6, 30),
        )
    assert "未来" in excinfo.value.row_errors[1].message_dict["year"][0]


def test_an_unreadable_value_over_a_stored_row_is_refused_not_skipped(manager, annexes):
    actuals_save_many(user=manager, year=2022, entries=entries_for({1: "40"}))
    unreadable = [ActualEntry(Indicator.objects.get(serial=1), "四十", expected_version=1, key=1)]
    with pytest.raises(BatchError) as excinfo:
        actuals_save_many(user=manager, year=2022, entries=unreadable)
    assert "value" in excinfo.value.row_errors[1].message_dict


def test_a_batch_row_with_the_stored_value_and_note_keeps_its_version(manager, annexes):
    indicator = Indicator.objects.get(serial=1)
    first = [ActualEntry(indicator, "40", note="快报数", key=1)]
    actuals_save_many(user=manager, year=2022, entries=first)
    same = [ActualEntry(indicator, "40", note="快报数", expected_version=1, key=1)]
    assert actuals_save_many(user=manager, year=2022, entries=same) == []
    new_note = [ActualEntry(indicator, "40", note="正式数", expected_version=1, key=1)]
    [row] = actuals_save_many(user=manager, year=2022, entries=new_note)
    assert (row.note, row.version) == ("正式数", 2)
