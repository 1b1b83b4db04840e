"""Page bodies cached until the data behind them changes.

Leadership opens the same pages again and again while the figures change a few times a
year, so the expensive part of a page (progress of every indicator, the plotly charts,
the tables) is built once and kept until a row behind it changes.

The cache key holds a *generation*: the newest primary key and newest history id of each
table the page shows, asked of the database on every request in one small query. Any
create, change or delete moves it (every write goes through the ORM and is recorded by
django-simple-history, which the audit trail needs anyway), so every app server sees a
change at once, whatever its own cache holds, and stale entries simply expire.

Only what is the same for every user may be cached: no CSRF token, no permission checks,
no user name. Bodies are rendered without the request for that reason. Only the query
parameters a page declares go into the key and reach the builder, so `?x=1` can neither
bypass the cache nor fill it with copies. The API's indicator list is cached the same way
(`cached`): its data is built once per page of results until a figure changes.

Only values the page accepts are kept: a builder that refused one of its parameters (a year
not on the page, a page number that is not one, a free-text search: each is one of
unboundedly many) returns `uncached(result)`, which is shown but not stored, so junk in the
query string cannot fill the cache with copies of the default page.
"""

import functools
import hashlib

from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

CACHE_SECONDS = 24 * 60 * 60


def data_generation(models):
    """The newest primary key and newest history id of each model, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_generation_sql(connection.vendor, tuple(models)))
        return cursor.fetchone()


@functools.cache
def _generation_sql(vendor, models):
    # Built once per set of models: reaching a model's history table builds a manager class.
    quote = connection.ops.quote_name
    columns = []
    for model in models:
        tables = [(model._meta.db_table, model._meta.pk.column)]
        # A model without a history is an append-only log (a reporting step, say): its
        # newest id moves with every write.
        if hasattr(model, "history"):
            tables.append((model.history.model._meta.db_table, "history_id"))
        for table, column in tables:
            columns.append(f"(SELECT MAX({quote(column)}) FROM {quote(table)})")
    return "SELECT " + ", ".join(columns)


def page_query(request, params):
    """The request's query string reduced to the parameters a page declares, one value
    each (the last, the one forms and filters read), so repeating one makes no new key."""
    query = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            query[name] = request.GET[name]
    return query


class Uncached:
    """A builder's result that is shown but not kept (see `uncached`)."""

    def __init__(self, result):
        self.result = result


def uncached(result):
    """What a builder returns when the query held a value it refused: the page (the default,
    with the builder's message) is shown once, and no entry is made for the value."""
    return Uncached(result)


def cached(request, *, name, models, params=(), build):
    """`build(query)`'s result, cached per `name`, language, declared parameters and data
    generation (not kept when the builder returns `uncached(...)`). The result must be the
    same for every user allowed to ask for it."""
    query = page_query(request, params)
    source = repr((name, get_language(), sorted(query.lists()), data_generation(models)))
    key = "page:" + hashlib.sha256(source.encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        result = build(query)
        if isinstance(result, Uncached):
            return result.result
        cache.set(key, result, CACHE_SECONDS)
    return result


def cached_page(request, *, name, models, params=(), build):
    """The page's context: `build(query)`'s dict, whose "body" is HTML, cached as `cached`
    does; "body" comes back marked safe."""
    page = cached(request, name=name, models=models, params=params, build=build)
    return {**page, "body": mark_safe(page["body"])}
