"""The plan cycle in a real browser: a manager drafts 2024–2026 from 2021–2023, a leader
puts it in force, and indicator 3's page draws both periods of its series."""

from decimal import Decimal

from indicators.models import Indicator
from indicators.services import actual_save, year_approve
from plans.models import Plan, PlanState

from .conftest import ARTIFACTS  # noqa: F401  (screenshots land there)
from .test_journeys import chart_data


def enter_three_years(site):
    _live_server, users = site
    for indicator in Indicator.objects.all():
        start, target = indicator.baseline_value, indicator.target_value
        for year, share in ((2021, "0.3"), (2022, "0.6"), (2023, "1.1")):
            value = start + (target - start) * Decimal(share)
            if start == start.to_integral_value():
                value = value.to_integral_value()
            actual_save(
                user=users["manager"], indicator=indicator, year=year, value=value.quantize(
                    Decimal("0.01")
                )
            )  # fmt: skip
    year_approve(user=users["leader"], year=2023)


def test_a_manager_drafts_a_leader_approves_and_the_series_spans_both_plans(site, visit):
    enter_three_years(site)
    manager = visit("manager")
    page = manager.page
    page.goto("/plans/")
    page.click("text=起草下一期规划")
    page.wait_for_selector("#carried-indicators")
    for index, indicator in enumerate(Indicator.objects.order_by("serial")):
        page.fill(f"#id_carried-{index}-target", str(indicator.target_value * 2))
    with page.expect_navigation():
        page.click("form.draft-plan button[type=submit]")
    manager.screenshot("plan-draft-saved.png")
    assert "没有保存" not in page.content(), page.inner_text("main")[:2000]
    draft = Plan.objects.get(state=PlanState.DRAFT)
    assert draft.indicators.count() == 13

    leader = visit("leader")
    page = leader.page
    page.goto(f"/plans/{draft.pk}/")
    page.click("text=批准执行…")
    with page.expect_navigation():
        page.click("text=确认批准执行")
    draft.refresh_from_db()
    assert draft.state == PlanState.IN_FORCE

    page.goto("/indicators/3/")
    traces = chart_data(page, "indicator-chart")
    targets = [t for t in traces if t["name"].startswith("目标值")]
    lines = [t for t in traces if t["name"].startswith("规划路径")]
    assert [t["x"] for t in targets] == [[2023], [2026]], traces
    assert [t["x"] for t in lines] == [[2020, 2023], [2023, 2026]], traces
    leader.screenshot("series-two-plans.png")
    assert not leader.console_errors
