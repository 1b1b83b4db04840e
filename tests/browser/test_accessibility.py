"""Every page of the site, for every role, in its normal and its error states: axe-core
(WCAG 2.1 A/AA and best-practice rules) finds no violation of any impact at 1366 px nor
at 390×844 (a phone), where the page itself never scrolls sideways either (a wide table
may scroll inside its own box). Results go to test-artifacts/."""

import datetime
import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from core import roles
from indicators.models import Indicator
from reporting.models import Evidence
from reporting.services import reporting_figures_save, reporting_year_submit
from tests.conftest import make_user

from .conftest import ARTIFACTS

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

EVERYONE = [
    "/",
    "/indicators/7/",
    "/platforms/",
    "/projects/",
    "/reporting/",
    "/reporting/review/",
    "/reporting/2021/review/",
    "/reporting/2022/review/",
    "/accounts/password_change/",
    "/plans/",
    "/work/",
    "/work/5.1/",
    "/work/4-1-2/",
    "/work/policies/",
    "/work/scorecard/",
    "/notices/",
    "/public/",
    "/no-such-page/",  # the site's 404 page
]
PAGES = {
    "manager": [
        *EVERYONE,
        "/reporting/2021/",
        "/reporting/2022/",
        "/reporting/2021/import/",
        "/reporting/2022/projects/",
        "/reporting/2022/submit/",
        "/plans/draft/",
        "/plans/import/",
        "/reporting/2021/approve/",  # the site's 403 page
    ],
    "leader": [*EVERYONE, "/reporting/2021/approve/", "/reports/changes/"],
    "auditor": [*EVERYONE, "/reports/changes/"],
    "unit_reporter": ["/", "/work/", "/notices/", "/accounts/password_change/", "/reporting/"],
    "admin": ["/", "/reports/changes/", "/public/manage/", "/notices/", "/no-such-page/"],
}


def refused_entry(page):
    """The entry page after a refused save (a letter in a figure)."""
    page.goto("/reporting/2022/")
    page.get_by_label("每万人口发明专利拥有量 2022 年实际值").fill("12,3x")
    with page.expect_navigation():
        page.click("#entry-form button[type=submit]")
    assert page.locator("#error-summary").count() == 1
    # The summary takes focus (not <body>) and links to the refused field.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "“x”" in page.inner_text("#error-summary a[href^='#id_form-']")


def refused_import(page, tmp_path):
    """The import page after a file that is not a workbook."""
    bad = tmp_path / "not-a-workbook.xlsx"
    bad.write_bytes(b"plain text, not a workbook")
    page.goto("/reporting/2022/import/")
    page.set_input_files("#id_file", str(bad))
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def return_without_reason(page):
    """The review page after a return without its reason (the browser's check bypassed)."""
    page.goto("/reporting/2021/review/")
    page.evaluate("document.getElementById('return-form').noValidate = true")
    with page.expect_navigation():
        page.click("#return-form button[type=submit]")


ERROR_STATES = {
    "manager": [("refused entry", refused_entry), ("refused import", refused_import)],
    "leader": [("return without a reason", return_without_reason)],
}


@pytest.fixture
def a_submitted_year(site, tmp_path):
    """2021 complete and submitted with a file; 2022 empty: both kinds of page."""
    settings.MEDIA_ROOT = tmp_path
    _server, users = site
    from indicators.services import ActualEntry

    entries = [
        ActualEntry(indicator=i, value=i.baseline_value, key=i.serial)
        for i in Indicator.objects.all()
    ]
    reporting_figures_save(user=users["manager"], year=2021, entries=entries)
    Evidence.objects.create(
        year=2021,
        indicator=Indicator.objects.get(serial=7),
        file=ContentFile(b"%PDF-1.4\n", name="evidence/2021/a.pdf"),
        original_name="年鉴.pdf",
        kind="pdf",
        size=9,
        uploaded_by=users["manager"],
    )
    from tests.reporting.conftest import fill_work

    fill_work(users["manager"], 2021)
    from tests.reporting.conftest import fill_work

    fill_work(users["manager"], 2021)  # the year's work too, or it is not complete
    reporting_year_submit(user=users["manager"], year=2021)
    users["unit_reporter"] = make_user(get_user_model(), "unit_reporter", roles.UNIT_REPORTER)
    users["admin"] = make_user(get_user_model(), "admin", is_superuser=True)
    return users


def axe_violations(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> tag: the site's
        # Content-Security-Policy rightly refuses inline scripts, and axe is the test's.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag",
              values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def settle(page):
    page.wait_for_load_state("networkidle")
    if page.locator("[data-figure]").count():
        page.wait_for_selector("[data-figure].js-plotly-plot")


def check(page, label, report, found, too_wide=None):
    """axe on the page as it is now; at 390 px, also whether it scrolls sideways."""
    settle(page)
    violations = axe_violations(page)
    report[label] = violations
    found += [(label, v) for v in violations]
    if too_wide is not None:
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            too_wide.append((label, width))


@pytest.mark.parametrize("role", sorted(PAGES))
def test_every_page_passes_axe_and_fits_a_phone(visit, a_submitted_year, role, tmp_path):
    desktop, phone = visit(role, viewport=DESKTOP), visit(role, viewport=PHONE)
    report, found, too_wide = {}, [], []
    for path in PAGES[role]:
        desktop.page.goto(path)
        check(desktop.page, path, report, found)
        phone.page.goto(path)
        check(phone.page, path + " @390", report, found, too_wide)
        if path in ("/", "/reporting/2021/", "/reporting/2021/review/"):
            name = path.strip("/").replace("/", "-") or "dashboard"
            phone.screenshot(f"phone-{role}-{name}.png")
            desktop.screenshot(f"desktop-{role}-{name}.png")
    for name, reach in ERROR_STATES.get(role, []):
        for v, suffix in ((desktop, ""), (phone, " @390")):
            if reach is refused_import:
                reach(v.page, tmp_path)
            else:
                reach(v.page)
            check(v.page, name + suffix, report, found, too_wide if suffix else None)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{role}.json").write_text(
        json.dumps(
            {"date": datetime.date.today().isoformat(), "pages": report},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    assert not too_wide, too_wide
    # 403/404 pages log their status as a console error; nothing else may.
    errors = [e for e in desktop.console_errors + phone.console_errors if "40" not in e]
    assert not errors, errors


def test_the_login_page_passes_axe_and_fits_a_phone(browser, site):
    live_server, _users = site
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.goto("/accounts/login/")
    found = axe_violations(page)
    assert not found, found
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
