from django import forms
from django.utils.translation import gettext_lazy as _

# Wide enough for any year the plan or later monitoring can have; it only guards the input.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class ReportOptionsForm(forms.Form):
    """The options of a download: one year, or every year when left empty."""

    year = forms.IntegerField(
        label=_("年份"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": _("年份必须是四位数字，例如 2023。"),
            "min_value": _("年份不能早于 %(limit_value)s 年。"),
            "max_value": _("年份不能晚于 %(limit_value)s 年。"),
        },
    )
