"""The pages' charts: plotly figures built in Python from data computed elsewhere.

Nothing here computes progress (indicators/progress.py does) or queries the database:
each function takes what a page already built and returns a chart (a
`plotly.graph_objects.Figure`). Templates embed `chart_json(chart)` and draw it with our
own copy of plotly.js (static/js/charts.js); never `to_html()`, whose defaults load
plotly.js from a CDN. Status colours and symbols come from indicators/palette.py.
"""

import html
import json
from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from core.numbers import format_decimal
from indicators.palette import STATUS_COLOURS, STATUS_SYMBOLS, STATUS_TEXT_COLOURS
from indicators.progress import Status
from indicators.rules import counts_whole_things

BAR_COLOUR = "#1F5FA8"
TARGET_COLOUR = "#000000"
EXPECTED_COLOUR = "#616E7C"
FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif'


def _number(value):
    """A Decimal as plotly wants it (a float, for drawing only) or None for a gap."""
    return None if value is None else float(value)


def _shown(value, grouped=False):
    """A number in hover text and bar labels: 2381, 18.09, 1,050,000; — for none."""
    return format_decimal(value, grouped=grouped, empty="—")


def plain(text):
    """A stored string (a name, a unit, a label someone typed) as plotly text: plotly draws
    `<a href>`, `<b>`, `<br>` in labels, titles and hover text as markup, so a name could
    put a link in a chart leadership sees. Escaped, it is drawn as typed (plotly decodes
    &lt; &gt; &amp;, but not &quot;, so quotes stay as they are)."""
    return html.escape(str(text), quote=False)


def value_range(values):
    """The y-range of an indicator's chart: its lowest to highest value with a margin.

    Not from zero when zero is far below the data: 1,762 → 2,500 drawn from zero flattens
    the gap between the actuals and the straight line into one thin band. From zero when
    the data come near it anyway (within half their span), so bars of small counts keep
    their true proportions.
    """
    numbers = [float(v) for v in values if v is not None]
    if not numbers:
        return None
    low, high = min(numbers), max(numbers)
    span = high - low or abs(high) or 1.0
    pad = span * 0.12
    bottom = low - pad
    if low >= 0 and (bottom < 0 or low <= span * 0.5):
        bottom = 0.0
    return [bottom, high + pad]


def _layout(**kwargs):
    """The common look; the "none" template keeps plotly's default theme out of the JSON.

    Titles sit top left, above the plot, and the toolbar top right: the toolbar never
    covers a title (static/js/charts.js hides it on a phone, where it has no room).
    """
    layout = {
        "template": "none",
        "font": {"family": FONT, "size": 14},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {"orientation": "h", "y": -0.15},
        "plot_bgcolor": "#FFFFFF",
        "paper_bgcolor": "#FFFFFF",
    }
    layout.update(kwargs)
    if "title" in layout:
        layout["title"] = {
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "pad": {"l": 10},
            **layout["title"],
        }
    return layout


def gap_closed_chart(dashboard, rows=None):
    """Gap closed (增量进度) by each indicator of `rows` (default: all), in the cards' order
    (those needing attention first), coloured by status, with each indicator's expected
    position marked.

    Each bar's number and status sit in a column right of the plot, never across the
    100 % line. `layout.meta.phone` holds what static/js/charts.js swaps in below 600 px:
    short names, a short axis title and a narrower label column.
    """
    rows = list(dashboard.attention_first if rows is None else rows)
    categories = [f"{r.indicator.serial}. {plain(r.indicator.name)}" for r in rows]
    traces = []
    for status in Status:
        group = [(c, r) for c, r in zip(categories, rows, strict=True) if r.status == status]
        if not group:
            continue
        traces.append(
            go.Bar(
                name=f"{STATUS_SYMBOLS[status]} {status.label!s}",
                orientation="h",
                y=[c for c, _r in group],
                x=[_number(r.gap_closed_percent) or 0 for _c, r in group],
                marker={"color": STATUS_COLOURS[status]},
                customdata=[[_shown(r.gap_closed_percent), str(status.label)] for _c, r in group],
                hovertemplate="%{y}<br>"
                + _("增量进度")
                + " %{customdata[0]}%<br>%{customdata[1]}<extra></extra>",
            )
        )
    expected = [r.expected_gap_closed_percent for r in rows]
    traces.append(
        go.Scatter(
            name=_("%(year)s年应达进度") % {"year": dashboard.year},
            mode="markers",
            y=categories,
            x=[_number(e) for e in expected],
            marker={
                "symbol": "line-ns-open",
                "size": 22,
                "line": {"width": 3, "color": TARGET_COLOUR},
                "color": TARGET_COLOUR,
            },
            customdata=[_shown(e) for e in expected],
            hovertemplate="%{y}<br>" + _("应达进度") + " %{customdata}%<extra></extra>",
        )
    )
    shown = [float(r.gap_closed_percent or 0) for r in rows]
    highest = max(shown + [100]) * 1.08
    lowest = min(shown + [0])
    if lowest < 0:
        lowest -= 0.08 * (highest - lowest)

    # The labels are one text trace on an axis of their own right of the plot: plotly
    # checks a trace's arrays at once but each annotation on its own (7 ms for 48).
    traces.append(
        go.Scatter(
            meta="labels",
            mode="text",
            xaxis="x2",
            x=[0] * len(rows),
            y=categories,
            text=[_gap_label(r, short=False) for r in rows],
            textposition="middle right",
            textfont={"color": [STATUS_TEXT_COLOURS[r.status] for r in rows]},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    target_note = {
        # At the foot of the 100 % line, where the rows needing attention leave room.
        "x": 100,
        "y": 0,
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "text": _("目标 100%"),
    }
    return _figure(
        traces,
        _layout(
            title={
                "text": _("%(year)s年各指标增量进度（%%）") % {"year": dashboard.year},
                "yref": "container",
                "y": 0.98,
            },
            height=170 + 36 * len(rows),
            barmode="overlay",
            margin={"l": 20, "r": 10, "t": 100, "b": 40},
            xaxis={
                "domain": [0, LABEL_COLUMN],
                "title": {"text": _("增量进度：(实际值 − 基期值) ÷ (目标值 − 基期值)，%")},
                "ticksuffix": "%",
                "range": [lowest, highest],
                "zeroline": True,
                "gridcolor": "#E4E7EB",
            },
            xaxis2={"domain": [LABEL_COLUMN, 1], "range": [0, 1], "visible": False},
            yaxis={
                "categoryorder": "array",
                "categoryarray": list(reversed(categories)),  # plotly draws the first at the bottom
                "automargin": True,
            },
            legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
            annotations=[target_note],
            shapes=[
                {
                    "type": "line",
                    "x0": 100,
                    "x1": 100,
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": TARGET_COLOUR, "dash": "dot", "width": 1},
                }
            ],
            meta={
                "phone": {
                    "margin": {"l": 10, "r": 4, "t": 60, "b": 50},
                    "xaxis": {
                        "title": {"text": _("增量进度（%）")},
                        "domain": [0, PHONE_LABEL_COLUMN],
                    },
                    "xaxis2": {"domain": [PHONE_LABEL_COLUMN, 1]},
                    "yaxis": {
                        "tickmode": "array",
                        "tickvals": categories,
                        "ticktext": [_short_name(r) for r in rows],
                    },
                    # The text of the trace whose meta is "labels".
                    "labels": [_gap_label(r, short=True) for r in rows],
                }
            },
        ),
    )


def _gap_label(row, short):
    """The number and status beside a bar: "▲ 48.5% 进度滞后"; on a phone "▲ 48.5%"."""
    symbol = STATUS_SYMBOLS[row.status]
    number = f"{row.gap_closed_percent}%" if row.gap_closed_percent is not None else ""
    if short:
        return f"{symbol} {number}".strip()
    return " ".join(part for part in (symbol, number, str(row.status.label)) if part)


PHONE_NAME_LENGTH = 7
# Where the plot ends and the column of labels begins (a share of the chart's width).
LABEL_COLUMN = 0.84
PHONE_LABEL_COLUMN = 0.8


def _short_name(row):
    """An indicator's name on a phone: its serial and the first characters of its name."""
    name = row.indicator.name
    if len(name) > PHONE_NAME_LENGTH:
        name = name[:PHONE_NAME_LENGTH] + "…"
    return f"{row.indicator.serial}. {plain(name)}"


def indicator_chart(detail):
    """Baseline, target, the expected straight line and the actuals of an indicator's
    whole series: each plan period with its own baseline, target and straight line.

    Approved actuals are filled markers, provisional ones hollow; years after the last
    plan's target year sit on a shaded "post-plan" band.
    """
    indicator = detail.indicator
    goal = detail.goal
    unit = plain(indicator.unit)
    cumulative = goal.cumulative
    several = len(detail.periods) > 1
    traces = [
        trace
        for index, period in enumerate(detail.periods)
        for trace in _period(period, unit, several, PERIOD_STYLES[index % len(PERIOD_STYLES)])
    ]
    last_goal = detail.periods[-1].goal  # the last period: where post-plan years begin
    rows = detail.rows_with_value
    traces.append(
        go.Scatter(
            meta="actual",
            name=_("累计实际值") if cumulative else _("实际值"),
            mode="lines+markers",
            x=[r.year for r in rows],
            y=[_number(r.assessment.value) for r in rows],
            line={"color": BAR_COLOUR, "width": 2},
            marker={
                "size": 13,
                "symbol": ["circle-open" if r.provisional else "circle" for r in rows],
                "color": [STATUS_COLOURS[r.assessment.status] for r in rows],
                "line": {"width": 3, "color": [STATUS_COLOURS[r.assessment.status] for r in rows]},
            },
            customdata=[
                [
                    _shown(r.assessment.value),
                    unit,
                    f"{STATUS_SYMBOLS[r.assessment.status]} {r.assessment.status.label!s}",
                    str(r.approval_state.label),
                    _("规划期后") if r.assessment.post_plan else "",
                ]
                for r in rows
            ],
            hovertemplate="%{x}年 %{customdata[4]}<br>%{customdata[0]} %{customdata[1]}"
            "<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>",
        )
    )

    last_year = max([last_goal.target_year] + [r.year for r in rows])
    y_range = value_range(
        [v for p in detail.periods for v in (p.goal.start_value, p.goal.target_value)]
        + [r.assessment.value for r in rows]
    )
    shapes, annotations = [], []
    if last_year > last_goal.target_year:
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": last_goal.target_year + 0.5,
                "x1": last_year + 0.5,
                "y0": 0,
                "y1": 1,
                "fillcolor": "#E4E7EB",
                "opacity": 0.5,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        annotations.append(
            {
                "xref": "x",
                "yref": "paper",
                "x": (last_goal.target_year + 0.5 + last_year + 0.5) / 2,
                "y": 1,
                "yanchor": "bottom",
                "showarrow": False,
                "text": _("规划期后"),
            }
        )
    return _figure(
        traces,
        _layout(
            title={"text": plain(indicator.name)},
            height=460,
            # The legend below the 年份 title, never over it.
            margin={"l": 60, "r": 20, "t": 50, "b": 120},
            legend={"orientation": "h", "y": -0.22, "yanchor": "top", "x": 0},
            xaxis={
                "title": {"text": _("年份"), "standoff": 8},
                "dtick": 1,
                "tickformat": "d",
                "range": [detail.periods[0].baseline_year - 0.5, last_year + 0.5],
                "gridcolor": "#E4E7EB",
            },
            yaxis={
                "title": {"text": unit},
                "gridcolor": "#E4E7EB",
                "range": y_range,
                **_whole_ticks(indicator, y_range),
            },
            shapes=shapes,
            annotations=annotations,
        ),
    )


# Each plan period's straight line in its own dash and shade, so two plans in one chart
# are told apart without colour alone (the legend names the period too).
PERIOD_STYLES = [
    {"dash": "dash", "color": EXPECTED_COLOUR},
    {"dash": "dot", "color": "#323F4B"},
    {"dash": "dashdot", "color": EXPECTED_COLOUR},
    {"dash": "longdash", "color": "#323F4B"},
]


def _whole_ticks(indicator, y_range):
    """Ticks of whole numbers for a count (76, 77, never 76.5 家). plotly steps by halves
    when the range is short, so a step of one is set there; longer ranges already step
    by whole numbers."""
    if not counts_whole_things(indicator) or y_range is None:
        return {}
    if y_range[1] - y_range[0] <= 12:
        return {"tickformat": ",d", "tick0": 0, "dtick": 1}
    return {"tickformat": ",d"}


def _period(period, unit, several, style):
    """One plan period of a series: its straight line, baseline and target (traces)."""
    goal = period.goal
    label = period.plan.period_label if several else ""
    suffix = f"（{label}）" if label else ""
    common = {"legendgroup": label or "plan"}
    return [
        go.Scatter(
            meta="expected",
            name=_("规划路径（直线）") + suffix,
            mode="lines",
            x=[goal.baseline_year, goal.target_year],
            y=[_number(goal.start_value), _number(goal.target_value)],
            line={**style, "width": 2},
            hoverinfo="skip",
            **common,
        ),
        go.Scatter(
            meta="baseline",
            name=(_("累计起点") if goal.cumulative else _("基期值")) + suffix,
            mode="markers",
            x=[goal.baseline_year],
            y=[_number(goal.start_value)],
            marker={"symbol": "square", "size": 12, "color": style["color"]},
            customdata=[[_shown(goal.start_value), unit]],
            hovertemplate="%{x}年 " + _("基期") + "<br>%{customdata[0]} %{customdata[1]}"
            "<extra></extra>",
            **common,
        ),
        go.Scatter(
            meta="target",
            name=_("目标值") + suffix,
            mode="markers",
            x=[goal.target_year],
            y=[_number(goal.target_value)],
            # Hollow: an actual that reached the target sits inside it, its own hollow
            # (待审定) or filled (已审定) marker still visible.
            marker={
                "symbol": "star-open",
                "size": 20,
                "line": {"width": 2},
                "color": TARGET_COLOUR,
            },
            customdata=[[_shown(goal.target_value), unit]],
            hovertemplate="%{x}年 " + _("目标") + "<br>%{customdata[0]} %{customdata[1]}"
            "<extra></extra>",
            **common,
        ),
    ]


def count_chart(pairs, title, value_title, horizontal=False):
    """A plain bar chart of (label, number) pairs, in the order given (largest first)."""
    labels = [plain(label) for label, _v in pairs]
    values = [_number(Decimal(v)) for _l, v in pairs]
    texts = [_shown(Decimal(v), grouped=True) for _l, v in pairs]
    bar = go.Bar(
        x=values if horizontal else labels,
        y=labels if horizontal else values,
        orientation="h" if horizontal else "v",
        marker={"color": BAR_COLOUR},
        text=texts,
        textposition="outside",
        cliponaxis=False,
        hovertemplate=("%{y}" if horizontal else "%{x}") + "<br>%{text}<extra></extra>",
    )
    value_axis = {
        "title": {"text": value_title},
        "gridcolor": "#E4E7EB",
        "rangemode": "tozero",
        "automargin": True,
        # 2,000,000 万元, not "2M": SI prefixes mean nothing next to a Chinese unit.
        "exponentformat": "none",
        "separatethousands": True,
    }
    label_axis = {"automargin": True, "type": "category"}
    if horizontal:
        label_axis.update(categoryorder="array", categoryarray=list(reversed(labels)))
    return _figure(
        [bar],
        _layout(
            title={"text": title},
            height=max(300, 120 + 30 * len(pairs)) if horizontal else 360,
            showlegend=False,
            xaxis=value_axis if horizontal else label_axis,
            yaxis=label_axis if horizontal else value_axis,
            margin={"l": 20, "r": 40, "t": 50, "b": 40},
        ),
    )


def _figure(traces, layout):
    """The chart, made in one go: plotly checks a layout given to the constructor in a
    fraction of the time `update_layout` takes on an existing figure (4 ms a chart)."""
    return go.Figure(data=traces, layout=layout)


def chart_json(chart):
    """The chart as plain JSON data for the `json_script` filter.

    plotly's own encoder turns its types (and Decimals) into JSON; we parse that back so
    the template embeds one JSON object that static/js/charts.js hands to Plotly.newPlot.
    """
    return json.loads(chart.to_json())


def work_status_chart(groups, title):
    """A stacked horizontal bar per group (a 工程): how many of its tasks and items stand
    at each status in the year. `groups`: [(label, [display.work.StatusCount])], every
    group with the same statuses in the same order. Each segment's legend entry and hover
    carry the status's symbol and label, so colour is never the only cue."""
    labels = [plain(label) for label, _counts in groups]
    traces = []
    for index, first in enumerate(groups[0][1] if groups else []):
        counts = [counts[index].count for _label, counts in groups]
        if not any(counts):
            continue
        name = f"{first.symbol} {first.label}"
        traces.append(
            go.Bar(
                name=name,
                x=counts,
                y=labels,
                orientation="h",
                marker={"color": first.colour, "line": {"color": "#FFFFFF", "width": 1}},
                text=[str(n) if n else "" for n in counts],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y}<br>" + plain(name) + "：%{x}<extra></extra>",
            )
        )
    label_axis = {
        "automargin": True,
        "type": "category",
        "categoryorder": "array",
        "categoryarray": list(reversed(labels)),
    }
    return _figure(
        traces,
        _layout(
            title={"text": title},
            barmode="stack",
            height=max(300, 140 + 34 * len(groups)),
            xaxis={"title": {"text": _("项数")}, "gridcolor": "#E4E7EB", "rangemode": "tozero"},
            yaxis=label_axis,
            margin={"l": 20, "r": 20, "t": 50, "b": 40},
        ),
    )
