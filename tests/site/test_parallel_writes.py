"""Parallel writes of one figure against a real gunicorn (2 workers × 4 threads), with
real threads: one create wins and the others get 409, one PATCH wins and the others get
412 — never a 500 ("database is locked" on SQLite, a unique violation on PostgreSQL).
Runs on the suite's database engine (a database of its own, tests/site/servers.py)."""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest

from .servers import app_env, gunicorn, own_database, prepared_site

PARALLEL = 20


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with own_database(tmp_path_factory.mktemp("parallel")) as database_url:
        env = app_env(database_url)
        token = prepared_site(env)
        with gunicorn(env, workers=2, threads=4) as base:
            yield base, token


def call(method, url, token, body):
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, parsed(response.read())
    except urllib.error.HTTPError as error:
        return error.code, parsed(error.read())


def parsed(content):
    try:
        return json.loads(content)
    except ValueError:  # a server error's HTML page
        return {"page": content.decode(errors="replace")[:2000]}


def all_at_once(requests):
    """Send every (method, url, token, body) from its own thread, released together."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def send(index, args):
        barrier.wait()
        results[index] = call(*args)

    threads = [threading.Thread(target=send, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_parallel_creates_give_one_201_and_409s(site):
    base, token = site
    body = {"indicator": 3, "year": 2022, "value": "1900"}
    results = all_at_once([("POST", f"{base}/api/v1/actuals/", token, body)] * PARALLEL)
    assert Counter(status for status, _body in results) == {201: 1, 409: PARALLEL - 1}, results
    refused = next(body for status, body in results if status == 409)
    assert "已由" in refused["year"][0]


def test_parallel_patches_give_one_200_and_412s(site):
    base, token = site
    status, created = call(
        "POST", f"{base}/api/v1/actuals/", token, {"indicator": 4, "year": 2022, "value": "200"}
    )
    assert status == 201
    url = f"{base}/api/v1/actuals/{created['id']}/"
    requests = [
        ("PATCH", url, token, {"value": str(201 + n), "version": created["version"]})
        for n in range(PARALLEL)
    ]
    results = all_at_once(requests)
    assert Counter(status for status, _body in results) == {200: 1, 412: PARALLEL - 1}
    refused = next(body for status, body in results if status == 412)
    assert "第 2 版" in refused["version"][0]
