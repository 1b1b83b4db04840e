"""Real app servers for the site tests: manage.py in a subprocess, gunicorn on loopback,
and a database of their own (a SQLite file, or a fresh database on the PostgreSQL server
the suite runs on)."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

HOST = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def manage(env, *args, stdin=None):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def wait_for_port(port, process, what, log=None):
    """Until `port` accepts connections; fails the test if `process` dies first."""
    deadline = time.monotonic() + 60  # a generous deadline, not an assertion
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    output = Path(log).read_text(errors="replace") if log else ""
    pytest.fail(f"{what} did not start:\n{output}")


@contextmanager
def running(command, port, what, env=None):
    """`command` running until the block ends, once it listens on `port`. Its output
    goes to a file (a pipe nobody reads would block it once full)."""
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, process, what, log.name)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)


def gunicorn_command(port, workers=1, threads=2):
    """gunicorn as the README deploys it, bound to `port` on loopback."""
    return [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"{HOST}:{port}",
        "--no-control-socket",
    ]


@contextmanager
def gunicorn(env, *, workers=1, threads=2):
    """gunicorn serving the app with `env` on a free loopback port; yields its base URL."""
    port = free_port()
    with running(gunicorn_command(port, workers, threads), port, "gunicorn", env):
        yield f"http://{HOST}:{port}"


def on_postgres():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@contextmanager
def own_database(tmp_path):
    """A DATABASE_URL nobody else uses: a new database beside the suite's on PostgreSQL
    (dropped afterwards), otherwise a SQLite file in `tmp_path`."""
    if not on_postgres():
        yield f"sqlite:///{tmp_path / 'site.sqlite3'}"
        return
    import psycopg

    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = f"site_{secrets.token_hex(6)}"
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_env(database_url, **extra):
    """Development settings without DEBUG, on `database_url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_LOG_LEVEL="ERROR",
        DATABASE_URL=database_url,
        DJANGO_ALLOWED_HOSTS=HOST,
        **extra,
    )
    return env


MAKE_USERS = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from core import roles
for name, group in [("manager", roles.MANAGER), ("leader", roles.LEADERSHIP)]:
    user = User.objects.create_user(name, password=f"{name}-password-for-tests", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
print(Token.objects.create(user=User.objects.get(username="manager")).key)
"""


def prepared_site(env):
    """Migrate, load the annexes, make a base manager and a leader (passwords as in
    tests/conftest.py); returns the manager's API token."""
    manage(env, "migrate", "--noinput")
    manage(env, "load_annexes")
    return manage(env, "shell", "-c", MAKE_USERS).strip().splitlines()[-1]
