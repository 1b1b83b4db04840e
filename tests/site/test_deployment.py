"""The README's deployment, done for real: production settings, migrate, load the annexes,
collectstatic, then gunicorn on loopback serving the login page and compressed static files.

The database is DEPLOY_CHECK_DATABASE_URL when set (scripts/with-postgres.sh sets it to a
PostgreSQL database of its own), otherwise a fresh SQLite file.
"""

import os
import re
import secrets
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .servers import HOST, gunicorn, manage


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("deploy")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DATABASE_URL=os.environ.get("DEPLOY_CHECK_DATABASE_URL")
        or f"sqlite:///{tmp / 'deploy.sqlite3'}",
    )
    return env


def fetch(url, **headers):
    # As the TLS proxy of the README would forward it.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        return error


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def server(production_env):
    env = production_env
    manage(env, "migrate", "--noinput")
    manage(env, "load_annexes")
    manage(env, "collectstatic", "--noinput")
    manage(env, "check", "--deploy", "--fail-level", "WARNING")
    with gunicorn(env) as base:
        yield base


def test_gunicorn_serves_the_login_page(server):
    response = fetch(f"{server}/accounts/login/")
    assert response.status == 200
    page = response.read().decode()
    assert "登录" in page
    # Production settings: HSTS and secure cookies on every response.
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    assert "Secure" in response.headers["Set-Cookie"]


def test_the_dashboard_asks_for_a_login(server):
    response = fetch(f"{server}/")
    assert response.status == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_plain_http_is_sent_to_https(server):
    response = fetch(f"{server}/accounts/login/", **{"X-Forwarded-Proto": "http"})
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")


def test_static_files_come_hashed_and_compressed(server):
    page = fetch(f"{server}/accounts/login/").read().decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert css, "the stylesheet link has no content hash (manifest storage)"
    for encoding in ["br", "gzip"]:
        response = fetch(f"{server}{css.group(1)}", **{"Accept-Encoding": encoding})
        assert response.status == 200
        assert response.headers["Content-Encoding"] == encoding
        assert "immutable" in response.headers["Cache-Control"]


def test_plotly_is_served_from_our_own_static_files(server, production_env):
    manifest = Path(production_env["DJANGO_STATIC_ROOT"]) / "staticfiles.json"
    paths = re.findall(r'"(vendor/plotly/[^"]+\.js)"', manifest.read_text())
    assert paths, "plotly.js is missing from collectstatic's manifest"
    response = fetch(f"{server}/static/{paths[0]}", **{"Accept-Encoding": "br"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "br"
