"""The README's deployment, done for real: production settings, migrate, load the annexes,
collectstatic, then gunicorn on loopback serving the login page and compressed static files.

The database is DEPLOY_CHECK_DATABASE_URL when set (scripts/with-postgres.sh sets it to a
PostgreSQL database of its own), otherwise a fresh SQLite file.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

HOST = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


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


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


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
def gunicorn(production_env):
    env = production_env
    manage(env, "migrate", "--noinput")
    manage(env, "load_annexes")
    manage(env, "collectstatic", "--noinput")
    manage(env, "check", "--deploy", "--fail-level", "WARNING")
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--worker-class",
            "gthread",
            "--workers",
            "1",
            "--threads",
            "2",
            "--bind",
            f"{HOST}:{port}",
            "--no-control-socket",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://{HOST}:{port}"
    try:
        # Wait until it accepts connections (or dies); a generous deadline, not an assertion.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        if server.poll() is not None:
            pytest.fail("gunicorn did not start:\n" + server.stdout.read())
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_serves_the_login_page(gunicorn):
    response = fetch(f"{gunicorn}/accounts/login/")
    assert response.status == 200
    page = response.read().decode()
    assert "登录" in page
    # Production settings: HSTS and secure cookies on every response.
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    assert "Secure" in response.headers["Set-Cookie"]


def test_the_dashboard_asks_for_a_login(gunicorn):
    response = fetch(f"{gunicorn}/")
    assert response.status == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_plain_http_is_sent_to_https(gunicorn):
    response = fetch(f"{gunicorn}/accounts/login/", **{"X-Forwarded-Proto": "http"})
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")


def test_static_files_come_hashed_and_compressed(gunicorn):
    page = fetch(f"{gunicorn}/accounts/login/").read().decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert css, "the stylesheet link has no content hash (manifest storage)"
    for encoding in ["br", "gzip"]:
        response = fetch(f"{gunicorn}{css.group(1)}", **{"Accept-Encoding": encoding})
        assert response.status == 200
        assert response.headers["Content-Encoding"] == encoding
        assert "immutable" in response.headers["Cache-Control"]


def test_plotly_is_served_from_our_own_static_files(gunicorn, production_env):
    manifest = Path(production_env["DJANGO_STATIC_ROOT"]) / "staticfiles.json"
    paths = re.findall(r'"(vendor/plotly/[^"]+\.js)"', manifest.read_text())
    assert paths, "plotly.js is missing from collectstatic's manifest"
    response = fetch(f"{gunicorn}/static/{paths[0]}", **{"Accept-Encoding": "br"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "br"
