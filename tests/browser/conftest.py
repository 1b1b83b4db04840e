"""Real headless Chromium (Debian's package, driven by Playwright) against `live_server`.

`make test` installs chromium when it is missing (scripts/ensure-browser.sh); where that
is impossible these tests skip, saying why. Screenshots and downloads go to test-artifacts/.
"""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import django.apps
import pytest
from django.conf import settings
from django.core.management import call_command

from core import roles
from tests.conftest import make_user

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to
# run beside it. The test process is the only one using the database connection.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        reason = (
            f"{CHROMIUM} is missing. Install it with "
            "`apt-get install chromium fonts-wqy-microhei` (make test does this as root)."
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {reason}")  # never a silent pass
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server, transactional_db, django_user_model):
    """The running site with the annexes and one user per role.

    `live_server` empties the database between tests, groups made by migrations
    included: make them again first.
    """
    roles.sync_role_groups(django.apps.apps)
    call_command("load_annexes", stdout=io.StringIO())
    users = {
        "manager": make_user(django_user_model, "manager", roles.MANAGER),
        "leader": make_user(django_user_model, "leader", roles.LEADERSHIP),
        "auditor": make_user(django_user_model, "auditor", roles.AUDITOR),
    }
    return live_server, users


class Visit:
    """One user's browser session, logged in through the real login form.

    Records every console error, page error and the host of every request.
    """

    def __init__(self, browser, base_url, username, viewport=None):
        self.base_url = base_url
        self.context = browser.new_context(
            base_url=base_url,
            locale="zh-CN",
            viewport=viewport or {"width": 1280, "height": 900},
            accept_downloads=True,
        )
        self.page = self.context.new_page()
        self.console_errors = []
        self.request_hosts = set()
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("request", lambda r: self.request_hosts.add(urlsplit(r.url).netloc))
        self.visited = []  # every address the page went to, in order
        self.page.on(
            "framenavigated",
            lambda f: f == self.page.main_frame and self.visited.append(f.url),
        )
        self.log_in(username)

    def log_in(self, username):
        self.page.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", f"{username}-password-for-tests")
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")
        assert not self.page.url.endswith("/accounts/login/"), f"{username} could not log in"

    def screenshot(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=ARTIFACTS / name, full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site):
    """visit(role) -> a logged-in Visit; all closed at the end of the test."""
    live_server, _users = site
    opened = []

    def open_as(username, viewport=None):
        opened.append(Visit(browser, live_server.url, username, viewport))
        return opened[-1]

    yield open_as
    for v in opened:
        v.close()
