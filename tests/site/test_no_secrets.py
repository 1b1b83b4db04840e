"""No secret, password or token in the repository except the documented demo passwords."""

import re
import subprocess
from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

SECRET_PATTERNS = {
    "private key": r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
    "AWS access key": r"\bAKIA[0-9A-Z]{16}\b",
    "GitHub token": r"\bgh[pousr]_[A-Za-z0-9]{36,}\b",
    "API token (40 hex digits, like DRF's)": r"\b[0-9a-f]{40}\b",
    "password in a URL": r"\b[a-z][a-z0-9+.-]*://[^/\s:@\"']+:(?P<value>[^@\s/\"']+)@",
    "assigned password or secret": (
        r"(?i)\b[\w]*(password|passwd|secret|token|api_key)[\w]*[\"']?\s*[:=]\s*"
        r"[rbf]?[\"'](?P<value>[^\"'\s]{8,})[\"']"
    ),
    "password passed to a call": r"(?i)password\w*\(\s*[rbf]?[\"'](?P<value>[^\"'\s]{8,})[\"']",
    "hard-coded key": r"(?i)\b\w*key\s*=\s*[rbf]?[\"'](?P<value>[^\"'\s]{20,})[\"']",
    # The demo passwords may appear where they are documented, nowhere else.
    "demo password": r"\bdemo-\w+-20\d\d\b",
}

# (files, value): what may look like a secret, and why it is not one.
ALLOWED = [
    # This file plants fake secrets to prove the scan finds them.
    ("tests/site/test_no_secrets.py", r".*"),
    # The demo accounts' passwords, documented in the README; seed_demo refuses production.
    (
        "annexes/management/commands/seed_demo.py",
        r"demo-(manager|leader|auditor|admin|reporter)-2021",
    ),
    ("README.md", r"demo-(manager|leader|auditor|admin|reporter)-2021"),
    ("scripts/screenshot_dashboard.py", r"demo-(manager|leader|auditor|admin)-2021"),  # its how-to
    # The benchmark's throwaway user in a throwaway database.
    ("tests/benchmarks/*", r"bench-only"),
    # Test users' passwords, named for what they are.
    ("tests/*", r"(\{\w+\}|\w+)-password-for-tests|wrong-password"),
    # The development key, which production refuses (config/settings.py).
    ("config/settings.py", r"django-insecure-[\w-]+"),
    # Shell and environment variables, filled in at run time (scripts/with-postgres.sh).
    ("*", r"\$\{?\w+\}?"),
    # Placeholders in documentation.
    ("*.md", r"…|\.\.\.|pass(word)?|PASSWORD"),
]


def repository_files():
    """The files git tracks, or every file outside the environment without git."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout.decode()
        paths = [p for p in listed.split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        skip = {".venv", "node_modules", ".git", "staticfiles", "test-artifacts"}
        paths = [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(ROOT).parts)
        ]
    return [p for p in paths if (ROOT / p).is_file()]


def find_secrets(path, text):
    """[(kind, line number, value)] for every secret-looking string not ALLOWED in `path`."""
    found = []
    for kind, pattern in SECRET_PATTERNS.items():
        for match in re.finditer(pattern, text):
            value = match.groupdict().get("value") or match.group(0)
            if any(
                fnmatch(path, files) and re.fullmatch(allowed, value) for files, allowed in ALLOWED
            ):
                continue
            found.append((kind, text.count("\n", 0, match.start()) + 1, value))
    return found


def test_the_repository_holds_no_secrets():
    found = []
    for path in repository_files():
        try:
            text = (ROOT / path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary
        found += [
            f"{path}:{line}: {kind}: {value}" for kind, line, value in find_secrets(path, text)
        ]
    assert not found, "secrets in the repository:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "path, text",
    [
        ("config/settings.py", 'SECRET_KEY = "k3Jx9!pQ2rT7vW0zY5uB8nM1cF4hL6"'),
        ("config/settings.py", "DATABASE_URL=postgres://dash:S3cretPass@db:5432/x"),
        (
            "tests/test_api.py",
            "headers = {'Authorization': 'Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b'}",
        ),
        ("README.md", "the admin password: 'hunter2hunter2'"),
        ("indicators/views.py", 'user.set_password("demo-admin-2021")'),
        ("deploy/key.pem", "-----BEGIN OPENSSH PRIVATE KEY-----"),
    ],
)
def test_the_scan_finds_a_planted_secret(path, text):
    assert find_secrets(path, text)


@pytest.mark.parametrize(
    "path, text",
    [
        ("README.md", "| `manager` | `demo-manager-2021` |"),
        ("README.md", "DATABASE_URL=postgres://shuangchuang:…@127.0.0.1:5432/shuangchuang"),
        ("tests/conftest.py", 'password=f"{username}-password-for-tests"'),
    ],
)
def test_the_scan_lets_documented_values_pass(path, text):
    assert not find_secrets(path, text)
