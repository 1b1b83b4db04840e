from decimal import Decimal

from projects.models import Project, ProjectProgress, ProjectStatus


def test_total_with_and_without_the_silk_road_overlap(annexes):
    with_overlap = Project.objects.total_investment()
    without = Project.objects.total_investment_without_overlap()
    assert with_overlap - without == Decimal("390000")
    assert with_overlap == sum(p.total_investment for p in Project.objects.all())


def test_cumulative_investment_and_latest_status_come_from_progress(annexes, manager):
    project = Project.objects.get(row=1)
    for year, amount, status in [(2021, "100", "在建"), (2022, "250.5", "已竣工")]:
        ProjectProgress.objects.create(
            project=project, year=year, investment_completed=Decimal(amount), status=status
        )
    annotated = Project.objects.with_progress().get(row=1)
    assert annotated.cumulative_investment == Decimal("350.5")
    assert annotated.latest_status == ProjectStatus.COMPLETED
    assert Project.objects.with_progress().get(row=2).cumulative_investment is None
