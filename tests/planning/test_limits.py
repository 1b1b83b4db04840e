"""What does not fit a column is refused with a message naming where it is, on every path
of a new plan: no database error (PostgreSQL: smallint, varchar, CHECK) and no over-long
text stored as typed (SQLite)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.models import Indicator
from planning.importers import PlanTables
from planning.services import NewIndicator, PlanHeader, plan_draft, plan_import
from plans.models import Plan
from platforms.models import Platform
from projects.models import Project

from .test_import import upload, workbook
from .test_services import draft_request

NEXT = "乌鲁木齐高新区（新市区）双创示范基地建设方案（2024—2026年）"


def test_out_of_range_numbers_and_long_texts_are_named_by_sheet_row_and_column(
    client, manager, approved_2023
):
    client.force_login(manager)
    content = workbook(
        indicators=[
            (-1, "独角兽企业数（家）", 0, 2),
            (40000, "瞪羚企业数（家）", 0, 2),
            (3, "长" * 101 + "（家）", 0, 2),
        ],
        platforms=[(1, "平台", "单" * 201, "类型", "市级")],
        projects=[(1, "项目", 99999, "新建", "10"), (2, "项目二", -2025, "新建", "10")],
    )
    body = upload(client, content).content.decode()
    assert "“指标”第 2 行：“序号”-1 超出范围：应为 0 至 32767 之间的整数。" in body
    assert "“指标”第 3 行：“序号”40000 超出范围" in body
    assert "“指标”第 4 行：“指标名称（含单位）中的指标名称”过长：最多 100 个字" in body
    assert "“技术创新平台”第 2 行：“依托单位”过长：最多 200 个字" in body
    assert "“重点项目”第 2 行：“建设年限”99999 超出范围" in body
    assert "“重点项目”第 3 行：“建设年限”-2025 超出范围" in body
    assert "确认导入为草稿" not in body
    assert Plan.objects.count() == 1


def test_the_confirmed_import_checks_the_rows_again(manager, first_plan, approved_2023):
    """The preview's rows come back from the session: the service checks them itself."""
    tables = PlanTables(
        indicators=[
            {"sheet_row": 2, "serial": 1, "name": "独角兽企业数（家）", "baseline": 0, "target": 2}
        ],
        platforms=[
            {
                "sheet_row": 2,
                "serial": 1,
                "name": "平" * 201,
                "host": "单位",
                "type": "类型",
                "level": "市级",
            }
        ],  # fmt: skip
    )
    header = PlanHeader(name=NEXT, first_year=2024, last_year=2026)
    with pytest.raises(ValidationError) as excinfo:
        plan_import(user=manager, header=header, tables=tables, previous=first_plan)
    assert any("“技术创新平台”第 2 行：“名称”过长" in m for m in excinfo.value.messages)
    assert Plan.objects.count() == 1
    assert (Platform.objects.count(), Project.objects.count()) == (35, 34)


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"name": "规" * 301}, "name", "“规划名称”过长：最多 300 个字"),
        ({"source_document": "文" * 301}, "source_document", "“出处”过长：最多 300 个字"),
        ({"first_year": 99999, "last_year": 99999}, "first_year", "“起始年份”99999 超出范围"),
        ({"first_year": 2024, "last_year": -1}, "last_year", "“截止年份”-1 超出范围"),
    ],
)
def test_plan_facts_that_do_not_fit_are_refused(
    first_plan, approved_2023, manager, extra, field, words
):
    with pytest.raises(ValidationError) as excinfo:
        plan_draft(user=manager, request=draft_request(first_plan, **extra))
    assert any(words in m for m in excinfo.value.message_dict[field])
    assert Plan.objects.count() == 1


def test_a_long_name_of_a_carried_or_added_indicator_is_refused(first_plan, approved_2023, manager):
    request = draft_request(first_plan)
    request.carried[2].name = "新" * 101
    request.added = [NewIndicator(name="加" * 201, baseline="0", target="2", key=1)]
    with pytest.raises(ValidationError) as excinfo:
        plan_draft(user=manager, request=request)
    errors = excinfo.value.message_dict
    assert any("最多 100 个字" in m for m in errors["carried-3"])
    assert any("最多 200 个字" in m for m in errors["added-1"])
    assert Plan.objects.count() == 1
    assert Indicator.objects.count() == 13


def test_the_import_page_still_takes_a_file_that_fits(client, manager, approved_2023):
    client.force_login(manager)
    companies = Indicator.objects.get(serial=3)
    approved = companies.actuals.get(year=2023).value
    content = workbook(
        indicators=[
            (32767, "科技型企业数（家）", approved, 4000),
            (0, "独" * 100 + "（家）", 0, 2),
        ],
        platforms=[(1, "平" * 200, "单位", "类型", "市级")],
    )
    body = upload(client, content).content.decode()
    assert "确认导入为草稿" in body, body
    client.post(reverse("planning:import_confirm"))
    assert Plan.objects.filter(first_year=2024).exists()
