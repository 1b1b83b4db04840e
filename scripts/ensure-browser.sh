#!/usr/bin/env bash
# Browser tests need Debian's chromium and a CJK font. Install them when we can
# (CI and developer machines run as root); otherwise the browser tests skip
# with a loud reason (tests/browser/conftest.py).
set -u
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk"; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing chromium and a CJK font for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei) >/dev/null \
    || echo "WARNING: could not install chromium; browser tests will be skipped" >&2
else
  echo "WARNING: chromium missing and no root apt-get; browser tests will be skipped" >&2
fi
exit 0
