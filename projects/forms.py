"""Admin form for project progress: collects input; projects/services.py checks it."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedFormMixin, add_service_error
from core.numbers import format_decimal

from .models import ProjectProgress
from .services import project_progress_prepare


class ProjectProgressForm(VersionedFormMixin, forms.ModelForm):
    # Text, read by core.numbers.parse_decimal (1,500 and full-width digits).
    investment_completed = forms.CharField(label=_("当年完成投资（万元）"), max_length=40)
    completion_percent = forms.CharField(label=_("完成进度（%）"), max_length=20, required=False)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    user = None  # set per request by the admin (core.admin.FormUserMixin)
    prepared = None  # the row the services checked, ready to save

    class Meta:
        model = ProjectProgress
        fields = ["project", "year", "investment_completed", "status", "completion_percent", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_version_initial()
        if self.instance.pk:
            self.initial["investment_completed"] = format_decimal(
                self.instance.investment_completed
            )
            self.initial["completion_percent"] = format_decimal(self.instance.completion_percent)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            row = project_progress_prepare(
                user=self.user,
                project=cleaned["project"],
                year=cleaned["year"],
                investment_completed=cleaned["investment_completed"],
                status=cleaned["status"],
                completion_percent=cleaned.get("completion_percent"),
                note=cleaned.get("note", ""),
                progress=self.instance if self.instance.pk else None,
                expected_version=cleaned.get("expected_version"),
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_error(self, error)
        else:
            self.prepared = row
            cleaned["investment_completed"] = row.investment_completed
            cleaned["completion_percent"] = row.completion_percent
        return cleaned
