"""Importing a plan's annex tables from .xlsx: a good file, row errors, hostile files."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator
from plans.models import Plan, PlanState
from platforms.models import Platform
from projects.models import Project

URL = reverse("planning:import")


def workbook(indicators, platforms=(), projects=()):
    """A filled-in copy of the template the page offers."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    tables = {
        "指标": (["序号", "指标名称（含单位）", "基期值", "目标值"], indicators),
        "技术创新平台": (["序号", "名称", "依托单位", "类型", "级别"], platforms),
        "重点项目": (["行序", "项目名称", "建设年限", "项目性质", "总投资（万元）"], projects),
    }
    for title, (header, rows) in tables.items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# 2443: the approved 2023 actual of 科技型企业数 (tests/planning/conftest.py), as a
# continuing indicator's baseline must be.
GOOD = {
    "indicators": [
        (1, "科技型企业数（家）", 2443, 3200),
        (2, "独角兽企业数（家）", 0, 2),
    ],
    "platforms": [(1, "新疆某重点实验室", "新疆大学", "重点实验室", "自治区级")],
    "projects": [(1, "某产业园二期", 2025, "新建", "12000.5")],
}


def upload(client, content, name="plan.xlsx", **fields):
    data = {
        "name": "乌鲁木齐高新区（新市区）双创示范基地建设方案（2024—2026年）",
        "first_year": "2024",
        "last_year": "2026",
        "source_document": "",
        "file": SimpleUploadedFile(name, content),
    } | fields
    return client.post(URL, data)


def test_the_template_has_the_annex_and_work_sheets(client, manager, annexes):
    client.force_login(manager)
    response = client.get(reverse("planning:import_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "指标",
        "技术创新平台",
        "重点项目",
        "工程",
        "专栏",
        "重点任务和专栏项目",
        "支持政策",
        "具体目标",
    ]


def test_a_good_file_becomes_a_draft_after_the_preview(client, manager, approved_2023):
    client.force_login(manager)
    preview = upload(client, workbook(**GOOD))
    assert "确认导入为草稿" in preview.content.decode()
    assert Plan.objects.count() == 1  # nothing saved by the preview
    client.post(reverse("planning:import_confirm"))
    plan = Plan.objects.get(state=PlanState.DRAFT)
    companies = Indicator.objects.get(plan=plan, serial=1)
    assert (companies.name, companies.unit, companies.baseline_value) == (
        "科技型企业数",
        "家",
        Decimal("2443"),
    )
    # Named as an indicator of the plan before: it continues that series.
    assert companies.continues == Indicator.objects.get(plan__first_year=2021, serial=3)
    assert Indicator.objects.get(plan=plan, serial=2).continues is None
    assert Platform.objects.filter(plan=plan).count() == 1
    assert Project.objects.get(plan=plan).total_investment == Decimal("12000.5")


def test_row_errors_are_listed_and_nothing_is_saved(client, manager, annexes):
    client.force_login(manager)
    bad = workbook(
        indicators=[(1, "科技型企业数（家）", "abc", 3200), (1, "科技型企业数（家）", 1, 2)],
        platforms=[(1, "平台", "单位", "类型", "省级")],
        projects=[(1, "项目", 2025, "新建", "=1+1")],
    )
    response = upload(client, bad)
    body = response.content.decode()
    assert "“指标”第 2 行" in body and "不是数字" in body
    assert "“指标”第 3 行" in body and "重复" in body
    assert "级别“省级”无效" in body
    assert "是公式" in body
    assert "确认导入为草稿" not in body
    assert client.post(reverse("planning:import_confirm")).status_code == 302
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"not a workbook at all", "plan.xlsx", "不是 .xlsx"),
        (b"PK\x03\x04 truncated", "plan.xlsx", "损坏"),
        (workbook(**GOOD), "plan.xls", ".xls"),
    ],
)
def test_hostile_or_wrong_files_are_refused_cleanly(client, manager, annexes, content, name, words):
    client.force_login(manager)
    response = upload(client, content, name=name)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert Plan.objects.count() == 1


def test_a_zip_bomb_is_refused_before_it_expands(client, manager, annexes):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", "0" * (50 * 1024 * 1024))
    client.force_login(manager)
    response = upload(client, buffer.getvalue())
    assert "解压后过大" in response.content.decode()
    assert Plan.objects.count() == 1


def test_a_workbook_without_the_sheets_is_refused(client, manager, annexes):
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(manager)
    response = upload(client, buffer.getvalue())
    assert "缺少“指标”工作表" in response.content.decode()


def test_leaders_and_auditors_cannot_import(client, leader, auditor, annexes):
    for user in (leader, auditor):
        client.force_login(user)
        assert upload(client, workbook(**GOOD)).status_code == 403
    assert Plan.objects.count() == 1
