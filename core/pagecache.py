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

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

CACHE_SECONDS = 24 * 60 * 60


def data_generation(models, frame=()):
    """The newest primary key and newest history id of each model, in one query; with
    `frame`, also the state of the frame's data (`frame_data_register`)."""
    with connection.cursor() as cursor:
        cursor.execute(_generation_sql(connection.vendor, tuple(models), tuple(frame)))
        return cursor.fetchone()


@functools.cache
def _generation_sql(vendor, models, frame=()):
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
    for model, names in frame:
        table = quote(model._meta.db_table)
        # COUNT(*) moves on a delete, which the newest values may not.
        columns.append(f"(SELECT COUNT(*) FROM {table})")
        for name in names:
            column = quote(model._meta.get_field(name).column)
            columns.append(f"(SELECT MAX({column}) FROM {table})")
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
            request._page_uncached = True  # nor is the person's page kept (personal_page)
            return result.result
        cache.set(key, result, CACHE_SECONDS)
    return result


def cached_page(request, *, name, models, params=(), build):
    """The page's context: `build(query)`'s dict, whose "body" is HTML, cached as `cached`
    does; "body" comes back marked safe."""
    page = cached(request, name=name, models=models, params=params, build=build)
    return {**page, "body": mark_safe(page["body"])}


# ---- a person's whole page ------------------------------------------------------------
#
# The cached body above still leaves each visit to render the frame around it (the menu
# with its counts, the home page's banner, the plan picker) for the person asking. A page
# a person opens again and again is kept whole, for that person's session only: the
# session key is in the name, so one person's frame never reaches another. It is rebuilt
# when the page's data or the frame's data change (each app that draws into the frame
# registers what it reads, `frame_data_register`), when the day changes (days overdue
# count on), or when the person's name, permissions, language or CSRF cookie change.

_FRAME_DATA = {}


def frame_data_register(model, columns):
    """`model`'s rows are read by the frame for the person viewing (e.g. the menu's
    counts); `columns` (names of fields) change whenever a row that matters changes (an
    id, a read or done time), so their newest values and the row count name its state."""
    _FRAME_DATA[model] = tuple(columns)


def personal_page(request, *, name, models, params=(), respond):
    """`respond()`'s response, kept whole for this session until the data behind it or the
    frame's data change. Not kept: a response other than a plain 200, one showing messages
    (they show once), or one whose builder refused a value (`uncached`)."""
    if request.method != "GET" or not _no_messages(request):
        return respond()
    query = page_query(request, params)
    user = request.user
    source = repr(
        (
            "personal",
            name,
            request.session.session_key,
            request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
            user.pk,
            user.get_username(),
            user.get_full_name(),
            sorted(user.get_all_permissions()),
            get_language(),
            sorted(query.lists()),
            timezone.localdate().isoformat(),
            data_generation(models, tuple(_FRAME_DATA.items())),
        )
    )
    key = "personal:" + hashlib.sha256(source.encode()).hexdigest()
    body = cache.get(key)
    if body is not None:
        return HttpResponse(body)
    response = respond()
    keep = (
        response.status_code == 200
        and not response.streaming
        and type(response) is HttpResponse
        and not getattr(request, "_page_uncached", False)
        and _no_messages(request)
        and request.session.session_key is not None
    )
    if keep:
        cache.set(key, response.content, settings.SESSION_COOKIE_AGE)
    return response


def _no_messages(request):
    """No message waiting to be shown (nor shown by this response)."""
    storage = getattr(request, "_messages", None)
    return storage is None or len(storage) == 0
