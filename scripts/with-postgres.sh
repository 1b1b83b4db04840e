#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server:
#
#   bash scripts/with-postgres.sh make test
#
# Installs Debian's postgresql with apt-get when it is missing (as root), creates a
# cluster in a temporary directory, starts it on 127.0.0.1 on a free port, creates a
# user (allowed to create the test database) and two databases, runs the command with
#   DATABASE_URL               the app's database (pytest creates test_<name> beside it)
#   DEPLOY_CHECK_DATABASE_URL  a database for tests/test_deployment.py to migrate and serve
# and stops the server and removes everything on exit. The password is random per run.
set -euo pipefail

find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

PG_BIN="$(find_pg_bin)"
if [ -z "$PG_BIN" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL (Debian package)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN="$(find_pg_bin)"
  fi
  if [ -z "$PG_BIN" ]; then
    echo "ERROR: PostgreSQL is not installed and cannot be installed here (needs root and apt-get)." >&2
    exit 1
  fi
fi

# PostgreSQL refuses to run as root: run the server as the package's `postgres` user.
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  as_server() { runuser -u postgres -- "$@"; }
else
  as_server() { "$@"; }
fi

WORK="$(mktemp -d -t shuangchuang-pg.XXXXXX)"
chmod 700 "$WORK"
[ "$(id -u)" = "0" ] && chown postgres "$WORK"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
DB_USER=shuangchuang

stop_server() {
  as_server "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop_server EXIT

as_server sh -c "umask 077; echo '$PASSWORD' > '$WORK/pwfile'"
as_server "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=scram-sha-256 \
  --pwfile="$WORK/pwfile" --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_server "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c synchronous_commit=off" \
  start >/dev/null

export PGPASSWORD="$PASSWORD"
psql_admin() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }
psql_admin -d postgres -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$PASSWORD'"
psql_admin -d postgres -c "CREATE DATABASE shuangchuang OWNER $DB_USER"
psql_admin -d postgres -c "CREATE DATABASE deploy_check OWNER $DB_USER"
unset PGPASSWORD

export DATABASE_URL="postgres://$DB_USER:$PASSWORD@127.0.0.1:$PORT/shuangchuang"
export DEPLOY_CHECK_DATABASE_URL="postgres://$DB_USER:$PASSWORD@127.0.0.1:$PORT/deploy_check"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT; running: $*"
set +e
"$@"
status=$?
set -e
exit $status
