"""Pages are cached until the data behind them changes (core/pagecache.py)."""

import re
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import services
from indicators.models import Indicator
from platforms.models import Platform


def get(client, url, **params):
    """The page without its per-request CSRF token, and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return html, len(queries)


def test_a_second_visit_reuses_the_page_and_shows_the_same(client, annexes, leader):
    client.force_login(leader)
    first, first_queries = get(client, reverse("home"))
    second, second_queries = get(client, reverse("home"))
    assert second == first
    assert second_queries < first_queries


def test_an_entered_figure_shows_at_once(client, annexes, leader, manager):
    client.force_login(leader)
    url = reverse("indicator_detail", args=[4])
    before, _ = get(client, url)
    assert "213" not in before
    services.actual_save(
        user=manager,
        indicator=Indicator.objects.get(serial=4),
        year=2022,
        value=Decimal("213"),
    )
    after, _ = get(client, url)
    assert "213" in after
    dashboard, _ = get(client, reverse("home"), year=2022)
    assert "213" in dashboard


def test_a_deleted_figure_disappears_at_once(client, annexes, leader, manager):
    actual = services.actual_save(
        user=manager,
        indicator=Indicator.objects.get(serial=4),
        year=2022,
        value=Decimal("213"),
    )
    client.force_login(leader)
    assert "213" in get(client, reverse("indicator_detail", args=[4]))[0]
    services.actual_delete(user=manager, actual=actual)
    assert "213" not in get(client, reverse("indicator_detail", args=[4]))[0]


def test_each_query_string_is_its_own_page(client, annexes, leader):
    client.force_login(leader)
    national, _ = get(client, reverse("platform_list"), level="国家级")
    regional, _ = get(client, reverse("platform_list"), level="自治区级")
    assert national != regional


def test_the_download_button_is_never_cached_for_another_role(client, annexes, leader, manager):
    client.force_login(leader)
    assert "dashboard-actions" in get(client, reverse("home"))[0]
    assert "reports/download" in get(client, reverse("home"))[0]
    client.force_login(manager)
    assert "reports/download" not in get(client, reverse("home"))[0]


def test_a_renamed_platform_shows_at_once(client, annexes, leader):
    client.force_login(leader)
    assert "新名称实验室" not in get(client, reverse("platform_list"))[0]
    platform = Platform.objects.get(serial=30)
    platform.name = "新名称实验室"
    platform.save()
    assert "新名称实验室" in get(client, reverse("platform_list"))[0]


def test_a_parameter_the_page_does_not_read_neither_bypasses_nor_fills_the_cache(
    client, annexes, leader
):
    client.force_login(leader)
    get(client, reverse("home"))  # the session's CSRF cookie is set by the first page
    first, first_queries = get(client, reverse("home"), year=2022)
    keys = len(cache._cache)  # locmem: one entry per cached page
    for junk in ("1", "2", "<script>"):
        again, queries = get(client, reverse("home"), year=2022, x=junk)
        assert again == first
        assert queries < first_queries  # served from the cache, not rebuilt
    assert len(cache._cache) == keys  # and no copy was stored per junk value


def cache_keys():
    return set(cache._cache)  # locmem: one entry per cached page


def test_junk_years_make_no_cache_entries(client, annexes, leader):
    client.force_login(leader)
    get(client, reverse("home"))
    keys = cache_keys()
    for n in range(100):
        html, _ = get(client, reverse("home"), year=f"junk{n}")
        assert "不在可选范围内" in html  # the default year, with the message
    assert cache_keys() == keys


def test_junk_page_numbers_and_filters_make_no_cache_entries(client, annexes, leader):
    client.force_login(leader)
    for url in (reverse("home"), reverse("platform_list"), reverse("project_list")):
        get(client, url)
    keys = cache_keys()
    for n in range(20):
        get(client, reverse("home"), page=f"0{n + 1}")
        get(client, reverse("platform_list"), page=f"junk{n}")
        get(client, reverse("platform_list"), level=f"junk{n}")
        get(client, reverse("project_list"), nature=f"junk{n}")
        # A search is valid, but each one is its own query: shown, never kept.
        get(client, reverse("project_list"), q=f"搜索{n}")
        get(client, reverse("home"), year=["2022", f"junk{n}"])  # the last value counts
    assert cache_keys() == keys


def test_an_accepted_value_is_still_cached(client, annexes, leader):
    client.force_login(leader)
    get(client, reverse("platform_list"))  # the session's CSRF cookie is set by the first page
    keys = cache_keys()
    first, first_queries = get(client, reverse("platform_list"), level="国家级", page="1")
    # The body shared by everyone, and the whole page of this person's session.
    assert sorted(key.split(":")[2] for key in cache_keys() - keys) == ["page", "personal"]
    again, queries = get(client, reverse("platform_list"), level="国家级", page="1")
    assert again == first
    assert queries < first_queries
