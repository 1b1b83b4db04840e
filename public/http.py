"""How every anonymous page and download of the public site is answered.

`public_response` wraps each public view:

- only GET and HEAD: anything else is 405 (nothing public writes; CSRF is moot, so the
  views are exempt and a POST gets its 405 rather than a CSRF 403);
- a per-address rate limit in the cache (client address from core/accounts.py), with a
  429 page in Chinese and Retry-After;
- shared caching: `Cache-Control: public, max-age=…`, an ETag and Last-Modified from the
  data behind the site (the newest history row of each table: every write is recorded
  by django-simple-history), 304 to a conditional request, and the response itself kept
  in the cache until the data change. Nothing in a response is per user: the views
  never touch the session or the user (no CSRF token, no cookie, no Vary: Cookie), so a
  proxy may cache them.
"""

import datetime
import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt

from core.accounts import client_ip

from .selectors import PUBLIC_DATA

SAFE_METHODS = ("GET", "HEAD")
# Response headers kept with a cached body.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def data_state(models=PUBLIC_DATA):
    """(generation, last modified) of `models` in one query: the newest id and history id
    of each table, and the newest history time (a datetime, or None)."""
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(connection.vendor, tuple(models)))
        row = cursor.fetchone()
    generation, times = row[: 2 * len(models)], [t for t in row[2 * len(models) :] if t]
    newest = max(times, default=None)
    if isinstance(newest, str):  # SQLite hands back MAX() of a datetime column as text
        newest = parse_datetime(newest)
    if newest is not None and timezone.is_naive(newest):  # stored in UTC (USE_TZ)
        newest = newest.replace(tzinfo=datetime.UTC)
    return generation, newest


@functools.cache
def _state_sql(vendor, models):
    quote = connection.ops.quote_name
    ids, times = [], []
    for model in models:
        history = model.history.model._meta.db_table
        ids.append(
            f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)})"
        )
        ids.append(f"(SELECT MAX({quote('history_id')}) FROM {quote(history)})")
        times.append(f"(SELECT MAX({quote('history_date')}) FROM {quote(history)})")
    return "SELECT " + ", ".join(ids + times)


def too_many_requests(request):
    """None while the client's address is under PUBLIC_RATE_LIMIT requests in the current
    window of PUBLIC_RATE_WINDOW seconds; else the 429 page with Retry-After."""
    window = settings.PUBLIC_RATE_WINDOW
    now = time.time()
    key = f"public-rate:{client_ip(request) or '-'}:{int(now // window)}"
    try:
        count = cache.incr(key)  # one cache operation per request, once the window began
    except ValueError:  # the window's first request (or the key just expired)
        count = 1 if cache.add(key, 1, window + 1) else cache.incr(key)
    if count <= settings.PUBLIC_RATE_LIMIT:
        return None
    retry_after = max(1, int(window - now % window) + 1)
    response = HttpResponse(
        render_to_string("public/429.html", {"retry_after": retry_after}), status=429
    )
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, no_store=True)
    return response


def _embeddable(response):
    """Let the origins of PUBLIC_EMBED_FRAME_ANCESTORS frame this response (and only
    this one); with none set the site-wide X-Frame-Options and frame-ancestors 'none'
    stay."""
    origins = settings.PUBLIC_EMBED_FRAME_ANCESTORS
    if origins:
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": list(origins)}
    return response


def public_response(params=(), embeddable=False):
    """Decorator of a public view: see the module's docstring. `params` are the query
    parameters the view reads; only they go into the ETag and the cache key (so `?x=1`
    neither misses the cache nor fills it with copies)."""

    def decorator(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in SAFE_METHODS:
                return HttpResponseNotAllowed(SAFE_METHODS)
            refused = too_many_requests(request)
            if refused is not None:
                return refused
            generation, modified = data_state()
            query = [(name, request.GET.getlist(name)) for name in params if name in request.GET]
            source = repr((request.path, query, get_language(), generation))
            digest = hashlib.sha256(source.encode()).hexdigest()
            etag = f'"{digest[:32]}"'
            last_modified = int(modified.timestamp()) if modified else None
            response = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if response is None:
                response = _cached_response(f"public:{digest}", view, request, args, kwargs)
            response["ETag"] = etag
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified)
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            return _embeddable(response) if embeddable else response

        return wrapper

    return decorator


def _cached_response(key, view, request, args, kwargs):
    """The view's response, kept in the cache (body and content headers) while the data
    behind it is unchanged; anything but a 200 (a 404) is passed on as it is."""
    kept = cache.get(key)
    if kept is not None:
        content, headers = kept
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.streaming:
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        cache.set(key, (response.content, headers), settings.PUBLIC_CACHE_SECONDS * 12)
    return response
