import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_ALLOWED_HOSTS": "dashboard.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://dashboard.example.org",
}


def run_manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pages_speak_chinese_and_times_are_beijing_time(client, db):
    import datetime

    from django.utils import timezone

    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "用户名" in page
    midnight_utc = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
    assert timezone.localtime(midnight_utc).hour == 8


def test_production_refuses_to_start_without_a_real_secret_key():
    result = run_manage("check", env_extra=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    key = secrets.token_urlsafe(50)  # made here, so no key sits in the repository
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": key},
    )
    assert result.returncode == 0, result.stdout + result.stderr
