"""Security headers: a Content-Security-Policy on every page without inline scripts (but
for a nonce), and `Cache-Control: private, no-store` on pages, the API and downloads."""

import re

import pytest

from indicators.services import actual_save

DATA_URLS = [
    "/",
    "/indicators/3/",
    "/platforms/",
    "/projects/",
    "/api/v1/indicators/",
    "/api/v1/actuals/",
    "/api/schema/",
    "/api/docs/",
    "/api/redoc/",
    "/reports/download/?year=2022",
    "/admin/",
    "/admin/indicators/indicatoractual/",
]


@pytest.fixture
def signed_in(client, annexes, manager, leader):
    from indicators.models import Indicator

    actual_save(user=manager, indicator=Indicator.objects.get(serial=3), year=2022, value="1900")
    client.force_login(leader)
    return client


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", DATA_URLS)
def test_data_responses_are_private_and_never_stored(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


@pytest.mark.parametrize("url", [*DATA_URLS, "/accounts/login/"])
def test_every_page_has_a_policy_without_inline_scripts(signed_in, url):
    response = signed_in.get(url)
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("url", ["/", "/indicators/3/", "/api/docs/", "/api/redoc/", "/admin/"])
def test_each_inline_script_carries_the_nonce_of_the_policy(signed_in, url):
    response = signed_in.get(url)
    page = response.content.decode()
    nonces = {s.strip("'").removeprefix("nonce-") for s in directives(response)["script-src"]}
    for attributes in re.findall(r"<script([^>]*)>", page):
        if "src=" in attributes or 'type="application/json"' in attributes:
            continue  # a file from 'self', or data that never runs
        nonce = re.search(r'nonce="([^"]+)"', attributes)
        assert nonce and nonce.group(1) in nonces, attributes


def test_the_login_page_is_not_stored_either(client, db):
    response = client.get("/accounts/login/")
    assert "no-store" in response["Cache-Control"]
