"""A return and its fix, walked through the inbox in a real browser: the leader returns
2021; the manager sees the banner and the menu's count, opens the reason in one click,
fixes the figure and resubmits through the confirmation; the leader finds it in the inbox
and approves through the confirmation; the manager's 退回 notice is done. A mail leaves
at each step (the live server runs in this process: the locmem outbox sees it)."""

import pytest

from indicators.models import Indicator
from indicators.services import ActualEntry
from notices.models import Notice, NoticeKind
from reporting.services import reporting_figures_save, reporting_year_submit
from tests.reporting.conftest import fill_work

from .test_accessibility import PHONE

PATENTS = 7


@pytest.fixture
def submitted_2021(site):
    _server, users = site
    for name, user in users.items():
        user.email = f"{name}@example.com"
        user.save(update_fields=["email"])
    entries = [
        ActualEntry(indicator=i, value=i.baseline_value, key=i.serial)
        for i in Indicator.objects.all()
    ]
    reporting_figures_save(user=users["manager"], year=2021, entries=entries)
    fill_work(users["manager"], 2021)  # the year's tasks and items: submitting needs them
    reporting_year_submit(user=users["manager"], year=2021)
    return users


def mailed_to(outbox, address, fragment):
    return [m for m in outbox if any(address in to for to in m.to) and fragment in m.subject]


def test_a_return_is_seen_fixed_resubmitted_and_approved_through_the_inbox(
    visit, submitted_2021, mailoutbox
):
    mailoutbox.clear()
    leader = visit("leader")
    lp = leader.page
    lp.goto("/reporting/2021/review/")
    lp.get_by_label("退回原因（必填）").fill("第 7 项请核对后重新提交")
    with lp.expect_navigation():
        lp.click("#return-form button[type=submit]")
    assert mailed_to(mailoutbox, "manager@example.com", "2021 年数据被退回修改")

    # The manager: a banner and a count in the menu; one click opens the reason.
    manager = visit("manager")
    page = manager.page
    page.goto("/")
    assert page.inner_text("#nav-notices .nav-count").strip() == "1"
    with page.expect_navigation():
        page.locator(".notices-banner a", has_text="2021 年数据被退回修改").click()
    assert "第 7 项请核对后重新提交" in page.inner_text("#return-notice")

    page.get_by_label("每万人口发明专利拥有量 2021 年实际值").fill("19.6")
    page.get_by_label("修改原因（必填）").fill("按 2021 年统计年鉴更正")
    with page.expect_navigation():
        page.click("#entry-form button[type=submit]")
    assert "已保存 1 项" in page.inner_text("ul.messages")
    page.click("#submit-link")
    assert "领导会收到通知" in page.inner_text("main")  # the confirmation, not yet sent
    assert not mailed_to(mailoutbox, "leader@example.com", "待审定")
    with page.expect_navigation():
        page.click("#submit-form button[type=submit]")
    assert mailed_to(mailoutbox, "leader@example.com", "2021 年数据已提交，待审定")

    # The leader finds it in the inbox and approves through the confirmation.
    lp.goto("/notices/")
    with lp.expect_navigation():
        lp.locator("#notices h2 a", has_text="2021 年数据已提交，待审定").first.click()
    assert "/reporting/2021/review/" in lp.url
    lp.click("#approve-link")
    assert "只有系统管理员可以解锁" in lp.inner_text("main")
    with lp.expect_navigation():
        lp.click("#approve-form button[type=submit]")
    assert mailed_to(mailoutbox, "manager@example.com", "2021 年数据已审定")

    returned = Notice.objects.get(recipient__username="manager", kind=NoticeKind.RETURNED)
    assert returned.done_at is not None
    page.goto("/notices/")
    assert "已办结" in page.inner_text(f"#notice-{returned.pk}")
    assert not manager.console_errors and not leader.console_errors


def test_on_a_phone_the_review_comment_box_sits_under_the_indicator_name(visit, submitted_2021):
    page = visit("leader", viewport=PHONE).page
    page.goto("/reporting/2021/review/")
    row = page.locator(f"#review-{PATENTS}")
    name = row.locator("th").bounding_box()
    box = row.locator("textarea").bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]  # on screen
    assert box["y"] > name["y"]  # under the name, in the same card
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
