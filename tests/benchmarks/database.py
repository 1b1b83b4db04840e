"""Where `make bench` keeps its data: always a database made for the run, never the
developer's.

Without `DATABASE_URL` (or with a SQLite one) that is a SQLite file in a temporary folder.
With a PostgreSQL `DATABASE_URL` (`bash scripts/with-postgres.sh make bench`) it is a new
database on that server, created before Django starts and dropped afterwards, so the
deploy target is measured without touching the database the URL names.
"""

import secrets
from urllib.parse import urlsplit, urlunsplit


def is_postgres(url):
    return urlsplit(url or "").scheme in {"postgres", "postgresql", "pgsql"}


def throwaway_postgres(url):
    """(url of a new empty database on the server of `url`, its name)."""
    name = f"bench_{secrets.token_hex(4)}"
    _admin(url, f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}")), name


def drop_postgres(url, name):
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(url, statement):
    import psycopg

    # CREATE/DROP DATABASE cannot run inside a transaction.
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def describe(url):
    """The database line of the results' machine record."""
    if not is_postgres(url):
        return "SQLite (file)"
    import psycopg

    with psycopg.connect(url) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version}"
