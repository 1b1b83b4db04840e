"""Every page of the site, for every role: axe-core (WCAG 2.1 A/AA rules) finds no serious
or critical violation, and at 390×844 (a phone) the page itself never scrolls sideways
(a wide table may scroll inside its own box). Results go to test-artifacts/."""

import datetime
import json

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from indicators.models import Indicator
from reporting.models import Evidence
from reporting.services import reporting_figures_save, reporting_year_submit

from .conftest import ARTIFACTS

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}

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
    ],
    "leader": [*EVERYONE, "/reporting/2021/approve/", "/reports/changes/"],
    "auditor": [*EVERYONE, "/reports/changes/"],
}
SERIOUS = {"serious", "critical"}


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
    reporting_year_submit(user=users["manager"], year=2021)
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


@pytest.mark.parametrize("role", sorted(PAGES))
def test_every_page_passes_axe_and_fits_a_phone(visit, a_submitted_year, role):
    desktop, phone = visit(role), visit(role, viewport=PHONE)
    report, serious, too_wide = {}, [], []
    for path in PAGES[role]:
        desktop.page.goto(path)
        settle(desktop.page)
        found = axe_violations(desktop.page)
        report[path] = found
        serious += [(path, v) for v in found if v["impact"] in SERIOUS]

        phone.page.goto(path)
        settle(phone.page)
        width = phone.page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        report[path + " @390"] = {"scrollWidth": width[0], "innerWidth": width[1]}
        if width[0] > width[1]:
            too_wide.append((path, width))
        if path in ("/", "/reporting/2021/", "/reporting/2021/review/"):
            name = path.strip("/").replace("/", "-") or "dashboard"
            phone.screenshot(f"phone-{role}-{name}.png")
            desktop.screenshot(f"desktop-{role}-{name}.png")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{role}.json").write_text(
        json.dumps(
            {"date": datetime.date.today().isoformat(), "pages": report},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    assert not serious, json.dumps(serious, ensure_ascii=False, indent=1)
    assert not too_wide, too_wide
    assert not desktop.console_errors and not phone.console_errors


def test_the_login_page_passes_axe_and_fits_a_phone(browser, site):
    live_server, _users = site
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.goto("/accounts/login/")
    serious = [v for v in axe_violations(page) if v["impact"] in SERIOUS]
    assert not serious, serious
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
