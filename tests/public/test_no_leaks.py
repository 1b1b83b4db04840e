"""Crawl every public page and download as an anonymous client: nothing internal shows."""

import io
import json
import re
from urllib.parse import urljoin, urlparse

from openpyxl import load_workbook

from .conftest import MARKERS

LINK = re.compile(r'(?:href|src)="([^"#]+)"')


def readable(response):
    """The response as text, whatever its format (an .xlsx is unzipped and read)."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(response.content))
        return "\n".join(
            str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
        )
    text = response.content.decode("utf-8")
    if response["Content-Type"].startswith("application/json"):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def crawl(client, start="/public/"):
    """{path: response} of every /public/ address reachable from `start` by links."""
    seen, queue = {}, [start]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response
        assert response.status_code == 200, path
        if response["Content-Type"].startswith("text/html"):
            for link in LINK.findall(response.content.decode()):
                target = urlparse(urljoin(path, link.replace("&amp;", "&")))
                address = target.path + (f"?{target.query}" if target.query else "")
                if target.path.startswith("/public/") and not target.netloc:
                    queue.append(address)
    return seen


def test_no_internal_string_on_any_public_page_or_download(client, published_2023):
    pages = crawl(client)
    kinds = {path.rsplit(".", 1)[-1] for path in pages if "." in path.rsplit("/", 1)[-1]}
    # The crawl reached every kind of page, so the absence below means something.
    assert kinds == {"csv", "json", "xlsx"}
    assert any("/indicators/" in p and "/embed/" in p for p in pages)
    assert any(p.endswith("/platforms/") for p in pages)
    assert any(p.endswith("/projects/") for p in pages)
    assert any(p.endswith("/indicators/1/") for p in pages)
    leaks = [
        f"{what} on {path}"
        for path, response in pages.items()
        for what, marker in MARKERS.items()
        if marker in readable(response)
    ]
    assert not leaks


def test_the_crawl_would_see_a_marker_if_it_were_shown(client, published_2023):
    """The check above can fail: the published figure is found by the same means."""
    pages = crawl(client)
    assert any("2468" in readable(r) for p, r in pages.items() if p.endswith(".xlsx"))
    assert any("2468" in readable(r) for p, r in pages.items() if p.endswith(".csv"))


def test_no_login_link_leads_the_crawl_into_the_staff_site(client, published_2023):
    pages = crawl(client)
    assert all(path.startswith("/public/") for path in pages)
    assert not any(path.startswith("/public/manage/") for path in pages)
