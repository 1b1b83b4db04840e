"""A plan whose 2023 is approved and published, with internal things planted around it.

Every marker below is unique text that must never reach a public page or download
(tests/public/test_no_leaks.py crawls them all)."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core.models import Visibility
from indicators.models import Indicator, IndicatorActual, YearApproval
from plans.models import Plan, PlanState
from platforms.models import Platform
from projects.models import Project, ProjectProgress
from public.services import publication_publish, publication_withdraw
from reporting.models import (
    EventKind,
    Evidence,
    IndicatorComment,
    ReportingEvent,
    ReportingYear,
)

# The planning tests' plan with 2021–2023 figures, 2023 approved (a plan to draft from).
from tests.planning.conftest import approved_2023, figures_2021_2023, first_plan  # noqa: F401

MARKERS = {
    "note": "说明标记QX7N",
    "evidence text": "佐证标记ZK4P",
    "return comment": "退回意见标记RW2M",
    "return reason": "退回原因标记RY5B",
    "draft plan": "草稿规划标记DP9F",
    "user name": "填报人标记UN3H",
    "leader name": "领导标记LD8J",
    "unpublished value": "8642.1357",
    "approved unpublished value": "7531.2468",
    "internal platform": "内部平台标记IP6C",
    "internal project": "内部项目标记IJ1V",
    "internal indicator": "内部指标标记II4D",
    "evidence file": "佐证文件标记EF5G.pdf",
    "unlock reason": "解锁原因标记UR7K",
    "withdrawal reason": "撤回原因标记WR2S",
    "platform revoked note": "撤销说明标记RN3T",
}
PUBLISHED_VALUE = Decimal("2468")  # indicator 1's 2023 figure: public


def figure(indicator, year, value, user, note=""):
    return IndicatorActual.objects.create(
        indicator=indicator,
        year=year,
        value=value,
        entered_by=user,
        note=note,
        evidence=MARKERS["evidence text"],
    )


@pytest.fixture
def plan(annexes):
    return Plan.objects.get()


@pytest.fixture
def published_2023(plan, manager, leader, settings, tmp_path):
    """2021–2023 entered; 2022 and 2023 approved; only 2023 published; 2024 entered,
    not approved; an internal indicator, platform and project; notes, evidence, a return
    comment and a draft plan with its own indicator."""
    settings.MEDIA_ROOT = tmp_path / "media"
    manager.first_name = MARKERS["user name"]
    manager.save()
    leader.first_name = MARKERS["leader name"]
    leader.save()
    indicators = list(Indicator.objects.filter(plan=plan).order_by("serial"))
    for indicator in indicators:
        for year in (2021, 2022, 2023):
            value = indicator.baseline_value
            if indicator.serial == 1 and year == 2023:
                value = PUBLISHED_VALUE
            if indicator.serial == 1 and year == 2022:
                value = Decimal(MARKERS["approved unpublished value"])
            figure(indicator, year, value, manager, note=MARKERS["note"])
    figure(indicators[0], 2024, Decimal(MARKERS["unpublished value"]), manager, MARKERS["note"])
    internal = indicators[-1]
    internal.name = MARKERS["internal indicator"]
    internal.visibility = Visibility.INTERNAL
    internal.save()
    platform = Platform.objects.filter(plan=plan).order_by("pk").first()
    platform.name = MARKERS["internal platform"]
    platform.visibility = Visibility.INTERNAL
    platform.save()
    revoked = Platform.objects.filter(plan=plan).order_by("pk")[1]
    revoked.revoked, revoked.revoked_note = True, MARKERS["platform revoked note"]
    revoked.save()
    project = Project.objects.filter(plan=plan).order_by("pk").first()
    project.name = MARKERS["internal project"]
    project.visibility = Visibility.INTERNAL
    project.save()
    ProjectProgress.objects.create(
        project=Project.objects.filter(plan=plan).order_by("pk")[1],
        year=2023,
        investment_completed=1,
        status="在建",
        note=MARKERS["note"],
        entered_by=manager,
    )
    reporting_year = ReportingYear.objects.create(year=2023, state="approved")
    returned = ReportingEvent.objects.create(
        reporting_year=reporting_year,
        kind=EventKind.RETURN,
        by=leader,
        reason=MARKERS["return reason"],
    )
    IndicatorComment.objects.create(
        event=returned, indicator=indicators[0], text=MARKERS["return comment"]
    )
    Evidence.objects.create(
        year=2023,
        indicator=indicators[0],
        file=ContentFile(b"%PDF-1.4\n", name="evidence/2023/e.pdf"),
        original_name=MARKERS["evidence file"],
        kind="pdf",
        size=9,
        uploaded_by=manager,
    )
    draft = Plan.objects.create(
        base=plan.base,
        name=MARKERS["draft plan"],
        baseline_year=2023,
        first_year=2024,
        last_year=2026,
        state=PlanState.DRAFT,
        previous=plan,
    )
    Indicator.objects.create(
        plan=draft,
        serial=1,
        name_as_written="x",
        name=MARKERS["draft plan"] + "指标",
        baseline_year=2023,
        baseline_value=1,
        target_year=2026,
        target_value=2,
        source_ref="x",
    )
    now = timezone.now()
    for year in (2022, 2023):
        YearApproval.objects.create(year=year, approved_by=leader, approved_at=now)
    # An approval unlocked earlier (with its reason): the record, never public.
    YearApproval.objects.create(
        year=2021,
        approved_by=leader,
        approved_at=now,
        unlocked_by=leader,
        unlocked_at=now,
        unlock_reason=MARKERS["unlock reason"],
    )
    # 2022 was published once and withdrawn (with its reason): not public.
    publication_publish(user=leader, plan=plan, year=2022)
    publication_withdraw(user=leader, plan=plan, year=2022, reason=MARKERS["withdrawal reason"])
    publication_publish(user=leader, plan=plan, year=2023)
    return plan
