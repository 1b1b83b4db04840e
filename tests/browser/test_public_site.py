"""The public site in a real browser, as an anonymous visitor: axe-core finds no
violation at all, a phone (390 px) never scrolls sideways, the charts are drawn with a
toolbar that cannot leave the site, and print hides the navigation."""

import pytest
from django.utils import timezone

from indicators.models import Indicator, IndicatorActual, YearApproval
from plans.models import Plan
from public.services import publication_publish

from .test_accessibility import PHONE, axe_violations, settle


@pytest.fixture
def published(site):
    _server, users = site
    plan = Plan.objects.get()
    for indicator in Indicator.objects.filter(plan=plan):
        for year in (2021, 2022, 2023):
            IndicatorActual.objects.create(
                indicator=indicator,
                year=year,
                value=indicator.baseline_value,
                entered_by=users["manager"],
            )
    for year in (2021, 2023):
        YearApproval.objects.create(
            year=year, approved_by=users["leader"], approved_at=timezone.now()
        )
        publication_publish(user=users["leader"], plan=plan, year=year)
    return plan


def pages(plan):
    base = f"/public/plans/{plan.pk}"
    return [
        "/public/",
        f"{base}/",
        f"{base}/?year=2021",
        f"{base}/indicators/1/",
        f"{base}/indicators/7/embed/",
        f"{base}/platforms/",
        f"{base}/projects/",
    ]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE])
def test_public_pages_pass_axe_fit_a_phone_and_print_clean(browser, site, published, viewport):
    live_server, _users = site
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
    page = context.new_page()
    errors, hosts = [], set()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    found = {}
    for path in pages(published):
        page.goto(path)
        settle(page)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        page.emulate_media(media="print")
        assert not page.locator(".site-header nav").is_visible(), path
        page.emulate_media(media="screen")
    assert not found, found
    assert not errors, errors
    assert hosts == {live_server.url.split("/")[2]}  # nothing from another site
    context.close()


def test_public_charts_have_no_toolbar_link_leaving_the_site(browser, site, published):
    live_server, _users = site
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto(f"/public/plans/{published.pk}/indicators/1/")
    settle(page)
    page.hover("[data-figure]")
    assert page.locator(".modebar").count() == 1
    assert page.locator(".modebar a[href]").count() == 0  # no plotly.com logo link
    assert page.locator('[data-title*="Chart Studio"], [data-title*="Cloud"]').count() == 0
    context.close()
