"""The pages work under the Content-Security-Policy: no violation in a real browser,
except the policy refusing another host (ReDoc always tries its logo from its CDN: the
policy blocks it and ReDoc hides the image)."""

import re

import pytest

from .test_journeys import chart_data


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/", '[data-figure="gap-chart"].js-plotly-plot'),
        ("/platforms/", '[data-figure="host-chart"].js-plotly-plot'),
        ("/api/docs/", ".swagger-ui .info"),
        ("/api/redoc/", "#redoc-container h1"),
        ("/admin/indicators/indicatoractual/", "#changelist"),
    ],
)
def test_no_policy_violation(visit, path, ready):
    leader = visit("leader")
    violations = []
    leader.page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and violations.append(m.text),
    )
    leader.page.goto(path)
    leader.page.wait_for_selector(ready, timeout=30_000)
    if path == "/":
        assert chart_data(leader.page, "gap-chart")
    blocked_elsewhere = re.compile(r"^Loading the \w+ 'https?://(?!127\.0\.0\.1|localhost)")
    assert [v for v in violations if not blocked_elsewhere.match(v)] == []
    # Script errors (a blocked script would break the page); a missing /favicon.ico, which
    # Chromium may or may not ask for in time, is no concern of the policy.
    others = [e for e in leader.console_errors if e not in violations]
    assert [e for e in others if not e.startswith("Failed to load resource")] == []
