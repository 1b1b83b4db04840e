"""The rules of platform records (platforms/services.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from platforms.models import Platform
from platforms.services import platform_errors, platform_save

TODAY = datetime.date(2023, 6, 30)


def later_platform(**fields):
    """A platform recognised after the plan, as a manager adds it."""
    return Platform(
        **{
            "name": "新疆某新型研发机构",
            "host_organisation": "某公司",
            "platform_type": "新型研发机构",
            "level": "自治区级",
            "recognised_year": 2022,
        }
        | fields
    )


def test_a_new_platform_has_no_annex_serial():
    errors = platform_errors(later_platform(serial=36), None, may_edit_source=False, today=TODAY)
    assert "不填附件三序号" in errors["serial"][0]


def test_an_administrator_may_add_an_annex_row_with_its_serial():
    errors = platform_errors(later_platform(serial=36), None, may_edit_source=True, today=TODAY)
    assert "serial" not in errors


def test_a_later_platform_needs_its_recognition_year():
    errors = platform_errors(
        later_platform(recognised_year=None), None, may_edit_source=False, today=TODAY
    )
    assert "认定年份不能为空" in errors["recognised_year"][0]


@pytest.mark.parametrize(("year", "fragment"), [(2020, "基期"), (2024, "未来")])
def test_the_recognition_year_is_inside_the_plan_and_not_future(year, fragment):
    errors = platform_errors(
        later_platform(recognised_year=year), None, may_edit_source=False, today=TODAY
    )
    assert fragment in errors["recognised_year"][0]


def test_an_annex_row_keeps_its_source_text(annexes, manager):
    stored = Platform.objects.get(serial=7)
    edited = Platform.objects.get(serial=7)
    edited.host_organisation = "特变电工股份有限公司"
    errors = platform_errors(edited, stored, may_edit_source=False, today=TODAY)
    assert "原文信息不能修改" in errors["host_organisation"][0]
    with pytest.raises(ValidationError):
        platform_save(user=manager, platform=edited)
    assert Platform.objects.get(serial=7).host_organisation == stored.host_organisation


def test_revoking_needs_a_note(annexes, manager):
    platform = Platform.objects.get(serial=1)
    platform.revoked = True
    with pytest.raises(ValidationError) as excinfo:
        platform_save(user=manager, platform=platform)
    assert "撤销说明不能为空" in excinfo.value.message_dict["revoked_note"][0]
    platform.revoked_note = "2023 年复核未通过"
    platform_save(user=manager, platform=platform)
    assert Platform.objects.get(serial=1).revoked


def test_a_manager_adds_a_later_platform_with_history(annexes, manager):
    platform = platform_save(user=manager, platform=later_platform(), today=TODAY)
    assert platform.history.get().history_user == manager
