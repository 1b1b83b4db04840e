"""Request-wide database behaviour that the views should not have to think about."""

from django.db import connections
from django.utils.cache import patch_cache_control

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SerialSQLiteWritesMiddleware:
    """On SQLite, a request that may write takes the write lock when its transaction
    begins (`BEGIN IMMEDIATE`), so parallel writers queue (busy timeout) instead of
    both reading first and one failing with "database is locked" (a 500) when it
    tries to write. Reads keep plain `BEGIN`: readers never wait for each other.
    Other databases are left alone (PostgreSQL serialises with row locks).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection = connections["default"]
        if connection.vendor != "sqlite" or request.method not in UNSAFE_METHODS:
            return self.get_response(request)
        # ATOMIC_REQUESTS opens the view's transaction after every middleware has run
        # its request half, so the mode is in place when it begins. Connecting resets
        # the mode from the settings: connect first.
        connection.ensure_connection()
        previous = connection.transaction_mode
        connection.transaction_mode = "IMMEDIATE"
        try:
            return self.get_response(request)
        finally:
            connection.transaction_mode = previous


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response the app itself makes (pages,
    the API, downloads), unless a view chose otherwise: they are a logged-in user's data,
    which no shared proxy and no browser history should keep. Static files are served
    by WhiteNoise before this runs, with their own long caching. The public site is the
    one exception: its views set `public, max-age=…` themselves (public/http.py), so
    this leaves them alone, and any other response there (a 404, a 429) stays private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
