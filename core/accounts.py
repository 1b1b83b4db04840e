"""What a person is told about their own session: logging out says so on the next page."""

from django.contrib import messages
from django.utils.translation import gettext as _


def said_logged_out(sender, request, user, **kwargs):
    """Receiver of `user_logged_out`: the login page that follows says it happened."""
    if request is not None and user is not None:
        # Silently skipped where there is no message store (a test client's logout()).
        messages.success(request, _("你已退出登录。"), fail_silently=True)
