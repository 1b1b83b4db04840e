import pytest
from django.urls import reverse

from dashboard.views import ROWS_PER_PAGE
from plans.models import Plan
from platforms.models import Platform, PlatformLevel

from .chart_json import embedded_chart

ROLES = ["manager", "leader", "auditor", "sysadmin"]
URL = "/platforms/"


def test_url_name():
    assert reverse("platform_list") == URL


def test_anonymous_is_sent_to_login(client, annexes):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_35_platforms(client, annexes, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["platforms"]) == 35
    assert "现有平台 35 个" in response.content.decode()


def test_a_user_without_a_role_is_refused(client, annexes, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


def test_level_chart_counts_the_annex(client, annexes, leader):
    client.force_login(leader)
    chart = embedded_chart(client.get(URL), "level-chart")
    bar = chart["data"][0]
    assert bar["x"] == ["国家级", "自治区级", "市级"]
    assert bar["y"] == [10, 21, 4]


def test_type_and_host_charts_put_the_largest_first(client, annexes, leader):
    client.force_login(leader)
    response = client.get(URL)
    types = embedded_chart(response, "type-chart")["data"][0]
    assert types["y"][0] == "工程研究中心" and types["x"][0] == 9
    assert sum(types["x"]) == 35
    hosts = embedded_chart(response, "host-chart")["data"][0]
    assert hosts["x"] == sorted(hosts["x"], reverse=True)
    assert len(hosts["x"]) == 10
    top = Platform.objects.filter(host_organisation=hosts["y"][0]).count()
    assert top == hosts["x"][0]


def test_a_revoked_platform_is_neither_counted_nor_listed(client, annexes, leader):
    Platform.objects.filter(serial=1).update(revoked=True)
    client.force_login(leader)
    response = client.get(URL)
    assert embedded_chart(response, "level-chart")["data"][0]["y"] == [9, 21, 4]
    assert len(response.context["platforms"]) == 34


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "彩棉"}, {1, 2, 3}),  # name or host
        ({"level": "市级"}, None),
        ({"level": "国家级", "platform_type": "工程实验室"}, None),
    ],
)
def test_table_filters(client, annexes, leader, params, expected):
    client.force_login(leader)
    shown = {p.serial for p in client.get(URL, params).context["platforms"]}
    wanted = Platform.objects.all()
    if "q" in params:
        assert expected <= shown
        assert all("彩棉" in p.name + p.host_organisation for p in wanted.filter(serial__in=shown))
        return
    for field, value in params.items():
        wanted = wanted.filter(**{field: value})
    assert shown == set(wanted.values_list("serial", flat=True)) and shown


def test_a_bad_filter_value_says_so_and_lists_everything(client, annexes, leader):
    client.force_login(leader)
    response = client.get(URL, {"level": "省级"})
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()
    assert len(response.context["platforms"]) == 35


def test_rows_with_a_source_remark_are_marked(client, annexes, leader):
    client.force_login(leader)
    body = client.get(URL, {"q": "自铝"}).content.decode()
    assert "新疆自铝电子材料工程实验室" in body
    assert 'class="remarked"' in body and "⚑" in body
    assert "疑为多余" in body  # the remark itself


@pytest.mark.parametrize("scale", [1, 10])
def test_queries_do_not_grow_with_the_number_of_platforms(
    client, annexes, leader, django_assert_max_num_queries, scale
):
    Platform.objects.bulk_create(
        Platform(
            plan=Plan.objects.get(),
            name=f"新平台{i}",
            host_organisation=f"依托单位{i % 7}",
            platform_type=f"类型{i % 5}",
            level=PlatformLevel.MUNICIPAL,
            recognised_year=2022,
        )
        for i in range(35 * (scale - 1))
    )
    client.force_login(leader)
    with django_assert_max_num_queries(15):  # 11, the plans, two generations, the page count
        response = client.get(URL)
    assert response.context["page"].paginator.count == 35 * scale
    assert len(response.context["platforms"]) == min(35 * scale, ROWS_PER_PAGE)


def test_a_long_list_comes_a_page_at_a_time_with_its_filters(client, annexes, leader):
    Platform.objects.bulk_create(
        Platform(
            plan=Plan.objects.get(),
            name=f"新平台{i}",
            host_organisation="依托单位",
            platform_type="类型",
            level=PlatformLevel.MUNICIPAL,
            recognised_year=2022,
        )
        for i in range(120)
    )
    client.force_login(leader)
    first = client.get(URL, {"level": "市级"})
    assert first.context["page"].paginator.count == 124
    assert len(first.context["platforms"]) == ROWS_PER_PAGE
    assert "page=2" in first.content.decode()
    last = client.get(URL, {"level": "市级", "page": "3"})
    assert len(last.context["platforms"]) == 124 - 2 * ROWS_PER_PAGE
    assert client.get(URL, {"page": "junk"}).context["page"].number == 1
    assert client.get(URL, {"page": "99"}).context["page"].number == 4  # 155 platforms
