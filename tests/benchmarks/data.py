"""Generated data for the benchmarks: the real annexes at 1×, synthetic rows at 100×.

Rows are bulk-created (no history) because only the size matters here.
"""

import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from core import roles
from indicators.models import Indicator, IndicatorActual, YearApproval
from plans.models import Plan
from platforms.models import Platform, PlatformLevel
from projects.models import Project, ProjectNature, ProjectProgress, ProjectStatus

REAL_ACTUAL_YEARS = [2021, 2022, 2023]
SCALED_ACTUAL_YEARS = list(range(2021, 2027))  # more years: monitoring goes on after the plan
SCALED_PROGRESS_YEARS = list(range(2017, 2027))  # ten years of progress per project


def _user(username, group):
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.is_staff = True
        user.set_password("bench-only")
        user.save()
        user.groups.add(Group.objects.get(name=group))
    return user


def leader():
    return _user("bench-leader", roles.LEADERSHIP)


def manager():
    return _user("bench-manager", roles.MANAGER)


def _actuals(indicators, years, rng):
    rows = []
    for indicator in indicators:
        start, target = indicator.baseline_value, indicator.target_value
        for i, year in enumerate(years, 1):
            step = (target - start) * Decimal(i) / Decimal(3)
            noise = Decimal(rng.randint(-10, 10)) / Decimal(100) * (target - start)
            rows.append(
                IndicatorActual(
                    indicator=indicator,
                    year=year,
                    value=(start + step + noise).quantize(Decimal("0.01")),
                )
            )
    return rows


def load_real(rng):
    """1×: the real annexes, three years of actuals, progress for each project, 2 approvals."""
    call_command("load_annexes", stdout=io.StringIO())
    user = leader()
    IndicatorActual.objects.bulk_create(_actuals(Indicator.objects.all(), REAL_ACTUAL_YEARS, rng))
    ProjectProgress.objects.bulk_create(_progress(Project.objects.all(), REAL_ACTUAL_YEARS, rng))
    now = timezone.now()
    YearApproval.objects.bulk_create(
        [YearApproval(year=y, approved_by=user, approved_at=now) for y in (2021, 2022)]
    )


def _progress(projects, years, rng):
    statuses = list(ProjectStatus.values)
    return [
        ProjectProgress(
            project=project,
            year=year,
            investment_completed=(project.total_investment / len(years)).quantize(Decimal("0.01")),
            status=rng.choice(statuses),
            completion_percent=Decimal(min(100, 10 * (i + 1))),
        )
        for project in projects
        for i, year in enumerate(years)
    ]


def scale_to(factor, rng):
    """Grow the real data to `factor`× rows: 13·f indicators, 35·f platforms, 34·f projects."""
    real = list(Indicator.objects.order_by("serial"))
    plan = Plan.objects.get()
    new = []
    for serial in range(len(real) + 1, len(real) * factor + 1):
        model = real[serial % len(real)]
        new.append(
            Indicator(
                plan=plan,
                serial=serial,
                name_as_written=f"{model.name}（第{serial}号）（{model.unit}）",
                name=f"{model.name}（第{serial}号）",
                unit=model.unit,
                baseline_year=2020,
                baseline_value=model.baseline_value,
                target_year=2023,
                target_value=model.target_value,
                source_ref="benchmark",
            )
        )
    Indicator.objects.bulk_create(new, batch_size=500)
    IndicatorActual.objects.all().delete()
    IndicatorActual.objects.bulk_create(
        _actuals(Indicator.objects.all(), SCALED_ACTUAL_YEARS, rng), batch_size=2000
    )

    levels = list(PlatformLevel.values)
    Platform.objects.bulk_create(
        [
            Platform(
                plan=plan,
                name=f"合成平台{n}",
                host_organisation=f"依托单位{n % 400}",
                platform_type=rng.choice(["企业技术中心", "工程研究中心", "工程实验室"]),
                level=rng.choice(levels),
                recognised_year=rng.choice([2021, 2022, 2023]),
            )
            for n in range(Platform.objects.count() + 1, 35 * factor + 1)
        ],
        batch_size=1000,
    )

    natures = list(ProjectNature.values)
    first_row = Project.objects.count() + 1
    Project.objects.bulk_create(
        [
            Project(
                plan=plan,
                row=row,
                name=f"合成项目{row}",
                year=rng.choice(range(2021, 2028)),
                nature=rng.choice(natures),
                total_investment=Decimal(rng.randint(500, 500000)),
            )
            for row in range(first_row, 34 * factor + 1)
        ],
        batch_size=1000,
    )
    ProjectProgress.objects.all().delete()
    ProjectProgress.objects.bulk_create(
        _progress(Project.objects.all(), SCALED_PROGRESS_YEARS, rng), batch_size=2000
    )


def counts():
    return {
        "indicators": Indicator.objects.count(),
        "actuals": IndicatorActual.objects.count(),
        "platforms": Platform.objects.count(),
        "projects": Project.objects.count(),
        "project_progress": ProjectProgress.objects.count(),
    }
