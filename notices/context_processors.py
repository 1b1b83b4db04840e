from django.utils.functional import SimpleLazyObject

from .selectors import notice_counts as count_notices


def notice_counts(request):
    """`notice_counts` for the menu (templates/base.html): counted by one query, and only
    when a template reads it (API responses and the admin never do)."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"notice_counts": SimpleLazyObject(lambda: count_notices(user))}
