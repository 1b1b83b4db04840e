"""Page bodies cached until the data behind them changes.

Leadership opens the same pages again and again while the figures change a few times a
year, so the expensive part of a page (progress of every indicator, the plotly figures,
the tables) is built once and kept until a row behind it changes.

Whether a row changed is asked of the database on every request (one small query), so
every gunicorn worker sees a change at once, whatever its own cache holds. Every write
goes through the ORM and is recorded by django-simple-history (the audit trail needs
that), so the newest history id of a model moves on every create, change and delete;
the newest primary key also catches rows bulk-created without history. A write that
bypasses history (`QuerySet.update()`) would bypass the audit trail too, and is not
used for these models.

Only what is the same for every user may be cached: no CSRF token, no permission
checks, no user name. Bodies are rendered without the request for that reason.
"""

import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

CACHE_SECONDS = 24 * 60 * 60


def data_version(models):
    """The newest primary key and newest history id of each model, in one query."""
    quote = connection.ops.quote_name
    columns = []
    for model in models:
        for table, column in (
            (model._meta.db_table, model._meta.pk.column),
            (model.history.model._meta.db_table, "history_id"),
        ):
            columns.append(f"(SELECT MAX({quote(column)}) FROM {quote(table)})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        return cursor.fetchone()


def cached(name, request, models, build):
    """`build()`'s result for this page, query string and language, rebuilt only when
    rows of `models` changed since it was cached."""
    source = repr((name, get_language(), sorted(request.GET.lists()), data_version(models)))
    digest = hashlib.sha256(source.encode()).hexdigest()
    cache_key = ":".join(["page", name, digest])
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, CACHE_SECONDS)
    return value
