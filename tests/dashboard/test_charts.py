"""User strings reach plotly as text, never as plotly's markup (display/charts.py)."""

from indicators.models import Indicator
from platforms.models import Platform

from .chart_json import embedded_chart

LINK = '<a href="http://example.invalid/">点我</a><br><b>加粗</b>'
SHOWN = '&lt;a href="http://example.invalid/"&gt;点我&lt;/a&gt;&lt;br&gt;&lt;b&gt;加粗&lt;/b&gt;'


def test_a_host_name_with_markup_is_escaped_in_the_host_chart(client, annexes, leader):
    Platform.objects.filter(serial__lte=30).update(host_organisation=LINK)
    client.force_login(leader)
    hosts = embedded_chart(client.get("/platforms/"), "host-chart")["data"][0]
    assert hosts["y"][0] == SHOWN
    assert all("<a" not in label for label in hosts["y"])


def test_indicator_names_are_escaped_in_the_dashboard_and_detail_charts(client, annexes, leader):
    Indicator.objects.filter(serial=4).update(name=LINK, unit="<i>家</i>")
    client.force_login(leader)
    response = client.get("/")
    charts = [embedded_chart(response, "gap-chart")]
    charts.append(embedded_chart(client.get("/indicators/4/"), "indicator-chart"))
    text = str(charts)
    assert "<a " not in text and "<b>" not in text and "<i>" not in text
    assert f"4. {SHOWN}" in str(charts[0]["data"])
    assert charts[1]["layout"]["title"]["text"] == SHOWN
