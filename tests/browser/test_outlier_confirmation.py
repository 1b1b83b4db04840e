"""The 确认异常值 tick in a real browser (static/js/entry.js): offered while typing a value
far outside the range, carrying that value, cleared when the value changes; the save
then keeps exactly the confirmed value, flagged."""

from decimal import Decimal

from indicators.models import IndicatorActual

COMPANIES = 3  # 科技型企业数（家）: target 2381, so above 7143 is far outside the range


def test_the_tick_confirms_the_value_typed_and_no_other(visit):
    page = visit("manager").page
    page.goto("/reporting/2021/")
    row = page.locator(f"#indicator-{COMPANIES}")
    tick = row.locator(".confirm-outlier input")
    assert not row.locator(".confirm-outlier").is_visible()

    field = page.get_by_label("科技型企业数 2021 年实际值")
    field.fill("999999")
    assert row.locator(".confirm-outlier").is_visible()
    assert "确认异常值 999999" in row.locator(".confirm-outlier").inner_text()
    tick.check()
    field.fill("888888")  # changed after ticking: the tick is gone, and names the new value
    assert not tick.is_checked()
    assert tick.get_attribute("value") == "888888"

    tick.check()
    page.get_by_label("科技型企业数 说明").fill("含新迁入企业，已核实")
    with page.expect_navigation():
        page.click("#entry-form button[type=submit]")
    assert "已保存 1 项" in page.inner_text("ul.messages")
    saved = IndicatorActual.objects.get(indicator__serial=COMPANIES, year=2021)
    assert (saved.value, saved.flagged) == (Decimal("888888"), True)

    field = page.get_by_label("科技型企业数 2021 年实际值")
    field.fill("7143")  # back inside the range: nothing to confirm
    assert not page.locator(f"#indicator-{COMPANIES} .confirm-outlier").is_visible()
