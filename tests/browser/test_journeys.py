"""What users meet, in a real browser: entering a figure, seeing it charted, being refused,
downloading the report; and the dashboard loads cleanly from this site alone."""

from decimal import Decimal
from urllib.parse import urlsplit

import openpyxl
import pytest

from indicators.models import IndicatorActual

from .conftest import ARTIFACTS

PATENTS = 7  # 每万人口发明专利拥有量（件）: 18.09 in 2020, 22.33 by 2023


def chart_data(page, figure_id):
    """The traces plotly drew, read back from the page's chart element."""
    selector = f'[data-figure="{figure_id}"].js-plotly-plot'
    page.wait_for_selector(selector)
    return page.eval_on_selector(
        selector, "el => el.data.map(t => ({name: t.name, x: t.x, y: t.y}))"
    )


def enter_on_the_entry_screen(visit, year, serial, value):
    page = visit.page
    page.goto(f"/admin/indicators/indicatoractual/entry/?year={year}")
    row = page.locator("#year-entry tbody tr").nth(serial - 1)
    assert row.locator("td").first.inner_text().strip() == str(serial)
    row.locator("input[name$='-value']").fill(value)
    with page.expect_navigation():
        page.click("input[type=submit].default")
    page.wait_for_selector("ul.messagelist li.success")


def test_a_figure_entered_by_the_manager_shows_in_the_leaders_chart(visit):
    manager = visit("manager")
    enter_on_the_entry_screen(manager, 2021, PATENTS, "19.5")
    manager.screenshot("entry-screen.png")
    actual = IndicatorActual.objects.get(indicator__serial=PATENTS, year=2021)
    assert actual.value == Decimal("19.5")

    leader = visit("leader")
    leader.page.goto(f"/indicators/{PATENTS}/")
    traces = chart_data(leader.page, "indicator-chart")
    drawn = {
        (str(x), y) for trace in traces for x, y in zip(trace["x"], trace["y"] or [], strict=False)
    }
    assert ("2021", 19.5) in drawn, traces
    leader.screenshot("indicator-page.png")
    assert not leader.console_errors


def test_leadership_sees_no_edit_links_and_is_refused_when_it_posts_anyway(visit):
    leader = visit("leader")
    page = leader.page
    for path in ["/", f"/indicators/{PATENTS}/"]:
        page.goto(path)
        page.wait_for_selector(".js-plotly-plot")
        edit_links = page.locator(
            "a[href*='/entry/'], a[href*='/add/'], a[href*='/change/'], a[href*='/import/']"
        )
        assert edit_links.count() == 0, path

    # Post the entry screen's form anyway, with the leader's own session and CSRF token.
    response = post_entry_form(leader, value="99")
    assert response.status == 403
    assert "CSRF" not in response.text()  # refused for the role, not for the form
    assert not IndicatorActual.objects.exists()
    # The same request from a manager's browser gets past the role and CSRF checks (and is
    # then turned away as an incomplete form): the leader's refusal is the role's.
    assert post_entry_form(visit("manager"), value="19.5").status == 400


def post_entry_form(v, value):
    v.page.goto("/")
    token = next(c["value"] for c in v.context.cookies() if c["name"] == "csrftoken")
    return v.page.request.post(
        "/admin/indicators/indicatoractual/entry/?year=2021",
        form={
            "csrfmiddlewaretoken": token,
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-indicator_id": str(PATENTS),
            "form-0-value": value,
        },
        headers={"Referer": v.base_url + "/"},
        max_redirects=0,
    )


def test_the_auditor_downloads_the_excel_report_and_it_opens(visit):
    auditor = visit("auditor")
    page = auditor.page
    page.goto("/")
    with page.expect_download() as download_info:
        page.click("a[href^='/reports/download/']")
    download = download_info.value
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "audit-report.xlsx"
    download.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames
    text = " ".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    assert "每万人口发明专利拥有量" in text


@pytest.mark.parametrize("role", ["leader", "manager"])
def test_the_dashboard_loads_cleanly_and_only_from_this_site(visit, role):
    v = visit(role)
    v.page.goto("/")
    v.page.wait_for_selector(".js-plotly-plot")
    v.page.wait_for_load_state("networkidle")
    assert not v.console_errors
    assert v.request_hosts == {urlsplit(v.base_url).netloc}
    if role == "leader":
        v.screenshot("dashboard.png")
