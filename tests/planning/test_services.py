"""Drafting the next plan from the last one, putting it in force, discarding a draft."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save
from planning.services import (
    CarriedIndicator,
    DraftRequest,
    NewIndicator,
    plan_discard,
    plan_draft,
    plan_put_in_force,
)
from plans.models import Plan, PlanState
from platforms.models import Platform
from projects.models import Project, ProjectStatus
from projects.services import project_progress_save

OLD_NAME = "乌鲁木齐高新区（新市区）双创示范基地建设方案（2021—2023年）"


def raised(target):
    return (target * Decimal("1.1")).quantize(Decimal("0.01"))


def draft_request(source, drop=(), targets=None, **extra):
    """2024–2026 from `source`: every indicator carried (but `drop`), target +10 %."""
    targets = targets or {}
    carried = [
        CarriedIndicator(
            source=indicator,
            target=targets.get(indicator.serial, raised(indicator.target_value)),
        )
        for indicator in Indicator.objects.of_plan(source).order_by("serial")
        if indicator.serial not in drop
    ]
    values = {
        "source": source,
        "name": "乌鲁木齐高新区（新市区）双创示范基地建设方案（2024—2026年）",
        "first_year": 2024,
        "last_year": 2026,
        "carried": carried,
    }
    return DraftRequest(**(values | extra))


def test_carried_baselines_are_the_approved_2023_actuals(first_plan, approved_2023, manager):
    plan = plan_draft(user=manager, request=draft_request(first_plan))
    assert (plan.state, plan.baseline_year, plan.previous) == (PlanState.DRAFT, 2023, first_plan)
    for new in Indicator.objects.of_plan(plan):
        old = new.continues
        approved = IndicatorActual.objects.get(indicator=old, year=2023).value
        assert new.baseline_value == approved
        assert (new.baseline_year, new.target_year) == (2023, 2026)
        assert new.series_owner == old  # one series: its actuals are the old indicator's
    assert Indicator.objects.of_plan(plan).count() == 13


def test_an_unapproved_baseline_year_is_refused_and_nothing_is_saved(
    first_plan, figures_2021_2023, manager
):
    with pytest.raises(ValidationError) as excinfo:
        plan_draft(user=manager, request=draft_request(first_plan))
    assert "2023 年的数据尚未经领导审定" in excinfo.value.message_dict["first_year"][0]
    assert Plan.objects.count() == 1
    assert Indicator.objects.count() == 13


def test_a_dropped_indicator_stays_in_the_old_plan_only(first_plan, approved_2023, manager):
    plan = plan_draft(user=manager, request=draft_request(first_plan, drop={9, 10}))
    assert Indicator.objects.of_plan(plan).count() == 11
    assert not Indicator.objects.of_plan(plan).filter(continues__serial__in=[9, 10]).exists()
    assert Indicator.objects.of_plan(first_plan).count() == 13


def test_the_old_plans_figures_are_unchanged(first_plan, approved_2023, manager):
    before = sorted(IndicatorActual.objects.values_list("indicator_id", "year", "value", "version"))
    old = {i.pk: (i.baseline_value, i.target_value) for i in Indicator.objects.all()}
    plan_draft(user=manager, request=draft_request(first_plan))
    after = sorted(IndicatorActual.objects.values_list("indicator_id", "year", "value", "version"))
    assert after == before
    for indicator in Indicator.objects.of_plan(first_plan):
        assert (indicator.baseline_value, indicator.target_value) == old[indicator.pk]


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"last_year": 2023}, "last_year", "早于起始年份"),
        ({"first_year": 2023, "last_year": 2025}, "first_year", "紧接上一期规划"),
        (
            {"name": "乌鲁木齐高新区（新市区）双创示范基地建设方案（2021—2023年）"},
            "name",
            "已有名为",
        ),
        ({"name": "  "}, "name", "不能为空"),
    ],
)
def test_bad_plan_input_is_refused_with_a_message(
    first_plan, approved_2023, manager, extra, field, words
):
    with pytest.raises(ValidationError) as excinfo:
        plan_draft(user=manager, request=draft_request(first_plan, **extra))
    assert words in excinfo.value.message_dict[field][0]
    assert Plan.objects.count() == 1


def test_a_bad_target_and_a_duplicate_name_are_named_and_nothing_is_saved(
    first_plan, approved_2023, manager
):
    request = draft_request(first_plan, targets={3: "abc"})
    request.added = [NewIndicator(name="科技型企业数（家）", baseline="10", target="20", key=1)]
    with pytest.raises(ValidationError) as excinfo:
        plan_draft(user=manager, request=request)
    errors = excinfo.value.message_dict
    assert "不是数字" in errors["carried-3"][0]
    assert any("科技型企业数" in m and "重复" in m for m in errors["__all__"])
    assert Plan.objects.count() == 1


def test_an_added_indicator_begins_its_own_series(first_plan, approved_2023, manager):
    request = draft_request(first_plan)
    request.added = [NewIndicator(name="独角兽企业数（家）", baseline="0", target="2", key=1)]
    plan = plan_draft(user=manager, request=request)
    added = Indicator.objects.get(plan=plan, name="独角兽企业数")
    assert (added.unit, added.serial, added.continues, added.series_origin) == (
        "家",
        14,
        None,
        None,
    )


def test_platforms_in_force_and_unfinished_projects_are_carried(
    first_plan, approved_2023, manager, sysadmin
):
    revoked = Platform.objects.get(plan=first_plan, serial=1)
    revoked.revoked, revoked.revoked_note = True, "复核未通过"
    revoked.save()
    finished = Project.objects.get(plan=first_plan, row=1)
    project_progress_save(
        user=manager, project=finished, year=2022, investment_completed="100",
        status=ProjectStatus.COMPLETED,
    )  # fmt: skip
    plan = plan_draft(user=manager, request=draft_request(first_plan))
    platforms = Platform.objects.filter(plan=plan)
    assert platforms.count() == 34
    assert not platforms.filter(carried_from=revoked).exists()
    projects = Project.objects.filter(plan=plan)
    assert projects.count() == 33
    assert not projects.filter(carried_from=finished).exists()
    part = projects.get(carried_from__row=16)  # 丝路之光 phase one stays inside its whole
    assert part.included_in.carried_from.row == 32


def test_only_managers_draft(first_plan, approved_2023, leader, auditor):
    for user in (leader, auditor):
        with pytest.raises(PermissionDenied):
            plan_draft(user=user, request=draft_request(first_plan))


def test_leadership_puts_a_draft_in_force_and_the_old_plan_closes(
    first_plan, approved_2023, manager, leader
):
    plan = plan_draft(user=manager, request=draft_request(first_plan))
    with pytest.raises(PermissionDenied):
        plan_put_in_force(user=manager, plan=plan)
    plan_put_in_force(user=leader, plan=plan)
    plan.refresh_from_db()
    first_plan.refresh_from_db()
    assert (plan.state, plan.put_in_force_by) == (PlanState.IN_FORCE, leader)
    assert plan.put_in_force_at is not None
    assert first_plan.state == PlanState.CLOSED
    assert Plan.objects.current() == plan
    with pytest.raises(ValidationError, match="不是草稿"):
        plan_put_in_force(user=leader, plan=plan)


def test_a_year_is_entered_once_for_the_whole_series(first_plan, approved_2023, manager, leader):
    plan = plan_draft(user=manager, request=draft_request(first_plan))
    plan_put_in_force(user=leader, plan=plan)
    new = Indicator.objects.get(plan=plan, serial=3)
    old = new.continues
    actual_save(user=manager, indicator=new, year=2024, value="2500")
    # The same series through the old plan's indicator: 2024 is already there.
    with pytest.raises(ValidationError):
        actual_save(user=manager, indicator=old, year=2024, value="2600")
    # Nor can the new plan's indicator overwrite the old plan's years.
    with pytest.raises(ValidationError):
        actual_save(user=manager, indicator=new, year=2023, value="1")
    stored = IndicatorActual.objects.get(indicator=old, year=2024)
    assert stored.value == Decimal("2500")
    assert IndicatorActual.objects.get(indicator=old, year=2023).value != Decimal("1")


def test_a_draft_can_be_discarded_whole(first_plan, approved_2023, manager):
    plan = plan_draft(user=manager, request=draft_request(first_plan))
    plan_discard(user=manager, plan=plan)
    assert Plan.objects.count() == 1
    assert Indicator.objects.count() == 13
    assert Platform.objects.count() == 35 and Project.objects.count() == 34
