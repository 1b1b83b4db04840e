"""Admin forms for yearly figures. They only collect input: every rule is checked by
indicators/services.py (which calls indicators/validation.py), so admin, import and
API refuse the same things with the same messages."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from .models import IndicatorActual
from .services import actual_prepare
from .validation import PLAN_BASELINE_YEAR, format_decimal


def add_service_error(form, error):
    """Show a service's ValidationError/PermissionDenied on `form`, field by field.

    Errors about a field the form does not show go to the top of the form.
    """
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        visible = field in form.fields and not form.fields[field].widget.is_hidden
        form.add_error(field if visible and field != NON_FIELD_ERRORS else None, messages)


class VersionedFormMixin:
    """A hidden `expected_version`: the version the user saw, for the optimistic check."""

    def set_version_initial(self):
        if self.instance.pk:
            self.fields["expected_version"].required = True
            self.initial["expected_version"] = self.instance.version


class ActualForm(VersionedFormMixin, forms.ModelForm):
    # Text, not a DecimalField: `1,762` and full-width digits are read by
    # validation.parse_decimal, which refuses what it cannot read unambiguously.
    value = forms.CharField(
        label=_("实际值"),
        max_length=40,
        help_text=_("可填 1,762 或全角数字；明显超出常规范围的数值须在“说明”中写明原因。"),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Set per request by the admin (IndicatorActualAdmin.get_form).
    user = None

    class Meta:
        model = IndicatorActual
        fields = ["indicator", "year", "value", "note", "evidence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_version_initial()
        if self.instance.pk:
            self.initial["value"] = format_decimal(self.instance.value)
        if "year" in self.fields:
            self.fields["year"].min_value = PLAN_BASELINE_YEAR + 1

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            row = actual_prepare(
                user=self.user,
                indicator=cleaned["indicator"],
                year=cleaned["year"],
                value=cleaned["value"],
                note=cleaned.get("note", ""),
                evidence=cleaned.get("evidence", ""),
                actual=self.instance if self.instance.pk else None,
                expected_version=cleaned.get("expected_version"),
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_error(self, error)
        else:
            cleaned["value"] = row.value  # the Decimal the model field expects
        return cleaned


class YearChoiceForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年份"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, _("%(year)s 年") % {"year": y}) for y in years]


class EntryRowForm(forms.Form):
    """One indicator on the yearly entry screen; a blank value leaves that figure alone."""

    indicator_id = forms.IntegerField(widget=forms.HiddenInput)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    value = forms.CharField(
        label=_("本年实际值"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"size": 12, "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 30}),
    )


EntryFormSet = forms.formset_factory(EntryRowForm, extra=0)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("填好的模板（.xlsx）"),
        help_text=_("请使用本页下载的模板，只填“实际值”和“说明”两列，填数值而不是公式。"),
    )
