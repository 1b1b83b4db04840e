"""What every endpoint of the REST API shares: who may call it, what input it accepts,
how errors look and how the OpenAPI schema documents them.

The endpoints themselves live next to their models (`indicators/api.py`,
`platforms/api.py`, `projects/api.py`); `config/api_urls.py` routes them. The JSON
parser (`core/api_parsers.py`) and the schema class (`core/api_schema.py`) are
separate modules because settings name them and DRF imports them while it loads.
"""

import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.decorators import api_view

from .models import DECIMAL_MAX_DIGITS, DECIMAL_PLACES


class RolePermissions(permissions.DjangoModelPermissions):
    """Django model permissions, with reads too: GET needs `view_<model>`.

    DRF's own class lets every logged-in user read; here a user in no role group
    (or an anonymous one) sees nothing, exactly as in the admin.
    """

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class StrictInputMixin:
    """Reject fields the serializer does not accept, instead of silently ignoring them.

    A misspelt field (`vaule`) or an attempt to set a read-only one (`flagged`) would
    otherwise look like a successful write that did not do what the client meant.
    """

    # Names of response fields a client cannot set (when responses use another serializer).
    read_only_names = frozenset()

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            read_only = set(self.fields) | self.read_only_names
            errors = {}
            for name in data:
                if name in writable:
                    continue
                if name in read_only:
                    errors[name] = [gettext("该字段只读，不能通过接口修改。")]
                else:
                    errors[name] = [gettext("未知字段。")]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("与当前数据状态冲突。")
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("记录已被他人修改，请重新读取后再提交。")
    default_code = "stale_version"


# The largest id or serial any table here can hold (PostgreSQL `integer`, SQLite too).
MAX_LOOKUP = 2**31 - 1


class IntegerLookupMixin:
    """Detail URLs take a whole number; anything else, or one beyond any database's
    integer range, is simply not found (rather than an overflow error in the query)."""

    def get_object(self):
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_LOOKUP:
            raise exceptions.NotFound()
        return super().get_object()


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number in a query string, within the database's range (else 400, not 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_LOOKUP)
        super().__init__(*args, **kwargs)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
def unknown_endpoint(request, *args, **kwargs):
    """Any other URL under /api/: a JSON 404 for scripts, not Django's HTML page."""
    raise exceptions.NotFound(gettext("没有这个接口地址，可用的接口见 /api/docs/。"))


class YearFilter(WholeNumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2200)
        super().__init__(*args, **kwargs)


def stored_decimal(**kwargs):
    """A stored value (actual, baseline, target, 万元): exact, as a string such as "18.09"."""
    return serializers.DecimalField(
        max_digits=DECIMAL_MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        normalize_output=True,
        **kwargs,
    )
