"""Importing a plan's work from the template's work sheets: the round trip from the
downloaded template to the draft's rows, every row checked first (identifiers, parents,
units, lengths), and older templates without the sheets."""

import io

import openpyxl
from django.urls import reverse

from plans.models import Plan, PlanState, Unit
from work.models import Goal, Policy, Programme, Spotlight, WorkItem, WorkKind

from .test_import import GOOD, upload

PROGRAMMES = [("1", "（一）", "实施科技创新工程", "原文一"), ("2", "（二）", "实施人才工程", "")]
SPOTLIGHTS = [("1-1", "1", "创新平台建设")]
WORK_ITEMS = [
    ("重点任务", "1.1", "1", "", "建设创新平台", "", "区发改委", "区科技局、区财政局", ""),
    ("专栏项目", "1-1-1", "", "1-1", "某重点实验室", "", "区科技局", "", "内部"),
]
POLICIES = [("1", "《某扶持办法》")]
GOALS = [("1", "构建创新生态", "——构建创新生态。")]


def filled_template(client, **rows):
    """The template the page offers, with GOOD's annex rows and the given work rows."""
    content = client.get(reverse("planning:import_template")).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheets = {
        "指标": GOOD["indicators"],
        "技术创新平台": GOOD["platforms"],
        "重点项目": GOOD["projects"],
        "工程": rows.get("programmes", PROGRAMMES),
        "专栏": rows.get("spotlights", SPOTLIGHTS),
        "重点任务和专栏项目": rows.get("work_items", WORK_ITEMS),
        "支持政策": rows.get("policies", POLICIES),
        "具体目标": rows.get("goals", GOALS),
    }
    for title, data in sheets.items():
        for number, row in enumerate(data, start=2):
            for column, value in enumerate(row, start=1):
                book[title].cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def units(plan):
    for name in ("区科技局", "区财政局"):
        Unit.objects.get_or_create(base=plan.base, name=name)


def test_the_work_sheets_round_trip_into_the_draft(client, manager, approved_2023):
    units(Plan.objects.get())
    client.force_login(manager)
    preview = upload(client, filled_template(client))
    assert "确认导入为草稿" in preview.content.decode(), preview.content.decode()
    client.post(reverse("planning:import_confirm"))
    plan = Plan.objects.get(state=PlanState.DRAFT)
    assert list(Programme.objects.filter(plan=plan).values_list("identifier", "number")) == [
        ("1", "（一）"),
        ("2", "（二）"),
    ]
    spotlight = Spotlight.objects.get(plan=plan)
    assert (spotlight.identifier, spotlight.programme.identifier) == ("1-1", "1")
    task = WorkItem.objects.get(plan=plan, kind=WorkKind.TASK)
    assert (task.identifier, task.lead_unit.name, task.visibility) == ("1.1", "区发改委", "public")
    assert {u.name for u in task.collaborating_units.all()} == {"区科技局", "区财政局"}
    item = WorkItem.objects.get(plan=plan, kind=WorkKind.SPOTLIGHT_ITEM)
    assert (item.spotlight, item.programme.identifier, item.visibility) == (
        spotlight,
        "1",
        "internal",
    )
    assert Policy.objects.get(plan=plan).title == "《某扶持办法》"
    assert Goal.objects.get(plan=plan).text == "——构建创新生态。"


def test_an_older_template_without_work_sheets_still_imports(client, manager, approved_2023):
    from .test_import import workbook

    client.force_login(manager)
    upload(client, workbook(**GOOD))
    client.post(reverse("planning:import_confirm"))
    plan = Plan.objects.get(state=PlanState.DRAFT)
    assert not Programme.objects.filter(plan=plan).exists()
    assert not WorkItem.objects.filter(plan=plan).exists()


def test_bad_work_rows_are_listed_by_sheet_row_and_column_and_nothing_is_saved(
    client, manager, approved_2023
):
    client.force_login(manager)
    bad = filled_template(
        client,
        programmes=[*PROGRAMMES, ("1", "（三）", "重复编号的工程", "")],
        spotlights=[("1-1", "9", "所属工程不存在")],
        work_items=[
            ("重点任务", "1.1", "1", "", "建设创新平台", "", "不存在的局", "", ""),
            ("专栏项目", "1-1-1", "", "", "缺少专栏", "", "", "", ""),
            ("任务", "1 2", "1", "", "类别和编号都不对", "", "", "", ""),
            ("重点任务", "1.2", "1", "", "长" * 301, "", "", "", ""),
        ],
    )
    body = upload(client, bad).content.decode()
    assert "“工程”第 4 行" in body and "“编号”1 与第 2 行重复" in body
    assert "“专栏”第 2 行" in body and "“所属工程编号”9 在“工程”工作表中没有" in body
    assert "“重点任务和专栏项目”第 2 行" in body and "“不存在的局”不是本示范基地的责任单位" in body
    assert "专栏项目必须填写“所属专栏编号”" in body
    assert "“类别”“任务”无效" in body and "“编号”“1 2”格式不对" in body
    assert "“名称”过长：最多 300 个字" in body
    assert "确认导入为草稿" not in body
    assert Plan.objects.count() == 1
    assert Programme.objects.count() == Programme.objects.filter(plan__first_year=2021).count()
