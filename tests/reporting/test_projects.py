"""Project progress of a year on the site: one save for every project, all or nothing."""

from decimal import Decimal

from django.urls import reverse

from indicators.models import Indicator
from indicators.services import actual_save, year_approve
from projects.models import Project, ProjectProgress


def url(year=2022):
    return reverse("reporting:projects", args=[year])


def post(client, year=2022, **rows):
    """The page's formset with `rows` ({project row: (investment, status, percent)})."""
    page = client.get(url(year))
    initial = page.context["formset"].initial
    data = {
        "form-TOTAL_FORMS": str(len(initial)),
        "form-INITIAL_FORMS": str(len(initial)),
    }
    projects = {p.pk: p for p in Project.objects.all()}
    for index, row in enumerate(initial):
        project = projects[row["project_id"]]
        investment, status, percent = rows.get(f"row{project.row}", ("", "", ""))
        data |= {
            f"form-{index}-project_id": str(project.pk),
            f"form-{index}-expected_version": row.get("expected_version") or "",
            f"form-{index}-investment": investment,
            f"form-{index}-status": status,
            f"form-{index}-percent": percent,
            f"form-{index}-note": "",
        }
    return client.post(url(year), data)


def test_a_manager_enters_the_years_progress_of_several_projects(client, manager, annexes):
    client.force_login(manager)
    response = post(client, row1=("1,500", "在建", "40"), row2=("0", "未开工", ""))
    assert response.status_code == 302
    first = ProjectProgress.objects.get(project__row=1, year=2022)
    assert (first.investment_completed, first.status, first.completion_percent) == (
        Decimal("1500"),
        "在建",
        Decimal("40"),
    )
    assert ProjectProgress.objects.count() == 2
    again = post(client, row1=("1600", "在建", "45"))  # the stored version comes back
    assert again.status_code == 302
    assert ProjectProgress.objects.get(project__row=1).version == 2


def test_one_bad_row_saves_nothing_and_is_named(client, manager, annexes):
    client.force_login(manager)
    response = post(client, row1=("1500", "在建", "40"), row2=("-5", "在建", "120"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "没有保存" in body and "负数" in body
    assert not ProjectProgress.objects.exists()


def test_an_approved_year_refuses_project_progress(client, manager, leader, annexes):
    actual_save(user=manager, indicator=Indicator.objects.get(serial=3), year=2022, value="1900")
    year_approve(user=leader, year=2022)
    client.force_login(manager)
    response = post(client, row1=("1500", "在建", "40"))
    assert "审定锁定" in response.content.decode()
    assert not ProjectProgress.objects.exists()


def test_leadership_and_auditors_cannot_enter_progress(client, leader, auditor, annexes):
    for user in (leader, auditor):
        client.force_login(user)
        assert client.get(url()).status_code == 403
