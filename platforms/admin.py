"""Admin for platforms: the form runs platforms/services.py's checks once; the admin
saves the platform they prepared."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import FormUserMixin, VisibleRowsMixin
from core.forms import add_service_error

from .models import Platform
from .services import SOURCE_FIELDS, platform_prepare


class PlatformForm(forms.ModelForm):
    user = None  # set per request by the admin

    class Meta:
        model = Platform
        fields = [
            "serial",
            "name",
            "host_organisation",
            "platform_type",
            "level",
            "recognised_year",
            "revoked",
            "revoked_note",
            "remark",
            "visibility",
        ]

    def _post_clean(self):
        super()._post_clean()  # the instance now carries the submitted values
        if self.errors:
            return
        try:
            platform_prepare(user=self.user, platform=self.instance)
        except (ValidationError, PermissionDenied) as error:
            add_service_error(self, error)


class SourceFilter(admin.SimpleListFilter):
    title = _("来源")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [("annex", _("附件三（规划原文）")), ("later", _("规划之后认定"))]

    def queryset(self, request, queryset):
        if self.value() == "annex":
            return queryset.filter(serial__isnull=False)
        if self.value() == "later":
            return queryset.filter(serial__isnull=True)
        return queryset


@admin.register(Platform)
class PlatformAdmin(VisibleRowsMixin, FormUserMixin, SimpleHistoryAdmin):
    form = PlatformForm
    list_display = [
        "serial",
        "name",
        "host_organisation",
        "platform_type",
        "level",
        "source",
        "revoked",
        "visibility",
    ]
    list_filter = [SourceFilter, "level", "platform_type", "revoked", "visibility"]
    search_fields = ["name", "host_organisation"]

    @admin.display(description=_("来源"))
    def source(self, obj):
        if obj.from_source:
            return _("附件三第 %(n)s 行") % {"n": obj.serial}
        return _("%(year)s 年认定") % {"year": obj.recognised_year}

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return []
        if obj is None:
            return ["serial", "remark"]  # a new platform is never an Annex 3 row
        if obj.from_source:
            return [*SOURCE_FIELDS, "recognised_year"]
        return ["serial", "remark"]

    def save_model(self, request, obj, form, change):
        # The form's _post_clean checked `obj` and marked it for the history: just save.
        obj.save()
