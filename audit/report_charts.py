"""The evaluation report's charts as PNG images, drawn offline.

plotly builds each chart; kaleido renders it in Debian's chromium (never a browser kaleido
would download), with plotly.py's own copy of plotly.js and no MathJax, so nothing is
fetched from the network. One browser is started per document and draws every chart.
"""

import asyncio
import os

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from indicators.progress import expected_value

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
ACTUAL, LINE, TARGET = "#1F5FA8", "#616E7C", "#E69F00"
SIZE = {"format": "png", "width": 900, "height": 420, "scale": 1}
# A browser that does not answer must not hold the report (or a worker) forever: past this,
# the document is written without its charts, saying why (report_docx.py).
RENDER_SECONDS = 120


def indicator_chart(item, evaluation):
    """Baseline, the straight line to the target, the actuals (hollow while provisional)."""
    period = evaluation.period
    goal = item.indicator.goal
    years = list(range(period.baseline_year, period.last_year + 1))
    chart = go.Figure()
    chart.add_trace(
        go.Scatter(
            name=_("直线进度（预期值）"),
            x=years,
            y=[float(expected_value(goal, y)) for y in years],
            mode="lines",
            line={"color": LINE, "dash": "dash"},
        )
    )
    shown = sorted(item.actuals.items())
    chart.add_trace(
        go.Scatter(
            name=_("实际值（空心为待审定）"),
            x=[period.baseline_year, *(y for y, _v in shown)],
            y=[float(goal.baseline_value), *(float(v) for _y, v in shown)],
            mode="lines+markers",
            line={"color": ACTUAL},
            marker={
                "size": 10,
                "color": ACTUAL,
                "symbol": ["circle"]
                + [
                    "circle" if y in evaluation.locked_years else "circle-open"
                    for y, _v in shown
                ],
            },
        )
    )
    chart.add_trace(
        go.Scatter(
            name=_("目标值"),
            x=[period.last_year],
            y=[float(goal.target_value)],
            mode="markers",
            marker={"symbol": "star", "size": 16, "color": TARGET},
        )
    )
    unit = f"（{item.indicator.unit}）" if item.indicator.unit else ""
    chart.update_layout(
        template="none",
        font={"family": FONT, "size": 14},
        title={"text": f"{item.indicator.serial}. {item.indicator.name}{unit}"},
        xaxis={"tickmode": "array", "tickvals": years, "ticktext": [str(y) for y in years]},
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
    )
    return chart


def render_png(charts):
    """Every chart as PNG bytes, in order, from one chromium session."""
    return asyncio.run(asyncio.wait_for(_render(charts), timeout=RENDER_SECONDS))


async def _render(charts):
    import kaleido  # imported here: only documents with charts need it

    async with kaleido.Kaleido(n=1, path=CHROMIUM, mathjax=False) as renderer:
        return [await renderer.calc_fig(chart, opts=SIZE) for chart in charts]
