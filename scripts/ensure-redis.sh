#!/usr/bin/env bash
# The several-app-servers test (tests/site/test_app_servers.py) starts a throwaway
# redis-server. Install Debian's package when we can (CI and developer machines run as
# root); otherwise that test skips with a loud reason (and fails in CI).
set -u
command -v redis-server >/dev/null && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing redis-server for the several-app-servers test..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null \
    || echo "WARNING: could not install redis-server; the several-app-servers test will be skipped" >&2
else
  echo "WARNING: redis-server missing and no root apt-get; the several-app-servers test will be skipped" >&2
fi
exit 0
