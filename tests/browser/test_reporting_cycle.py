"""A whole year of the reporting cycle in a real browser, without opening /admin/:
the manager enters, attaches a file and submits; the leader returns it with a comment;
the manager sees it, fixes a figure with a reason and resubmits; the leader approves
after the confirmation; the year is locked on every path; the auditor sees the reasons,
the comments and the file."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from indicators.models import Indicator, IndicatorActual, YearApproval
from plans.models import Plan
from reporting.models import Evidence
from tests.reporting.conftest import fill_work

from .conftest import ARTIFACTS

PDF = b"%PDF-1.4\n% 2021 statistical yearbook extract\n%%EOF\n"
PATENTS = 7


def save_entry(page):
    with page.expect_navigation():
        page.click("#entry-form button[type=submit]")


def test_a_whole_year_on_the_site(visit, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    manager = visit("manager")
    page = manager.page

    # From the dashboard, one click to 数据填报, one to the year.
    page.goto("/")
    page.click("nav >> text=数据填报")
    page.click("#year-2021 a.button")
    assert page.url.endswith(f"/reporting/2021/?plan={Plan.objects.get().pk}")
    for indicator in Indicator.objects.order_by("serial"):
        page.get_by_label(f"{indicator.name} 2021 年实际值").fill(str(indicator.baseline_value))
    save_entry(page)
    assert "已保存 13 项" in page.inner_text("ul.messages")

    page.select_option("#id_target", label=f"{PATENTS}. 每万人口发明专利拥有量")
    pdf = tmp_path / "年鉴摘录.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("#id_file", str(pdf))
    with page.expect_navigation():
        page.click("#evidence-form button[type=submit]")
    assert "已上传佐证材料" in page.inner_text("ul.messages")
    # The year's work (tasks and 专栏 items) has its own page (工作填报, walked in
    # tests/reporting/test_work_entry.py); here it is filled so the year may be submitted.
    fill_work(get_user_model().objects.get(username="manager"), 2021)
    page.click("#submit-link")  # 提交审定 asks for confirmation first
    assert "领导会收到通知" in page.inner_text("main")
    assert "已提交审定" not in page.inner_text("main")
    with page.expect_navigation():
        page.click("#submit-form button[type=submit]")
    assert "已提交审定" in page.inner_text("ul.messages")
    assert not any("/admin/" in url for url in manager.visited)

    # The leader: one click from the dashboard to 审定, returns 2021 with a comment.
    leader = visit("leader")
    lp = leader.page
    lp.goto("/")
    lp.click("nav >> text=审定")
    lp.click("text=审阅 2021 年数据")
    lp.get_by_label("对“每万人口发明专利拥有量”的意见").fill("与统计年鉴不符，请核对")
    lp.get_by_label("退回原因（必填）").fill("第 7 项请核对后重新提交")
    with lp.expect_navigation():
        lp.click("#return-form button[type=submit]")
    assert "已退回" in lp.inner_text("ul.messages")

    # The manager sees the return and the comment, fixes the figure with a reason.
    page.goto("/reporting/2021/")
    assert "第 7 项请核对后重新提交" in page.inner_text("#return-notice")
    assert "与统计年鉴不符" in page.inner_text(f"#indicator-{PATENTS}")
    field = page.get_by_label("每万人口发明专利拥有量 2021 年实际值")
    field.fill("19.6")
    save_entry(page)  # no reason: refused, the input marked as not saved
    assert "修改原因" in page.inner_text("#entry-form")
    assert "未保存" in page.inner_text(f"#indicator-{PATENTS}")
    assert page.inner_text(f"#indicator-{PATENTS} td.stored").strip() == "18.09"
    page.get_by_label("修改原因（必填）").fill("按 2021 年统计年鉴更正")
    save_entry(page)
    assert "已保存 1 项" in page.inner_text("ul.messages")
    page.click("#submit-link")
    with page.expect_navigation():
        page.click("#submit-form button[type=submit]")

    # The leader approves after the confirmation step.
    lp.goto("/reporting/2021/review/")
    lp.click("#approve-link")
    assert "只有系统管理员可以解锁" in lp.inner_text("main")
    assert not YearApproval.objects.exists()
    leader.screenshot("approve-confirm.png")
    with lp.expect_navigation():
        lp.click("#approve-form button[type=submit]")
    assert YearApproval.objects.for_year(2021).approved_by.username == "leader"

    # Locked on every path: the entry screen, the API, the admin's entry screen.
    page.goto("/reporting/2021/")
    assert page.locator("#entry-form input[type=text]").count() == 0
    token = next(c["value"] for c in manager.context.cookies() if c["name"] == "csrftoken")
    actual = IndicatorActual.objects.get(indicator__serial=PATENTS, year=2021)
    api = page.request.patch(
        f"/api/v1/actuals/{actual.pk}/",
        data={"value": "30", "version": actual.version},
        headers={"X-CSRFToken": token, "Referer": manager.base_url + "/"},
    )
    assert api.status == 409
    actual.refresh_from_db()
    assert actual.value == Decimal("19.6")

    # The auditor reads the reasons, the comments and downloads the file.
    auditor = visit("auditor")
    ap = auditor.page
    ap.goto("/")
    ap.click("nav >> text=填报记录")
    ap.click("text=2021 年详情")
    record = ap.inner_text("main")
    for text in ["按 2021 年统计年鉴更正", "与统计年鉴不符，请核对", "第 7 项请核对后重新提交"]:
        assert text in record
    with ap.expect_download() as download_info:
        ap.click("text=年鉴摘录.pdf")
    ARTIFACTS.mkdir(exist_ok=True)
    saved = ARTIFACTS / "evidence.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes() == PDF == Evidence.objects.get().file.read()
    auditor.screenshot("review-auditor.png")
    for v in (manager, leader, auditor):
        assert not v.console_errors
