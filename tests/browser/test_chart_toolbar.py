"""Every button of plotly's chart toolbar, clicked in a real browser: none leaves the site
(static/js/charts.js removes "Share chart…", Chart Studio and the logo link)."""

from urllib.parse import urlsplit

import pytest

from .test_journeys import chart_data


@pytest.mark.parametrize(
    ("path", "figure"), [("/", "gap-chart"), ("/indicators/3/", "indicator-chart")]
)
def test_every_toolbar_button_stays_on_this_site(visit, path, figure):
    leader = visit("leader")
    page = leader.page
    popups = []
    leader.context.on("page", lambda new_page: popups.append(new_page))
    page.goto(path)
    chart_data(page, figure)  # drawn
    chart = page.locator(f'[data-figure="{figure}"]')
    chart.hover()
    buttons = chart.locator(".modebar-btn")
    titles = [buttons.nth(i).get_attribute("data-title") or "" for i in range(buttons.count())]
    assert titles, "the chart has no toolbar"
    assert not [
        t for t in titles if any(w in t for w in ("Cloud", "Chart Studio", "分享", "Share"))
    ]
    assert chart.locator(".modebar-btn--logo").count() == 0
    for index in range(buttons.count()):
        chart.hover()
        buttons.nth(index).click(force=True)
        page.wait_for_timeout(200)  # let a click's requests start (not an assertion on time)
    page.wait_for_load_state("networkidle")
    hosts = {host for host in leader.request_hosts if host}
    hosts |= {urlsplit(p.url).netloc for p in popups if urlsplit(p.url).netloc}
    assert hosts == {urlsplit(leader.base_url).netloc}, hosts  # the loopback live server
    assert leader.console_errors == []
