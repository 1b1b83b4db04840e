"""Every kind of page prints clean on A4: Chromium prints it to PDF (print media), and the
PDF holds the page's content without the menu, pickers or buttons."""

import subprocess

import pytest

from .conftest import ARTIFACTS

PAGES = {
    "manager": ["/", "/indicators/3/", "/platforms/", "/projects/", "/reporting/", "/plans/"],
    "leader": ["/reporting/review/"],
}
# Words that only the menu, the pickers and the buttons carry.
SCREEN_ONLY = ["退出登录", "切换", "筛选"]


def _pdf_text(pdf_bytes, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(pdf_bytes)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("role", sorted(PAGES))
def test_pages_print_on_a4_without_menus_or_buttons(visit, role):
    v = visit(role)
    for url in PAGES[role]:
        v.page.goto(url)
        heading = v.page.locator("h1").first.inner_text().strip()
        v.page.emulate_media(media="print")
        hidden = v.page.evaluate(
            """() => [...document.querySelectorAll('.site-header nav, main button, main select')]
                 .every(el => getComputedStyle(el).display === 'none')"""
        )
        assert hidden, f"{url}: a menu, button or select would print"
        pdf = v.page.pdf(format="A4", print_background=False)
        v.page.emulate_media(media="screen")
        name = f"print-{role}-{url.strip('/').replace('/', '-') or 'home'}.pdf"
        text = _pdf_text(pdf, name)
        # pdftotext breaks long lines where the page does: compare without white space.
        flat = "".join(text.split())
        assert "".join(heading.split())[:6] in flat, f"{url}: the page's heading is not on paper"
        for word in SCREEN_ONLY:
            assert word not in text, f"{url}: {word!r} printed"
