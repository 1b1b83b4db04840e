"""Public responses are shared-cacheable, conditional, read-only, rate-limited; the
private site stays private."""

import pytest
from django.utils import timezone

from indicators.models import YearApproval


@pytest.fixture
def url(published_2023):
    return f"/public/plans/{published_2023.pk}/indicators/1/"


PUBLIC_PATHS = [
    "/public/",
    "/public/plans/{pk}/",
    "/public/plans/{pk}/indicators/1/",
    "/public/plans/{pk}/indicators/1/embed/",
    "/public/plans/{pk}/platforms/",
    "/public/plans/{pk}/projects/",
    "/public/plans/{pk}/2023.csv",
    "/public/plans/{pk}/2023.json",
    "/public/plans/{pk}/2023.xlsx",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_responses_may_be_cached_by_anyone_and_hold_nothing_per_user(
    client, published_2023, path
):
    response = client.get(path.format(pk=published_2023.pk))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=300" in cache_control
    assert "private" not in cache_control and "no-store" not in cache_control
    assert response["ETag"] and response["Last-Modified"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert b"csrfmiddlewaretoken" not in response.content


def test_a_logged_in_visitor_gets_the_same_public_page(client, published_2023, url, leader):
    anonymous = client.get(url)
    client.force_login(leader)
    signed_in = client.get(url)
    assert signed_in.content == anonymous.content
    assert signed_in["ETag"] == anonymous["ETag"]
    assert "Cookie" not in signed_in.get("Vary", "")


def test_a_conditional_request_gets_304_until_the_data_change(client, url, leader):
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    YearApproval.objects.create(year=2030, approved_by=leader, approved_at=timezone.now())
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_addresses_accept_no_write(client, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}


def test_too_many_requests_from_one_address_get_a_429_in_chinese(client, url, settings):
    settings.PUBLIC_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= settings.PUBLIC_RATE_WINDOW + 1
    assert "访问过于频繁" in refused.content.decode()
    assert "public" not in refused["Cache-Control"]
    # Another address is counted apart.
    assert client.get(url, REMOTE_ADDR="10.9.9.9").status_code == 200


def test_the_private_site_stays_private_and_unstored(client, leader, published_2023):
    client.force_login(leader)
    response = client.get("/")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_embedding_is_off_by_default(client, published_2023):
    response = client.get(f"/public/plans/{published_2023.pk}/indicators/1/embed/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_only_the_embed_page_may_be_framed_by_the_listed_origins(client, published_2023, settings):
    settings.PUBLIC_EMBED_FRAME_ANCESTORS = ["https://news.example.cn"]
    embed = client.get(f"/public/plans/{published_2023.pk}/indicators/1/embed/")
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors https://news.example.cn" in embed["Content-Security-Policy"]
    page = client.get(f"/public/plans/{published_2023.pk}/indicators/1/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
