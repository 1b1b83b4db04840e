"""Several app servers: two gunicorn instances on different loopback ports, one database
(PostgreSQL when the suite runs on it, as in CI; otherwise one SQLite file) and one
throwaway redis-server as CACHE_URL (page cache, login-failure counters, sessions).

A figure saved through one is served at once by the other; a session opened on one is
valid on the other; a lockout earned on one holds on the other; a report downloaded on
one is recorded once.
"""

import http.cookiejar
import json
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest
import redis

from .servers import (
    HOST,
    app_env,
    free_port,
    gunicorn,
    manage,
    on_postgres,
    own_database,
    prepared_site,
    running,
)

REDIS = shutil.which("redis-server")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if REDIS is None:
        reason = "redis-server is missing: `apt-get install redis-server` (make test does this)."
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the several-app-servers test: {reason}")
        pytest.skip(f"SEVERAL-APP-SERVERS TEST SKIPPED: {reason}")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    command = [REDIS, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"]
    with running([*command, "--dir", str(workdir)], port, "redis-server"):
        yield f"redis://{HOST}:{port}/0"


@pytest.fixture(scope="module")
def two_servers(redis_url, tmp_path_factory):
    if not on_postgres():
        print("DATABASE_URL is not PostgreSQL: both app servers share one SQLite file")
    with own_database(tmp_path_factory.mktemp("servers")) as database_url:
        env = app_env(database_url, CACHE_URL=redis_url)
        token = prepared_site(env)
        with gunicorn(env) as first, gunicorn(env) as second:
            yield {
                "first": first,
                "second": second,
                "token": token,
                "env": env,
                "redis": redis_url,
            }


class Browser:
    """Cookies shared by both servers (same host, other port), like one browser's."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )

    def open(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def log_in(self, base, username, password):
        _status, page = self.open(f"{base}/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        return self.open(f"{base}/accounts/login/", form)[0]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def api_create(base, token, body):
    request = urllib.request.Request(
        f"{base}/api/v1/actuals/",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status


def test_a_session_and_a_figure_from_one_server_are_served_by_the_other(two_servers):
    first, second = two_servers["first"], two_servers["second"]
    leader = Browser()
    assert leader.log_in(first, "leader", "leader-password-for-tests") == 302
    status, page = leader.open(f"{second}/indicators/3/")  # the session lives in Redis
    assert status == 200
    assert "1987" not in page.decode()
    # Saved through the first server; the second's cached page knows at once.
    body = {"indicator": 3, "year": 2022, "value": "1987", "note": "并行服务器"}
    assert api_create(first, two_servers["token"], body) == 201
    status, page = leader.open(f"{second}/indicators/3/")
    assert status == 200
    assert "1987" in page.decode()
    # Both live in Redis, not in either process.
    keys = [k.decode() for k in redis.Redis.from_url(two_servers["redis"]).keys("shuangchuang:*")]
    assert [k for k in keys if "django.contrib.sessions.cache" in k]
    assert [k for k in keys if ":page:" in k]


def test_a_lockout_earned_on_one_server_holds_on_the_other(two_servers):
    attacker = Browser()
    for _attempt in range(5):
        attacker.log_in(two_servers["first"], "manager", "wrong-password")
    user = Browser()
    assert user.log_in(two_servers["second"], "manager", "manager-password-for-tests") == 429


def test_a_report_downloaded_on_one_server_is_recorded_once(two_servers):
    leader = Browser()
    assert leader.log_in(two_servers["second"], "leader", "leader-password-for-tests") == 302
    status, content = leader.open(f"{two_servers['first']}/reports/download/?year=2022")
    assert status == 200 and content[:2] == b"PK"
    count = manage(
        two_servers["env"],
        "shell",
        "-c",
        "from audit.models import ReportDownload; print(ReportDownload.objects.count())",
    )
    assert count.strip().splitlines()[-1] == "1"
