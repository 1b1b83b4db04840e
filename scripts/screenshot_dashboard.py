"""Screenshot the dashboard in real headless Chromium (for the README), and check the page
on the way: plotly drew the charts, its toolbar speaks Chinese, nothing came from outside.

Not a test: run it by hand against a running server with demo data, e.g.

    .venv/bin/python manage.py runserver 127.0.0.1:8765 &
    .venv/bin/python scripts/screenshot_dashboard.py http://127.0.0.1:8765 leader demo-leader-2021

It writes docs/screenshots/dashboard.png (1280 px wide) unless told otherwise.
"""

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("username")
    parser.add_argument("password")
    parser.add_argument("--path", default="/")
    parser.add_argument("--out", default="docs/screenshots/dashboard.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args()

    own_host = urlsplit(args.base_url).netloc
    problems, foreign = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on(
            "request",
            lambda r: urlsplit(r.url).netloc not in ("", own_host) and foreign.append(r.url),
        )
        page.goto(f"{args.base_url}/accounts/login/")
        page.fill("#id_username", args.username)
        page.fill("#id_password", args.password)
        page.click("button[type=submit]")
        page.goto(f"{args.base_url}{args.path}")
        page.wait_for_selector("[data-figure] .main-svg")
        plots = page.locator("[data-figure]").count()
        drawn = page.locator("[data-figure] .main-svg").count()
        # The modebar's tooltips come from the locale: Chinese if zh-CN was registered.
        locale_ok = page.locator(
            '[data-figure] .modebar-btn[data-title="下载图表为PNG格式"]'
        ).count()
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), full_page=args.full_page)
        browser.close()

    print(
        f"charts: {plots}, drawn: {drawn // 2 if drawn else 0}+, Chinese toolbar: {bool(locale_ok)}"
    )
    print(f"screenshot: {out}")
    if problems or foreign or not locale_ok:
        print("console errors:", problems, "requests to other hosts:", foreign, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
