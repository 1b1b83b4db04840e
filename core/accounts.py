"""Who is asking (the client's address behind the documented proxy), the password change
form, whose old-password check counts as a login attempt, and what a person is told about
their own session (logging out says so on the next page)."""

import ipaddress

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def client_ip(request):
    """The client's address for django-axes (AXES_CLIENT_IP_CALLABLE).

    With TRUSTED_PROXY_COUNT = 0 (no proxy) it is REMOTE_ADDR and X-Forwarded-For is
    ignored: anyone can write that header. Behind N proxies that each append the address
    they saw (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`), it is
    the N-th address from the right, the one the outermost trusted proxy saw; whatever a
    client wrote further left is ignored. The header is read only when the request comes
    from one of TRUSTED_PROXIES: a client reaching the app server directly would otherwise
    pick its own address, and so a fresh lockout key for every attempt. Without that many
    entries (a request that did not come through the proxies) it falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0 or not from_trusted_proxy(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def from_trusted_proxy(remote):
    """Whether the connecting address is one of TRUSTED_PROXIES (addresses or networks)."""
    try:
        address = ipaddress.ip_address(remote or "")
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES
    )


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """The old password is checked through `authenticate`, so django-axes counts a wrong
    one like a wrong login: a stolen session cannot try passwords without limit, and
    after the fifth failure the user is locked out as at the login form."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


def said_logged_out(sender, request, user, **kwargs):
    """Receiver of `user_logged_out`: the login page that follows says it happened."""
    if request is not None and user is not None:
        # Silently skipped where there is no message store (a test client's logout()).
        messages.success(request, _("你已退出登录。"), fail_silently=True)
