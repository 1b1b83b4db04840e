"""Demo figures for the print tests and the pictures in docs/report-pages/: two years of
all 13 indicators (2021 approved, 2022 provisional) and project progress, entered through
the services as a base manager would, so the change history is the real one."""

from decimal import Decimal

from indicators.models import Indicator
from indicators.services import actual_save, year_approve
from projects.models import Project, ProjectProgress, ProjectStatus

# serial → value; chosen so that every status appears (see docs/domain.md, "Progress").
FIGURES = {
    2021: {1: "41", 2: "18", 3: "1950", 4: "190", 5: "1.2", 6: "1", 7: "19.1",
           8: "78", 9: "28", 10: "5", 11: "3", 12: "25", 13: "2.1"},
    2022: {1: "44", 2: "21", 3: "2150", 4: "215", 5: "1.35", 6: "2", 7: "20.5",
           8: "79", 9: "30", 10: "6", 11: "4", 12: "27", 13: "2.2"},
}  # fmt: skip
# Project rows with progress in 2021 and 2022: (investment 2021, 2022, status 2022), 万元.
PROGRESS = {
    1: ("20000", "35000", ProjectStatus.UNDER_CONSTRUCTION),
    2: ("5000", "12000", ProjectStatus.COMPLETED),
    5: ("0", "0", ProjectStatus.NOT_STARTED),
    16: ("60000", "90000", ProjectStatus.UNDER_CONSTRUCTION),
    32: ("60000", "150000", ProjectStatus.UNDER_CONSTRUCTION),
}


def enter_demo_figures(manager, leader, years=(2021, 2022), approve=(2021,)):
    indicators = {i.serial: i for i in Indicator.objects.all()}
    for year in years:
        for serial, value in FIGURES[year].items():
            actual_save(
                user=manager,
                indicator=indicators[serial],
                year=year,
                value=value,
                evidence="统计局年报",
            )
        for row, (first, second, status) in PROGRESS.items():
            ProjectProgress.objects.create(
                project=Project.objects.get(row=row),
                year=year,
                investment_completed=Decimal(first if year == 2021 else second),
                status=ProjectStatus.UNDER_CONSTRUCTION if year == 2021 else status,
                entered_by=manager,
            )
    for year in approve:
        year_approve(user=leader, year=year)
