"""`make bench`: speed and cost of the main pages at 1× and 100× the data.

Builds a throwaway database (never the developer's: a SQLite file, or a new database on
the PostgreSQL server of `DATABASE_URL`, see database.py), fills it with the real
annexes (1×) and then with generated rows (100×), and measures each page with Django's
test client through the whole middleware stack: a warm-up, then the median of several
runs, plus its SQL query count. The floor is a bare login-protected view rendering a
trivial template. Prints a table and writes bench-results.json.
"""

import gzip
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from tests.benchmarks import database  # noqa: E402

WORKDIR = Path(tempfile.mkdtemp(prefix="bench-"))
SERVER_URL = os.environ.get("DATABASE_URL", "")
if database.is_postgres(SERVER_URL):
    DATABASE_URL, PG_DATABASE = database.throwaway_postgres(SERVER_URL)
else:
    DATABASE_URL, PG_DATABASE = f"sqlite:///{WORKDIR / 'bench.sqlite3'}", None
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_DEBUG": "false",  # no query log, as in production
    "DJANGO_LOG_LEVEL": "ERROR",
    "DJANGO_MEDIA_ROOT": str(WORKDIR / "media"),  # evidence files of the backup benchmark
}
os.environ.update(ENVIRONMENT)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from tests.benchmarks import data, load  # noqa: E402
from tests.indicators.hostile_files import LAUGHS  # noqa: E402
from tests.site.servers import free_port  # noqa: E402

WARMUP = 2
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
# One results file per database, so the SQLite and PostgreSQL runs sit side by side.
RESULTS_FILE = BASE_DIR / ("bench-results-postgres.json" if PG_DATABASE else "bench-results.json")


def targets():
    """(label, url) of everything measured; pages not built yet are reported as missing."""
    named = [
        ("floor (bare view)", "bench_floor", []),
        ("dashboard /", "home", []),
        ("indicator detail", "indicator_detail", [4]),
        ("platforms page", "platform_list", []),
        ("projects page", "project_list", []),
    ]
    for label, name, args in named:
        try:
            yield label, reverse(name, args=args)
        except NoReverseMatch:
            yield label, None
    yield "API indicators list", "/api/v1/indicators/"
    yield "API actuals list", "/api/v1/actuals/"
    yield "Excel report (download)", "/reports/download/"


def _median_ms(client, url, runs, cold):
    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1)


def measure(client, url, runs):
    """Warm: the usual visit, page body cached (indicators/pagecache.py). Cold: the first
    visit after a change, everything built again."""
    for _ in range(WARMUP):
        response = client.get(url)
    if response.status_code != 200:
        return {"status": response.status_code}
    warm = _median_ms(client, url, runs, cold=False)
    cache.clear()
    # Count at once: every request clears the connection's query log.
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    cold_queries = len(queries)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    warm_queries = len(queries)
    body = b"".join(response) if response.streaming else response.content
    return {
        "status": 200,
        "median_ms": warm,
        "cold_median_ms": _median_ms(client, url, runs, cold=True),
        "queries": warm_queries,
        "cold_queries": cold_queries,
        "bytes": len(body),
    }


def command_peak_memory(*command, output=None):
    """Peak resident memory (MB) and wall time of a manage.py command in its own process
    (tests/benchmarks/peak.py reads the peak), and the size of the file it wrote."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.peak", *command],
        cwd=BASE_DIR,
        env={**os.environ, **ENVIRONMENT},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        return {"status": "failed", "error": proc.stderr[-300:]}
    peak_kb = int(re.search(r"peak-rss-kb (\d+)", proc.stderr).group(1))
    result = {"seconds": round(elapsed, 2), "peak_rss_mb": round(peak_kb / 1024, 1)}
    if output:
        result["file_kb"] = round(output.stat().st_size / 1024, 1)
    return result


def export_peak_memory():
    """`manage.py export_report`: peak memory, time, size of the workbook."""
    output = WORKDIR / "report.xlsx"
    return command_peak_memory("export_report", "--output", str(output), output=output)


def backup_peak_memory(media_mb=60):
    """`backup`, then `restore --replace` of that backup, with `media_mb` MB of evidence
    files (1 MB each, incompressible): their peak memory should not grow with the media
    (the backup is a zip written and read a file and a chunk at a time)."""
    # Imported here: the models need django.setup() above.
    from django.core.files.base import ContentFile

    from indicators.models import Indicator
    from reporting.models import Evidence

    indicator, manager = Indicator.objects.order_by("pk").first(), data.manager()
    for n in range(media_mb):
        content = b"%PDF-1.4\n" + os.urandom(1024 * 1024 - 9)
        Evidence.objects.create(
            year=2021,
            indicator=indicator,
            file=ContentFile(content, name=f"bench-{n}.pdf"),
            original_name=f"bench-{n}.pdf",
            kind="pdf",
            size=len(content),
            uploaded_by=manager,
        )
    output = WORKDIR / "backup.zip"
    return {
        "media_mb": media_mb,
        "backup": command_peak_memory("backup", "--output", str(output), output=output),
        "restore": command_peak_memory("restore", str(output), "--replace"),
    }


def first_visit_static_bytes(client):
    """JS and CSS a first visit to the dashboard downloads, compressed as WhiteNoise serves them."""
    html = client.get(reverse("home")).content.decode()
    paths = re.findall(r'(?:src|href)="/static/([^"?#]+\.(?:js|css))"', html)
    totals = {"files": len(paths), "raw": 0, "gzip": 0, "brotli": 0}
    for path in paths:
        raw = Path(finders.find(path)).read_bytes()
        totals["raw"] += len(raw)
        totals["gzip"] += len(gzip.compress(raw, compresslevel=9))
        try:
            import brotli

            totals["brotli"] += len(brotli.compress(raw))
        except ImportError:
            totals["brotli"] = None
    totals["files_list"] = paths
    return totals


def _server_env():
    # The load comes from one address: the public site's rate limit would answer 429.
    return {
        **os.environ,
        **ENVIRONMENT,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_PUBLIC_RATE_LIMIT": "1000000000",
    }


def publish_approved_years():
    """Leadership publishes the plan's approved years, so the public pages have data."""
    from indicators.models import YearApproval
    from plans.models import Plan
    from public.models import Publication
    from public.services import publication_publish

    plan = Plan.objects.get()
    for year in sorted(YearApproval.objects.locked_years() & set(plan.years)):
        if not Publication.objects.active().filter(plan=plan, year=year).exists():
            publication_publish(user=data.leader(), plan=plan, year=year)
    return plan


# The public indicator page's goal on this machine, under load_run's load.
PUBLIC_TARGET = {"requests_per_second": 1000, "p99_ms": 30, "errors": 0}


def _session_cookie(client):
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def load_run(client):
    """Requests/s, p50/p99 and errors of a bounded load on gunicorn (README's settings)."""
    plan = publish_approved_years()
    port = free_port()
    server = load.start_gunicorn(_server_env(), port)
    cookie = _session_cookie(client)
    try:
        results = {}
        for label, path, sent_cookie in [
            ("dashboard /", "/", cookie),
            ("indicator detail", "/indicators/4/", cookie),
            ("API indicators list", "/api/v1/indicators/", cookie),
            # Anonymous, as the public visits it (no cookie).
            ("public indicator page", f"/public/plans/{plan.pk}/indicators/4/", ""),
        ]:
            load.hammer(port, path, sent_cookie, clients=1, seconds=0.5)  # warm the caches
            results[label] = load.hammer(port, path, sent_cookie)
            print(f"   load {label:24} {results[label]}", flush=True)
        public = results["public indicator page"]
        public["meets_target"] = (
            public["requests_per_second"] >= PUBLIC_TARGET["requests_per_second"]
            and public["p99_ms"] is not None
            and public["p99_ms"] < PUBLIC_TARGET["p99_ms"]
            and public["errors"] == PUBLIC_TARGET["errors"]
        )
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


BILLION_LAUGHS = (
    LAUGHS
    + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    + b"</sheetData></worksheet>"
)


def _billion_laughs_workbook():
    import io
    import zipfile

    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["xl/worksheets/sheet1.xml"] = BILLION_LAUGHS
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()


def hostile_upload_memory(uploads=20):
    """RSS of the one gunicorn worker before and after `uploads` billion-laughs uploads."""
    client = Client()
    client.force_login(data.manager())
    port = free_port()
    server = load.start_gunicorn(_server_env(), port, workers=1, threads=1)
    try:
        [worker] = load.worker_pids(server)
        path = reverse("admin:import_upload")
        cookie, token = load.csrf_for(port, path, _session_cookie(client))
        before = load.rss_mb(worker)
        statuses = load.post_uploads(port, path, cookie, token, _billion_laughs_workbook(), uploads)
        after = load.rss_mb(worker)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "uploads": uploads,
        "statuses": sorted(set(statuses)),
        "worker_rss_before_mb": before,
        "worker_rss_after_mb": after,
        "growth_mb": round(after - before, 1),
    }


def run_scale(label, client):
    print(f"\n== {label}: {data.counts()}", flush=True)
    rows = {}
    for name, url in targets():
        result = measure(client, url, RUNS if "Excel" not in name else 3) if url else {}
        rows[name] = result
        print(f"   {name:28} {result}", flush=True)
    return rows


def machine():
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "database": database.describe(DATABASE_URL),
    }


def table(results):
    floor = {s: results[s]["pages"]["floor (bare view)"].get("median_ms") for s in ("1x", "100x")}
    lines = [
        "| measurement | 1× ms | × floor | cold ms | queries (cold) "
        "| 100× ms | × floor | cold ms | queries (cold) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in results["1x"]["pages"]:
        cells = [name]
        for scale in ("1x", "100x"):
            r = results[scale]["pages"][name]
            if "median_ms" in r:
                ratio = r["median_ms"] / floor[scale] if floor[scale] else 0
                cells += [
                    f"{r['median_ms']:.1f}",
                    f"{ratio:.1f}",
                    f"{r['cold_median_ms']:.1f}",
                    f"{r['queries']} ({r['cold_queries']})",
                ]
            else:
                cells += ["n/a", "", "", str(r.get("status", "not built"))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    setup_test_environment()  # lets the test client capture queries
    rng = random.Random(2021)
    call_command("migrate", verbosity=0)
    with override_settings(ROOT_URLCONF="tests.benchmarks.urls", ALLOWED_HOSTS=["testserver"]):
        data.load_real(rng)
        client = Client()
        client.force_login(data.leader())
        results = {"machine": machine(), "runs": RUNS, "warmup": WARMUP}
        results["1x"] = {"counts": data.counts(), "pages": run_scale("1×", client)}
        results["1x"]["excel_export"] = export_peak_memory()
        results["1x"]["backup"] = backup_peak_memory()
        results["static_first_visit"] = first_visit_static_bytes(client)
        data.scale_to(100, rng)
        results["100x"] = {"counts": data.counts(), "pages": run_scale("100×", client)}
        results["100x"]["excel_export"] = export_peak_memory()
        results["100x"]["load"] = load_run(client)
        results["hostile_uploads"] = hostile_upload_memory()
    RESULTS_FILE.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print("\n" + table(results))
    for scale in ("1x", "100x"):
        print(f"Excel export command at {scale}: {results[scale]['excel_export']}")
    print(f"Backup and restore at 1× with evidence files: {results['1x']['backup']}")
    print("\n| under load (100×, gunicorn 2×4 threads) | req/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for label, r in results["100x"]["load"].items():
        print(
            f"| {label} | {r['requests_per_second']} | {r['p50_ms']} | {r['p99_ms']} "
            f"| {r['errors']} |"
        )
    public = results["100x"]["load"]["public indicator page"]
    print(
        f"Public indicator page against ≥ {PUBLIC_TARGET['requests_per_second']} req/s, "
        f"p99 < {PUBLIC_TARGET['p99_ms']} ms, 0 errors: "
        + ("met" if public["meets_target"] else "NOT met")
    )
    print(f"20 billion-laughs uploads: {results['hostile_uploads']}")
    s = results["static_first_visit"]
    print(
        f"First visit JS+CSS: {s['files']} files, {s['raw']:,} bytes raw, "
        f"{s['gzip']:,} gzip, {s['brotli']:,} brotli"
    )
    print(f"Machine: {results['machine']}")
    print(f"Written to {RESULTS_FILE}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
        if PG_DATABASE:
            from django.db import connections

            connections.close_all()
            database.drop_postgres(SERVER_URL, PG_DATABASE)
