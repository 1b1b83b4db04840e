"""Form plumbing every app shares: showing a service's errors, the version a user saw,
and the one year picker."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.utils.translation import gettext_lazy as _


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


class YearForm(forms.Form):
    """Pick one of `years` (a page's, an entry screen's); any other year is refused."""

    year = forms.TypedChoiceField(
        label=_("年份"),
        coerce=int,
        error_messages={"invalid_choice": _("年份 %(value)s 不在可选范围内，已显示默认年份。")},
    )

    def __init__(self, *args, years, last_plan_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, year_label(y, last_plan_year)) for y in years]

    @classmethod
    def chosen(cls, data, years, default, last_plan_year=None):
        """(form, year): the valid year in `data`, else `default` with the form showing it.
        Years after `last_plan_year` are labelled 规划期后."""
        form = cls(data or None, years=years, last_plan_year=last_plan_year)
        if form.is_valid():
            return form, form.cleaned_data["year"]
        if data and "year" in data:
            return form, default  # keeps the error message for the page to show
        return cls(initial={"year": default}, years=years, last_plan_year=last_plan_year), default


def year_label(year, last_plan_year=None):
    """`2024年`, or `2024年（规划期后）` after the plan's last year (monitoring)."""
    if last_plan_year is not None and year > last_plan_year:
        return _("%(year)s年（规划期后）") % {"year": year}
    return _("%(year)s年") % {"year": year}
