"""seed_demo: demo accounts, and with --figures invented 2021–2023 figures marked as such."""

import io

import pytest
from django.core.management import CommandError, call_command

from indicators.models import IndicatorActual, YearApproval


def test_demo_figures_are_marked_and_2021_and_2022_are_approved(annexes):
    out = io.StringIO()
    call_command("seed_demo", "--figures", stdout=out)
    figures = IndicatorActual.objects.all()
    assert sorted({a.year for a in figures}) == [2021, 2022, 2023]
    assert figures.count() == 39
    assert all("演示数据" in a.note for a in figures)
    assert YearApproval.objects.for_year(2021) and YearApproval.objects.for_year(2022)
    assert not YearApproval.objects.for_year(2023)  # left for the demo to submit and approve
    assert "演示数据（虚构）" in out.getvalue()
    # Run again: nothing is added or changed.
    versions = sorted(figures.values_list("version", flat=True))
    call_command("seed_demo", "--figures", stdout=io.StringIO())
    assert sorted(IndicatorActual.objects.values_list("version", flat=True)) == versions


def test_without_figures_only_the_accounts(annexes):
    call_command("seed_demo", stdout=io.StringIO())
    assert not IndicatorActual.objects.exists()


def test_never_in_production(annexes, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo", "--figures", stdout=io.StringIO())
    assert not IndicatorActual.objects.exists()


def test_demo_work_progress_units_and_reporter_are_marked_and_idempotent(annexes):
    from django.contrib.auth import get_user_model

    from plans.models import Unit, UnitMember
    from work.models import WorkItem, WorkProgress

    call_command("seed_demo", "--figures", stdout=io.StringIO())
    items = WorkItem.objects.count()
    progress = WorkProgress.objects.all()
    assert sorted({p.year for p in progress}) == [2021, 2022, 2023]
    assert progress.count() == 3 * items
    assert all("演示数据" in p.progress_text for p in progress)
    assert all(p.reason for p in progress.filter(status__in=["进度滞后", "已调整"]))
    assert progress.filter(status="进度滞后").exists()
    demo_units = Unit.objects.filter(name__contains="演示数据")
    assert demo_units.count() == 2
    member = UnitMember.objects.get(user__username="reporter")
    assert member.unit.name == "区科技局（演示数据）"
    assert WorkItem.objects.filter(lead_unit=member.unit).exists()
    # The password documented in README's demo accounts.
    from annexes.management.commands.seed_demo import DEMO_ACCOUNTS

    password = next(a[1] for a in DEMO_ACCOUNTS if a[0] == "reporter")
    assert get_user_model().objects.get(username="reporter").check_password(password)
    # Run again: nothing is added or changed.
    versions = sorted(progress.values_list("version", flat=True))
    call_command("seed_demo", "--figures", stdout=io.StringIO())
    assert sorted(WorkProgress.objects.values_list("version", flat=True)) == versions
    assert Unit.objects.filter(name__contains="演示数据").count() == 2


def test_a_year_with_progress_is_left_alone(annexes):
    from work.models import WorkItem, WorkProgress

    call_command("seed_demo", stdout=io.StringIO())
    WorkProgress.objects.create(item=WorkItem.objects.first(), year=2022, status="未启动")
    call_command("seed_demo", "--figures", stdout=io.StringIO())
    assert WorkProgress.objects.filter(year=2022).count() == 1
    assert WorkProgress.objects.filter(year=2021).count() == WorkItem.objects.count()
