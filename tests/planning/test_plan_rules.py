"""One set of rules for a new plan, drafted or imported, checked again when it is put in
force: it follows the plan before without gap or overlap, its baseline year (the year
before it starts) is approved, and an indicator continuing a series starts from that
year's approved actual."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.numbers import format_decimal
from indicators.models import Indicator
from indicators.services import year_unlock
from planning.importers import PlanTables
from planning.services import PlanHeader, plan_draft, plan_import, plan_put_in_force
from plans.models import Plan, PlanState

from .test_services import draft_request

NEXT = "乌鲁木齐高新区（新市区）双创示范基地建设方案（2024—2026年）"


def companies_approved_2023():
    return Indicator.objects.get(serial=3).actuals.get(year=2023).value


def tables(baseline, name="科技型企业数（家）"):
    return PlanTables(
        indicators=[
            {"sheet_row": 2, "serial": 1, "name": name, "baseline": baseline, "target": 5000},
            {"sheet_row": 3, "serial": 2, "name": "独角兽企业数（家）", "baseline": 0, "target": 2},
        ]
    )


def import_plan(user, previous, first, last, baseline, name=NEXT):
    header = PlanHeader(name=name, first_year=first, last_year=last)
    return plan_import(user=user, header=header, tables=tables(baseline), previous=previous)


@pytest.mark.parametrize(("first", "last"), [(2000, 2001), (2022, 2024), (2025, 2027)])
def test_an_imported_plan_must_follow_the_one_before(
    manager, first_plan, approved_2023, first, last
):
    with pytest.raises(ValidationError) as excinfo:
        import_plan(manager, first_plan, first, last, companies_approved_2023())
    assert any("紧接上一期规划" in m and "2024 年开始" in m for m in excinfo.value.messages)
    assert Plan.objects.count() == 1


def test_a_drafted_plan_may_leave_no_gap_either(manager, first_plan, approved_2023):
    with pytest.raises(ValidationError) as excinfo:
        plan_draft(user=manager, request=draft_request(first_plan, first_year=2025, last_year=2027))
    assert "紧接上一期规划" in excinfo.value.message_dict["first_year"][0]
    assert Plan.objects.count() == 1


def test_a_continuing_indicator_imported_with_another_baseline_is_refused(
    manager, first_plan, approved_2023
):
    with pytest.raises(ValidationError) as excinfo:
        import_plan(manager, first_plan, 2024, 2026, Decimal(0))
    approved = companies_approved_2023()
    assert (
        f"“指标”第 2 行：“基期值”应为 2023 年已审定实际值 {format_decimal(approved)}"
        in " ".join(excinfo.value.messages)
    )
    assert Plan.objects.count() == 1


def test_a_continuing_indicator_with_the_approved_baseline_is_imported(
    manager, first_plan, approved_2023
):
    plan = import_plan(manager, first_plan, 2024, 2026, companies_approved_2023())
    assert Indicator.objects.get(plan=plan, serial=1).continues.serial == 3


def test_an_import_needs_its_baseline_year_approved(manager, first_plan, figures_2021_2023):
    with pytest.raises(ValidationError) as excinfo:
        import_plan(manager, first_plan, 2024, 2026, companies_approved_2023())
    assert any("2023 年的数据尚未经领导审定" in m for m in excinfo.value.messages)
    assert Plan.objects.count() == 1


def test_a_draft_stored_out_of_sequence_cannot_be_put_in_force(
    manager, leader, first_plan, approved_2023
):
    """A draft accepted before the rules were shared (2000–2001 after 2021–2023)."""
    stale = Plan.objects.create(
        base=first_plan.base, name="2000—2001", baseline_year=1999, first_year=2000,
        last_year=2001, previous=first_plan,
    )  # fmt: skip
    source = Indicator.objects.get(plan=first_plan, serial=3)
    Indicator.objects.create(
        plan=stale, serial=1, name_as_written="科技型企业数（家）", name="科技型企业数",
        unit="家", baseline_year=1999, baseline_value=0, target_year=2001, target_value=10,
        source_ref="导入", continues=source, series_origin=source,
    )  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        plan_put_in_force(user=leader, plan=stale)
    assert any("紧接上一期规划" in m for m in excinfo.value.messages)
    first_plan.refresh_from_db()
    stale.refresh_from_db()
    assert (first_plan.state, stale.state) == (PlanState.IN_FORCE, PlanState.DRAFT)


def test_a_draft_whose_baseline_year_was_unlocked_cannot_be_put_in_force(
    manager, leader, sysadmin, first_plan, approved_2023
):
    draft = plan_draft(user=manager, request=draft_request(first_plan))
    year_unlock(user=sysadmin, year=2023, reason="更正 2023 年数据")
    with pytest.raises(ValidationError) as excinfo:
        plan_put_in_force(user=leader, plan=draft)
    assert any("2023 年的数据尚未经领导审定" in m for m in excinfo.value.messages)
    draft.refresh_from_db()
    assert draft.state == PlanState.DRAFT


def test_of_two_drafts_from_one_plan_only_the_first_goes_in_force(
    manager, leader, first_plan, approved_2023
):
    """The second would have closed the first 20 ms after it was put in force."""
    first = plan_draft(user=manager, request=draft_request(first_plan))
    second = plan_draft(user=manager, request=draft_request(first_plan, name="另一稿"))
    plan_put_in_force(user=leader, plan=first)
    with pytest.raises(ValidationError) as excinfo:
        plan_put_in_force(user=leader, plan=second)
    assert "已不在执行中" in excinfo.value.messages[0]
    states = dict(Plan.objects.values_list("pk", "state"))
    assert states == {
        first_plan.pk: PlanState.CLOSED,
        first.pk: PlanState.IN_FORCE,
        second.pk: PlanState.DRAFT,
    }
