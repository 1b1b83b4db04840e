"""Forms of the reporting pages. They only collect input; reporting/services.py and
indicators/services.py decide what is accepted."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.records import CHANGE_REASON_MAX_LENGTH, TEXT_MAX_LENGTH


def _text_errors(label):
    """The messages of a text field, naming it: too long (the one limit of every text) or
    holding a NUL character (which PostgreSQL cannot store)."""
    label = str(label).replace("%", "%%")  # Django fills in %(limit_value)d and %(show_value)d
    return {
        "max_length": gettext("%(label)s过长（%%(show_value)d 字）：最多 %%(limit_value)d 字。")
        % {"label": label},
        "null_characters_not_allowed": gettext("%(label)s含有空字符（NUL），请删去后再提交。")
        % {"label": label},
    }


class ChangeReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("修改原因"),
        required=False,
        max_length=CHANGE_REASON_MAX_LENGTH,
        help_text=_("已提交或被退回的年度，修改数值须说明原因；原因记入修改记录，审计可见。"),
        widget=forms.TextInput(attrs={"size": 40}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages |= _text_errors(self.fields["reason"].label)


class ReturnForm(forms.Form):
    """The return: its reason, and a comment per indicator (`comment-<id>`, optional) and
    per task or item (`work-comment-<id>`, optional)."""

    reason = forms.CharField(
        label=_("退回原因"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, indicators=(), work_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages |= {
            **_text_errors(self.fields["reason"].label),
            "required": gettext("请填写退回原因：管理员要知道改什么。"),
        }
        self.indicators = list(indicators)
        for indicator in self.indicators:
            label = gettext("对“%(name)s”的意见") % {"name": indicator.name}
            self.fields[f"comment-{indicator.pk}"] = forms.CharField(
                label=label,
                required=False,
                max_length=TEXT_MAX_LENGTH,
                error_messages=_text_errors(label),
            )

        # A comment per task or item (`work-comment-<id>`, optional), shown on the work page.
        self.work_items = list(work_items)
        for item in self.work_items:
            label = gettext("对“%(name)s”的意见") % {"name": item.name}
            self.fields[f"work-comment-{item.pk}"] = forms.CharField(
                label=label,
                required=False,
                max_length=TEXT_MAX_LENGTH,
                error_messages=_text_errors(label),
            )

    def comments(self):
        """{indicator: comment} of the valid form."""
        return {i: self.cleaned_data[f"comment-{i.pk}"] for i in self.indicators}

    def work_comments(self):
        """{work item: comment} of the valid form."""
        return {i: self.cleaned_data[f"work-comment-{i.pk}"] for i in self.work_items}

    def messages(self):
        """Every error, each naming its field, in the order of the form."""
        return [message for errors in self.errors.values() for message in errors]


class DueDateForm(forms.Form):
    due_date = forms.DateField(
        label=_("截止日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请按 年-月-日 填写日期，例如 2024-03-31。")},
    )


class EvidenceForm(forms.Form):
    target = forms.ChoiceField(label=_("对应的指标或项目"))
    file = forms.FileField(
        label=_("佐证材料文件"),
        help_text=_("PDF、PNG/JPEG 图片、Excel（.xlsx）或 Word（.docx），最大 10 MB。"),
    )

    def __init__(self, *args, indicators, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (_("指标"), [(f"indicator-{i.pk}", f"{i.serial}. {i.name}") for i in indicators]),
            (_("重点项目"), [(f"project-{p.pk}", p.name) for p in projects]),
        ]

    def chosen(self, indicators, projects):
        """(indicator, project) named by the valid `target`."""
        kind, _sep, pk = self.cleaned_data["target"].partition("-")
        found = {f"indicator-{i.pk}": i for i in indicators}
        if kind == "indicator":
            return found[self.cleaned_data["target"]], None
        return None, {str(p.pk): p for p in projects}[pk]


class ProjectRowForm(forms.Form):
    """One project's progress in the year; a blank investment leaves that project alone."""

    project_id = forms.IntegerField(widget=forms.HiddenInput)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    investment = forms.CharField(
        label=_("当年完成投资（万元）"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 12}),
    )
    status = forms.ChoiceField(label=_("状态"), required=False)
    percent = forms.CharField(
        label=_("完成进度（%）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    note = forms.CharField(label=_("说明"), max_length=TEXT_MAX_LENGTH, required=False)

    def __init__(self, *args, statuses=(), disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "—"), *statuses]
        # An approved year is shown, not offered for editing.
        for field in self.fields.values():
            field.disabled = disabled


ProjectFormSet = forms.formset_factory(ProjectRowForm, extra=0)


class WorkRowForm(forms.Form):
    """One task's or item's progress in the year (prefix `w<item id>`); a blank status
    leaves that item's year as it is. The services decide what is accepted."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    reason = forms.CharField(
        label=_("原因"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 20}),
    )
    progress_text = forms.CharField(
        label=_("进展情况"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )
    percent = forms.CharField(
        label=_("完成进度（%）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )

    def __init__(self, *args, statuses=(), disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "—"), *statuses]
        for name in ("reason", "progress_text"):
            self.fields[name].error_messages |= _text_errors(self.fields[name].label)
        for field in self.fields.values():
            field.disabled = disabled


class PolicyRowForm(forms.Form):
    """One policy's application in the year (prefix `p<policy id>`); a blank 是否兑现
    leaves that policy's year as it is."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    applied = forms.ChoiceField(
        label=_("是否兑现"),
        required=False,
        choices=[("", "—"), ("yes", _("是")), ("no", _("否"))],
    )
    effect = forms.CharField(
        label=_("实施效果"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )
    funds = forms.CharField(
        label=_("兑现资金（万元）"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
    )
    enterprises = forms.CharField(
        label=_("惠及企业（家）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )

    def __init__(self, *args, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effect"].error_messages |= _text_errors(self.fields["effect"].label)
        for field in self.fields.values():
            field.disabled = disabled


class WorkEvidenceForm(forms.Form):
    """An evidence file for one task or item (`item`, its id; the view checks it)."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("佐证材料文件"),
        help_text=_("PDF、PNG/JPEG 图片、Excel（.xlsx）或 Word（.docx），最大 10 MB。"),
    )
