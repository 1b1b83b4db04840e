from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard.views import ROWS_PER_PAGE
from plans.models import Plan
from projects.models import Project, ProjectNature, ProjectProgress, ProjectStatus

from .chart_json import embedded_chart

ROLES = ["manager", "leader", "auditor", "sysadmin"]
URL = "/projects/"


def test_url_name():
    assert reverse("project_list") == URL


def test_anonymous_is_sent_to_login(client, annexes):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_34_projects(client, annexes, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["projects"]) == 34


def test_a_user_without_a_role_is_refused(client, annexes, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


def test_says_plainly_that_the_silk_road_rows_overlap_with_both_totals(client, annexes, leader):
    with_overlap = sum(p.total_investment for p in Project.objects.all())
    client.force_login(leader)
    body = client.get(URL).content.decode()
    assert "这两行重复" in body
    assert "第 16 行“广汇格信“丝路之光”生态智慧新城（一期）”（390,000 万元）" in body
    assert "包含在第 32 行“广汇格信“丝路之光”生态智慧新城项目”（1,050,000 万元）之内" in body
    assert f"直接相加为 {with_overlap.normalize():,f} 万元（含重复计算）" in body
    without = (with_overlap - 390000).normalize()
    assert f"总投资 <strong>{without:,f}</strong> 万元（去除重复计算）" in body


def test_investment_charts_leave_the_overlap_out(client, annexes, leader):
    client.force_login(leader)
    response = client.get(URL)
    by_nature = embedded_chart(response, "nature-chart")["data"][0]
    totals = dict(zip(by_nature["x"], by_nature["y"], strict=True))
    new_builds = Project.objects.filter(nature=ProjectNature.NEW)
    assert totals["新建"] == float(sum(p.total_investment for p in new_builds) - 390000)
    assert sum(totals.values()) == float(Project.objects.total_investment_without_overlap())
    by_year = embedded_chart(response, "year-chart")["data"][0]
    assert by_year["x"] == sorted(by_year["x"])
    assert sum(by_year["y"]) == float(Project.objects.total_investment_without_overlap())


def test_the_ten_largest_mark_the_part_inside_its_whole(client, annexes, leader):
    client.force_login(leader)
    response = client.get(URL)
    largest = response.context["largest"]
    assert len(largest) == 10
    assert largest[0].row == 32 and largest[0].total_investment == Decimal("1050000")
    assert [p.total_investment for p in largest] == sorted(
        (p.total_investment for p in largest), reverse=True
    )
    assert "已包含于第 32 行" in response.content.decode()


@pytest.mark.parametrize(
    "params, rows",
    [
        ({"nature": "政府投资储备"}, {18, 19, 20}),
        ({"q": "丝路之光"}, {16, 32}),
        ({"year": "2025"}, {9, 25}),
    ],
)
def test_table_filters(client, annexes, leader, params, rows):
    client.force_login(leader)
    shown = {p.row for p in client.get(URL, params).context["projects"]}
    assert shown == rows


def test_a_bad_filter_value_says_so_and_lists_everything(client, annexes, leader):
    client.force_login(leader)
    response = client.get(URL, {"year": "明年"})
    assert "筛选条件有误" in response.content.decode()
    assert len(response.context["projects"]) == 34


def test_table_shows_cumulative_investment_and_latest_status(client, annexes, leader):
    project = Project.objects.get(row=1)
    ProjectProgress.objects.create(
        project=project, year=2021, investment_completed=Decimal("1000"), status="在建"
    )
    ProjectProgress.objects.create(
        project=project, year=2022, investment_completed=Decimal("2500.5"), status="已竣工"
    )
    client.force_login(leader)
    response = client.get(URL, {"q": "检验检测认证产业园"})
    [row] = response.context["projects"]
    assert row.cumulative_investment == Decimal("3500.5")
    body = response.content.decode()
    assert "3,500.5" in body and str(ProjectStatus.COMPLETED.label) in body


@pytest.mark.parametrize("scale", [1, 10])
def test_queries_do_not_grow_with_the_number_of_projects(
    client, annexes, leader, django_assert_max_num_queries, scale
):
    extra = Project.objects.bulk_create(
        Project(
            plan=Plan.objects.get(),
            row=100 + i,
            name=f"新项目{i}",
            year=2021 + i % 5,
            nature=ProjectNature.SOCIAL,
            total_investment=Decimal(1000 + i),
        )
        for i in range(34 * (scale - 1))
    )
    ProjectProgress.objects.bulk_create(
        ProjectProgress(
            project=p,
            year=2022,
            investment_completed=Decimal(10),
            status=ProjectStatus.UNDER_CONSTRUCTION,
        )
        for p in extra
    )
    client.force_login(leader)
    # 14, the plans, the generation, the page count, the menu's notice counts
    with django_assert_max_num_queries(19):  # and the generation of the page kept per person
        response = client.get(URL)
    assert response.context["page"].paginator.count == 34 * scale
    assert len(response.context["projects"]) == min(34 * scale, ROWS_PER_PAGE)


def test_table_is_in_source_row_order_and_unfiltered_by_default(client, annexes, leader):
    client.force_login(leader)
    response = client.get(URL)
    assert [p.row for p in response.context["projects"]] == list(range(1, 35))
    year_select = str(response.context["filter"].form["year"])
    assert '<option value="" selected>' in year_select  # no year chosen for the user
