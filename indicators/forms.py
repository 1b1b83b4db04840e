"""Forms for yearly figures. They only collect input: every rule is checked by
indicators/services.py (which calls indicators/rules.py), so admin, import and API
refuse the same things with the same messages."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedFormMixin, add_service_error
from core.numbers import format_decimal, to_decimal
from core.records import TEXT_MAX_LENGTH

from .models import EntryChannel, IndicatorActual
from .rules import PLAN_BASELINE_YEAR, outlier_reason
from .services import ActualEntry, actual_prepare


class ActualForm(VersionedFormMixin, forms.ModelForm):
    # Text, not a DecimalField: `1,762` and full-width digits are read by
    # validation.parse_decimal, which refuses what it cannot read unambiguously.
    value = forms.CharField(
        label=_("实际值"),
        max_length=40,
        help_text=_(
            "可填 1,762 或全角数字；明显超出常规范围的数值须在“说明”中写明原因，"
            "并在“确认异常值”中再填一遍该数值。"
        ),
    )
    confirm_outlier = forms.CharField(
        label=_("确认异常值"),
        required=False,
        max_length=40,
        help_text=_(
            "实际值明显超出常规范围（超过目标值 3 倍或比上年下降一半以上）时，"
            "在此再填一遍同一数值，确认它无误；其他时候留空。"
        ),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Set per request by the admin (core.admin.FormUserMixin).
    user = None
    # The row the services checked, ready to save: the admin saves it without checking again.
    prepared = None

    class Meta:
        model = IndicatorActual
        fields = ["indicator", "year", "value", "confirm_outlier", "note", "evidence"]

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
                via=EntryChannel.ADMIN,
                confirmed_value=cleaned.get("confirm_outlier") or None,
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_error(self, error)
        else:
            self.prepared = row
            cleaned["value"] = row.value  # the Decimal the model field expects
        return cleaned

    def _post_clean(self):
        # The service checked everything the model would; after a refusal the model's
        # own check of the typed text ("1,920" is no DecimalField input) would only add
        # a second, wrong message beside the service's.
        if not self.errors:
            super()._post_clean()


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
        max_length=TEXT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"size": 30}),
    )
    # A checkbox whose value is the figure it confirms (see confirmable_outlier): ticking it
    # confirms that value only, so a changed value needs a new tick.
    confirm_outlier = forms.CharField(label=_("确认异常值"), required=False, max_length=40)


EntryFormSet = forms.formset_factory(EntryRowForm, extra=0)


# The whole-year entry form, shared by the site's entry screen (reporting/) and the admin's.


def entry_initial(indicators, year):
    """The formset's initial rows: each indicator's stored figure of `year`, if any.
    `indicators` have their series' actuals prefetched (Indicator.objects.for_entry())."""
    initial = []
    for indicator in indicators:
        current = next((a for a in indicator.series_actuals() if a.year == year), None)
        initial.append(
            {
                "indicator_id": indicator.pk,
                "expected_version": current.version if current else None,
                "value": format_decimal(current.value) if current else "",
                "note": current.note if current else "",
            }
        )
    return initial


def entry_entries(formset, indicators):
    """The valid formset's rows as ActualEntry, keyed by serial; blank values are left out."""
    by_pk = {i.pk: i for i in indicators}
    entries = []
    for form in formset.forms:
        data = form.cleaned_data
        indicator = by_pk.get(data["indicator_id"])
        if indicator is None or not data["value"].strip():
            continue  # a blank input leaves that figure as it is
        entries.append(
            ActualEntry(
                indicator=indicator,
                value=data["value"],
                note=data["note"],
                expected_version=data["expected_version"],
                key=indicator.serial,
                confirmed_value=data["confirm_outlier"] or None,
            )
        )
    return entries


def confirmable_outlier(form, indicator, year):
    """The value typed in a refused row when it lies far outside the range, else "": the
    entry screens then offer the 确认异常值 checkbox carrying exactly that value."""
    if not form.is_bound:
        return ""
    typed = (form.data.get(form.add_prefix("value")) or "").strip()
    try:
        number = to_decimal(typed)
    except ValidationError:
        return ""
    actuals = indicator.actuals_by_year()
    if outlier_reason(indicator, number, actuals.get(year - 1)):
        return typed
    return ""


def entry_row_errors(formset, indicators, error):
    """Show a BatchError's refusals on the rows they belong to."""
    forms_by_serial = {
        indicator.serial: form for indicator, form in zip(indicators, formset.forms, strict=True)
    }
    for serial, row_error in error.row_errors.items():
        add_service_error(forms_by_serial[serial], row_error)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("填好的模板（.xlsx）"),
        help_text=_("请使用本页下载的模板，只填“实际值”和“说明”两列，填数值而不是公式。"),
    )
