from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.progress import Status
from indicators.services import actual_save

from .chart_json import embedded_chart, trace

ROLES = ["manager", "leader", "auditor", "sysadmin"]


def enter(serial, year, value, user=None):
    return IndicatorActual.objects.create(
        indicator=Indicator.objects.get(serial=serial),
        year=year,
        value=Decimal(value),
        entered_by=user,
    )


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_in_chinese(client, db):
    response = client.get(reverse("login"))
    assert "登录" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_thirteen_indicators(client, annexes, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert len(response.context["dashboard"].rows) == 13
    body = response.content.decode()
    assert "每万人口发明专利拥有量" in body
    assert "2020年 18.09 → 2023年目标 22.33" in body
    assert reverse("indicator_detail", args=[13]) in body


def test_a_user_without_a_role_is_refused(client, annexes, outsider):
    client.force_login(outsider)
    assert client.get(reverse("home")).status_code == 403


def test_with_no_data_every_indicator_has_no_data_in_the_first_plan_year(client, annexes, leader):
    client.force_login(leader)
    dashboard = client.get(reverse("home")).context["dashboard"]
    assert dashboard.year == 2021
    assert dict(dashboard.status_counts) == {
        Status.ACHIEVED: 0,
        Status.ON_TRACK: 0,
        Status.BEHIND: 0,
        Status.BELOW_BASELINE: 0,
        Status.NO_DATA: 13,
    }


def test_defaults_to_the_latest_year_with_data_and_counts_statuses(client, annexes, leader):
    enter(4, 2022, "200")  # expected 212: behind
    enter(5, 2022, "1.6")  # target 1.5: achieved
    enter(3, 2021, "1000")  # below the 1762 baseline, but 2021 is not the year shown
    client.force_login(leader)
    response = client.get(reverse("home"))
    dashboard = response.context["dashboard"]
    assert dashboard.year == 2022
    counts = dict(dashboard.status_counts)
    assert counts[Status.BEHIND] == 1 and counts[Status.ACHIEVED] == 1
    assert counts[Status.NO_DATA] == 11


def test_year_selector_shows_the_chosen_year(client, annexes, leader):
    enter(3, 2021, "1000")
    enter(4, 2022, "200")
    client.force_login(leader)
    dashboard = client.get(reverse("home"), {"year": "2021"}).context["dashboard"]
    assert dashboard.year == 2021
    assert dict(dashboard.status_counts)[Status.BELOW_BASELINE] == 1
    assert dashboard.years == [2021, 2022, 2023]


@pytest.mark.parametrize("bad", ["1999", "abc", "2024"])
def test_a_year_outside_the_range_says_so_and_shows_the_default(client, annexes, leader, bad):
    enter(4, 2022, "200")
    client.force_login(leader)
    response = client.get(reverse("home"), {"year": bad})
    assert response.status_code == 200
    assert response.context["dashboard"].year == 2022
    assert f"年份 {bad} 不在可选范围内" in response.content.decode()


def test_years_after_the_plan_become_selectable_once_entered(client, annexes, leader):
    enter(4, 2024, "240")
    client.force_login(leader)
    dashboard = client.get(reverse("home")).context["dashboard"]
    assert dashboard.year == 2024
    assert dashboard.years == [2021, 2022, 2023, 2024]


def test_gap_closed_chart_carries_the_numbers_sorted_with_the_expected_mark(
    client, annexes, leader
):
    enter(4, 2022, "200")  # gap closed 32/66 = 48.5 %, behind
    enter(5, 2022, "1.6")  # gap closed 0.6/0.5 = 120 %, achieved
    client.force_login(leader)
    chart = embedded_chart(client.get(reverse("home")), "gap-chart")
    behind = trace(chart, name="▲ 进度滞后")
    assert behind["y"] == ["4. 高新技术企业数"] and behind["x"] == [48.5]
    achieved = trace(chart, name="★ 已达标")
    assert achieved["y"] == ["5. 技术市场合同交易总额"] and achieved["x"] == [120.0]
    expected = trace(chart, name="2022年应达进度")
    assert set(expected["x"]) == {66.7}  # two of three plan years gone, for every indicator
    order = chart["layout"]["yaxis"]["categoryarray"]
    # The cards' order, those needing attention on top: plotly draws the first category
    # at the bottom, so behind is last here and achieved first.
    assert order[-1] == "4. 高新技术企业数"
    assert order[0] == "5. 技术市场合同交易总额"
    assert len(order) == 13
    # Behind, then no data (in serial order), then achieved: as the cards list them.
    cards = [4, 1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 5]
    assert [int(c.split(".")[0]) for c in reversed(order)] == cards
    # Numbers and statuses sit right of the plot (paper x = 1), never across the 100 % line.
    labels = trace(chart, meta="labels")
    text = dict(zip(labels["y"], labels["text"], strict=True))
    assert text["4. 高新技术企业数"] == "▲ 48.5% 进度滞后"
    plot_ends = chart["layout"]["xaxis"]["domain"][1]
    assert labels["xaxis"] == "x2" and chart["layout"]["xaxis2"]["domain"][0] >= plot_ends
    assert all("text" not in t or not t["text"] for t in chart["data"] if t["type"] == "bar")
    # On a phone: short names and short labels (static/js/charts.js swaps them in).
    phone = chart["layout"]["meta"]["phone"]
    assert "4. 高新技术企业数" in phone["yaxis"]["ticktext"]  # short enough as it is
    long_names = [t for t in phone["yaxis"]["ticktext"] if t.endswith("…")]
    assert long_names and all(len(t.split(". ", 1)[1]) == 8 for t in long_names)
    assert "▲ 48.5%" in phone["labels"] and len(phone["labels"]) == 13


def test_cards_show_latest_actual_rates_and_provisional_mark(client, annexes, leader, manager):
    enter(4, 2021, "185")
    enter(4, 2022, "200", user=manager)
    YearApproval.objects.create(year=2021, approved_by=leader, approved_at=timezone.now())
    client.force_login(leader)
    response = client.get(reverse("home"))
    row = response.context["dashboard"].rows[3]
    assert row.latest_actual.value == Decimal("200") and row.latest_provisional
    assert (row.completion_percent, row.gap_closed_percent) == (Decimal("85.5"), Decimal("48.5"))
    body = response.content.decode()
    assert "85.5%" in body and "48.5%" in body and "待审定" in body
    response = client.get(reverse("home"), {"year": 2021})
    assert response.context["dashboard"].rows[3].latest_provisional is False


def test_plotly_comes_from_our_static_files_with_the_chinese_locale(client, annexes, leader):
    client.force_login(leader)
    body = client.get(reverse("home")).content.decode()
    assert "/static/vendor/plotly/plotly-basic.min.js" in body
    assert "/static/vendor/plotly-locales/zh-cn.js" in body
    assert "cdn" not in body.lower()
    assert "http://" not in body and "https://" not in body


def test_leaves_a_spot_for_page_actions(client, annexes, leader):
    client.force_login(leader)
    assert 'id="dashboard-actions"' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("scale", [1, 10])
def test_queries_do_not_grow_with_the_number_of_actuals(
    client, annexes, leader, django_assert_max_num_queries, scale
):
    actuals = [
        IndicatorActual(indicator=indicator, year=year, value=Decimal(year - 2000))
        for indicator in Indicator.objects.all()
        for year in range(2021, 2021 + 3 * scale)
    ]
    IndicatorActual.objects.bulk_create(actuals)
    client.force_login(leader)
    # 12, the plans to choose from + the generation; the menu's notice counts, and the
    # banner's waiting notices and overdue years (the plan in force, its years' rows, the
    # locked years): the banner is this person's, outside the cached body.
    with django_assert_max_num_queries(20):  # and the generation of the page kept per person
        response = client.get(reverse("home"), {"year": 2022})
    assert response.status_code == 200


def test_cards_and_chart_show_the_indicators_that_need_attention_first(
    client, annexes, leader, manager
):
    below = Indicator.objects.get(serial=3)  # 1762 in 2020
    actual_save(user=manager, indicator=below, year=2022, value="1000", note="统计口径调整")
    client.force_login(leader)
    response = client.get("/", {"year": 2022})
    shown = list(response.context["page"].object_list)
    assert shown[0].indicator == below and shown[0].status == Status.BELOW_BASELINE
    assert len(shown) == 13  # all of them fit on the first page


def test_managers_and_leadership_find_the_evaluation_report_on_the_dashboard(
    client, annexes, manager, leader, auditor
):
    for user, shown in ((manager, True), (leader, True), (auditor, False)):
        client.force_login(user)
        body = client.get(reverse("home"), {"year": 2022}).content.decode()
        assert ("2022年阶段评估报告（Word）" in body) is shown
        assert "终期评估报告" not in body  # 2023, the plan's last year, has no figure yet
    actual_save(user=manager, indicator=Indicator.objects.get(serial=1), year=2023, value="45")
    for user, shown in ((manager, True), (leader, True), (auditor, False)):
        client.force_login(user)
        body = client.get(reverse("home"), {"year": 2022}).content.decode()
        assert ("2021–2023年终期评估报告（Word）" in body) is shown
