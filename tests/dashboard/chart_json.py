"""Reading the plotly charts a page embeds (Django's json_script) back as data."""

import json
import re


def embedded_chart(response, element_id):
    """The chart stored in <script id="element_id" type="application/json">."""
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, f"no chart {element_id!r} in the page"
    return json.loads(match.group(1))


def trace(chart_data, **attrs):
    """The one trace whose attributes match, e.g. trace(fig, meta="actual")."""
    found = [t for t in chart_data["data"] if all(t.get(k) == v for k, v in attrs.items())]
    assert len(found) == 1, f"{len(found)} traces match {attrs}"
    return found[0]
