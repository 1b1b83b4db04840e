"""The site's own 404 page: which words of an error a user may read.

A 404 raised as `NotFound(message)` carries a message written for the user (a year
outside the plan, say) and the page shows it. Any other 404 (Django's
`get_object_or_404`, an unknown URL) says only that the page does not exist: its message
names models and queries, not a reason.
"""

from django.http import Http404, HttpResponseNotFound
from django.template import loader


class NotFound(Http404):
    """A 404 whose message is meant for the person who asked (translated, no internals)."""


def page_not_found(request, exception):
    """handler404 (config/urls.py): templates/404.html with the reason, if any."""
    reason = exception.args[0] if isinstance(exception, NotFound) and exception.args else ""
    return HttpResponseNotFound(loader.render_to_string("404.html", {"reason": reason}, request))
