"""How people are named on pages, in messages, in the history and in the workbook."""

from django.utils import timezone
from django.utils.translation import gettext as _


def display_name(user, unknown=None):
    """Full name if known, else the user name; `unknown` (default （未知用户）) for None."""
    if user is None:
        return _("（未知用户）") if unknown is None else unknown
    return user.get_full_name() or user.get_username()


def local_time(moment):
    """A moment as people in the base read it: Beijing wall-clock time to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
