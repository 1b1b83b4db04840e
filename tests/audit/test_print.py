"""The audit workbook and the evaluation report printed by a real office suite (LibreOffice
headless to PDF): they open, Chinese renders, pages are numbered, the one-year workbook
with the demo figures fits on at most 12 A4 pages."""

from pathlib import Path

import pytest

from audit.evaluation import build_evaluation
from audit.plan_period import current_plan_period
from audit.report_docx import build_report
from audit.workbook import ReportScope, build_workbook

from .demo_figures import enter_demo_figures
from .print_check import fonts, needs_office, page_count, page_size, pages_text, to_pdf

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
A4_LANDSCAPE, A4_PORTRAIT = (842, 595), (595, 842)

pytestmark = needs_office


@pytest.fixture
def demo(annexes, manager, leader):
    enter_demo_figures(manager, leader)


def printed(name, content):
    ARTIFACTS.mkdir(exist_ok=True)
    document = ARTIFACTS / name
    document.write_bytes(content)
    return to_pdf(document)


def test_the_one_year_workbook_prints_on_at_most_12_numbered_a4_pages(demo):
    pdf = printed("workbook-2021.xlsx", build_workbook(ReportScope(year=2021), generated_by="审计"))
    pages = pages_text(pdf)
    assert 1 < page_count(pdf) <= 12
    assert tuple(round(x) for x in page_size(pdf)) == A4_LANDSCAPE
    assert all(f"共{len(pages)}页" in page.replace(" ", "") for page in pages)
    assert "科技型企业数" in pages[1] and "建设指标审计报表" in pages[1]  # header on every page
    assert "CID" in fonts(pdf) or "Hei" in fonts(pdf)  # a CJK font embedded
    # The project totals print with their labels.
    totals = next(p for p in pages if "合计（含重复计算）" in p)
    assert "3,786,980.20" in totals


def test_the_evaluation_report_prints_with_chinese_and_page_numbers(demo):
    report = build_report(build_evaluation(current_plan_period(), 2022))
    pdf = printed("evaluation-2022.docx", report)
    pages = pages_text(pdf)
    assert tuple(round(x) for x in page_size(pdf)) == A4_PORTRAIT
    assert "阶段评估报告" in pages[0]
    assert "13项指标中" in "".join(pages).replace(" ", "")
    assert all(f"第{n}页共{len(pages)}页" in p.replace(" ", "") for n, p in enumerate(pages, 1))
