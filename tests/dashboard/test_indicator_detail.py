from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from display.charts import value_range
from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.palette import STATUS_COLOURS
from indicators.progress import IndicatorKind, Status

from .chart_json import embedded_chart, trace

ROLES = ["manager", "leader", "auditor", "sysadmin"]


def enter(serial, year, value, **extra):
    return IndicatorActual.objects.create(
        indicator=Indicator.objects.get(serial=serial), year=year, value=Decimal(value), **extra
    )


def detail_url(serial=4):
    return reverse("indicator_detail", args=[serial])


def test_anonymous_is_sent_to_login(client, annexes):
    response = client.get(detail_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_chart(client, annexes, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(detail_url())
    assert response.status_code == 200
    chart = embedded_chart(response, "indicator-chart")
    assert trace(chart, meta="baseline")["x"] == [2020] and trace(chart, meta="baseline")["y"] == [
        168
    ]
    assert trace(chart, meta="target")["x"] == [2023] and trace(chart, meta="target")["y"] == [234]
    assert trace(chart, meta="expected")["y"] == [168, 234]


def test_a_user_without_a_role_is_refused(client, annexes, outsider):
    client.force_login(outsider)
    assert client.get(detail_url()).status_code == 403


def test_an_unknown_indicator_is_not_found(client, annexes, leader):
    client.force_login(leader)
    assert client.get(detail_url(99)).status_code == 404


def test_an_actual_of_200_in_2022_is_drawn_and_behind(client, annexes, leader, manager):
    """The issue's example: 200 high-tech companies in 2022, where the line says 212."""
    enter(4, 2022, "200", entered_by=manager, note="统计局年报", evidence="高企名单")
    client.force_login(leader)
    response = client.get(detail_url())
    actual = trace(embedded_chart(response, "indicator-chart"), meta="actual")
    assert list(zip(actual["x"], actual["y"], strict=True)) == [(2022, 200)]
    value, unit, status_text, approval, _post = actual["customdata"][0]
    assert (value, unit, status_text, approval) == ("200", "家", "▲ 进度滞后", "待审定")
    assert actual["marker"]["color"] == [STATUS_COLOURS[Status.BEHIND]]
    body = response.content.decode()
    for text in ["85.5%", "48.5%", "进度滞后", "统计局年报", "高企名单", "manager", "212"]:
        assert text in body


def test_approved_years_are_filled_and_provisional_ones_hollow(client, annexes, leader):
    enter(4, 2021, "185")
    enter(4, 2022, "200")
    YearApproval.objects.create(year=2021, approved_by=leader, approved_at=timezone.now())
    client.force_login(leader)
    actual = trace(embedded_chart(client.get(detail_url()), "indicator-chart"), meta="actual")
    assert actual["x"] == [2021, 2022]
    assert actual["marker"]["symbol"] == ["circle", "circle-open"]


def test_years_after_the_target_are_shown_as_post_plan(client, annexes, leader):
    enter(4, 2024, "240")
    client.force_login(leader)
    response = client.get(detail_url())
    chart = embedded_chart(response, "indicator-chart")
    assert trace(chart, meta="actual")["x"] == [2024]
    band = chart["layout"]["shapes"][0]
    assert (band["x0"], band["x1"]) == (2023.5, 2024.5)
    assert chart["layout"]["annotations"][0]["text"] == "规划期后"
    assert [row.year for row in response.context["detail"].rows] == [2021, 2022, 2023, 2024]


def test_no_post_plan_band_within_the_plan(client, annexes, leader):
    enter(4, 2023, "240")
    client.force_login(leader)
    chart = embedded_chart(client.get(detail_url()), "indicator-chart")
    assert chart["layout"].get("shapes", []) == []


def test_a_cumulative_indicator_draws_its_running_sum(client, annexes, leader):
    Indicator.objects.filter(serial=1).update(kind=IndicatorKind.CUMULATIVE)  # target 45
    enter(1, 2021, "10")
    enter(1, 2022, "20")
    client.force_login(leader)
    response = client.get(detail_url(1))
    chart = embedded_chart(response, "indicator-chart")
    actual = trace(chart, meta="actual")
    assert (actual["x"], actual["y"]) == ([2021, 2022], [10, 30])
    assert trace(chart, meta="expected")["y"] == [0, 45]  # from zero to the target
    rows = response.context["detail"].rows
    assert rows[0].assessment.status == Status.BEHIND  # 10 < 15 expected for 2021
    assert rows[1].assessment.status == Status.ON_TRACK  # 30 = 30 expected for 2022


def test_a_cumulative_indicator_with_a_missing_year_has_no_data(client, annexes, leader):
    Indicator.objects.filter(serial=1).update(kind=IndicatorKind.CUMULATIVE)
    enter(1, 2022, "12")
    client.force_login(leader)
    response = client.get(detail_url(1))
    assert trace(embedded_chart(response, "indicator-chart"), meta="actual")["x"] == []
    assert response.context["detail"].rows[1].assessment.status == Status.NO_DATA


@pytest.mark.parametrize("scale", [1, 10])
def test_queries_do_not_grow_with_the_number_of_actuals(
    client, annexes, leader, manager, django_assert_max_num_queries, scale
):
    indicator = Indicator.objects.get(serial=4)
    IndicatorActual.objects.bulk_create(
        IndicatorActual(
            indicator=indicator, year=year, value=Decimal(year - 1800), entered_by=manager
        )
        for year in range(2021, 2021 + 3 * scale)
    )
    client.force_login(leader)
    # 9, the plans to choose from, the series of the indicator + the data-generation query.
    with django_assert_max_num_queries(14):  # and the generation of the page kept per person
        response = client.get(detail_url())
    assert len(trace(embedded_chart(response, "indicator-chart"), meta="actual")["x"]) == 3 * scale


def test_the_y_range_shows_the_gap_rather_than_starting_from_zero(client, annexes, leader, manager):
    """Indicator 3 goes from 1,762 to 2,381 companies: from zero the gap would be a sliver."""
    enter(3, 2021, "1900", entered_by=manager)
    client.force_login(leader)
    chart = embedded_chart(client.get(detail_url(3)), "indicator-chart")
    bottom, top = chart["layout"]["yaxis"]["range"]
    assert 1600 < bottom < 1762 and 2381 < top < 2500


def test_value_range_starts_from_zero_when_the_data_come_near_it():
    assert value_range([Decimal(2), Decimal(10)])[0] == 0
    assert value_range([Decimal(1762), Decimal(2500)])[0] > 1600
    assert value_range([None]) is None


def test_chart_titles_sit_left_clear_of_the_toolbar(client, annexes, leader):
    client.force_login(leader)
    title = embedded_chart(client.get(detail_url(1)), "indicator-chart")["layout"]["title"]
    assert (title["x"], title["xanchor"]) == (0, "left")


def test_the_expected_value_is_shown_to_the_precision_that_decides_the_status(
    client, annexes, leader, manager
):
    """The issue's case: indicator 7 in 2021, actual 19.5, expected 19.5033…: 进度滞后
    must not sit beside 应达 19.5."""
    enter(7, 2021, "19.5", entered_by=manager)
    client.force_login(leader)
    response = client.get(detail_url(7))
    row = next(r for r in response.context["detail"].rows if r.year == 2021)
    assert row.assessment.status == Status.BEHIND
    assert row.expected_rounded == Decimal("19.503")
    assert "19.503" in response.content.decode()


def test_a_count_has_whole_number_ticks(client, annexes, leader, manager):
    """Indicator 8 (科技平台数) goes 76 → 78 in the plan: a short range that plotly would
    tick by halves (76.5 个)."""
    enter(8, 2021, "77", entered_by=manager)
    client.force_login(leader)
    yaxis = embedded_chart(client.get(detail_url(8)), "indicator-chart")["layout"]["yaxis"]
    assert yaxis["dtick"] == 1 and yaxis["tickformat"] == ",d"


def test_a_rate_keeps_its_decimal_ticks(client, annexes, leader, manager):
    """Indicator 7 (每万人口发明专利拥有量（项）) is a rate though its unit counts: 18.09."""
    enter(7, 2021, "19.5", entered_by=manager)
    client.force_login(leader)
    yaxis = embedded_chart(client.get(detail_url(7)), "indicator-chart")["layout"]["yaxis"]
    assert "dtick" not in yaxis and "tickformat" not in yaxis
