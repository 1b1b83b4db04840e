"""A bounded load run for `make bench`: gunicorn on loopback, N clients for a few seconds
on each of a few URLs, requests/s, p50/p99 and errors.

The clients are threads of this process with one keep-alive connection each; they share
the machine's cores with the server, so the numbers are a floor for what the server
alone could do.
"""

import http.client
import os
import statistics
import subprocess
import threading
import time
from pathlib import Path

from django.conf import settings

from tests.site.servers import HOST, gunicorn_command

CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "10"))


def _percentile(sorted_values, share):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))
    return sorted_values[index]


def _client(port, path, cookie, deadline, times, errors, lock):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    mine, failed = [], 0
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
        elapsed = time.perf_counter() - start
        if ok:
            mine.append(elapsed)
        else:
            failed += 1
    connection.close()
    with lock:
        times.extend(mine)
        errors.append(failed)


def hammer(port, path, cookie, clients=CLIENTS, seconds=SECONDS):
    """{requests_per_second, p50_ms, p99_ms, requests, errors} of `clients` clients
    requesting `path` for `seconds`."""
    times, errors, lock = [], [], threading.Lock()
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=_client, args=(port, path, cookie, deadline, times, errors, lock))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    times.sort()
    return {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": len(times),
        "requests_per_second": round(len(times) / wall, 1),
        "p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
        "p99_ms": round(_percentile(times, 0.99) * 1000, 1) if times else None,
        "errors": sum(errors),
    }


def start_gunicorn(env, port, workers=2, threads=4):
    """gunicorn as the README deploys it, on loopback; returns the process once it answers."""
    command = [*gunicorn_command(port, workers, threads), "--log-level", "warning"]
    server = subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def worker_pids(server):
    """The pids of gunicorn's workers (children of the arbiter)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def _multipart(fields, file_field, filename, content):
    boundary = "----bench-boundary-7d2a"
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def csrf_for(port, path, cookie):
    """(cookie header with the CSRF cookie added, the form's token) from a GET of `path`."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()
    csrf_cookie = next(
        value.split(";")[0]
        for name, value in response.getheaders()
        if name.lower() == "set-cookie" and value.startswith("csrftoken=")
    )
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    return f"{cookie}; {csrf_cookie}", token


def post_uploads(port, path, cookie, csrf_token, content, uploads):
    """POST `content` as the import form's file `uploads` times; the statuses answered."""
    statuses = []
    body, content_type = _multipart(
        {"csrfmiddlewaretoken": csrf_token}, "file", "指标-2022.xlsx", content
    )
    for _ in range(uploads):
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Cookie": cookie,
                "Content-Type": content_type,
                "Referer": f"http://{HOST}:{port}{path}",
            },
        )
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
        connection.close()
    return statuses
