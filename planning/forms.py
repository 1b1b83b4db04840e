"""Forms of the plan pages: they collect input; planning/services.py checks it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from plans.models import Plan

from .limits import max_length

YEAR_LIMITS = {"min_value": 2000, "max_value": 2100}


class DraftPlanForm(forms.Form):
    name = forms.CharField(label=_("规划名称"), max_length=max_length(Plan, "name"))
    first_year = forms.IntegerField(label=_("起始年份"), **YEAR_LIMITS)
    last_year = forms.IntegerField(label=_("目标年份（规划截止年份）"), **YEAR_LIMITS)
    source_document = forms.CharField(
        label=_("出处（文件名称、文号或日期）"),
        max_length=max_length(Plan, "source_document"),
        required=False,
    )
    carry_platforms = forms.BooleanField(
        label=_("承接仍有效（未撤销）的技术创新平台"), required=False, initial=True
    )
    carry_projects = forms.BooleanField(
        label=_("承接尚未竣工的重点项目"), required=False, initial=True
    )
    carry_work = forms.BooleanField(
        label=_("承接尚未完成（最新状态不是已完成或已停止）的重点任务和专栏项目"),
        required=False,
        initial=True,
        help_text=_("工程、专栏、支持政策和具体目标总是复制到新规划，编号不变。"),
    )


class CarriedRowForm(forms.Form):
    """One indicator of the source plan: carry it on (with a new target) or drop it."""

    indicator_id = forms.IntegerField(widget=forms.HiddenInput)
    carry = forms.BooleanField(label=_("延续"), required=False, initial=True)
    name = forms.CharField(
        label=_("新名称（不改可留空）"), max_length=max_length(Indicator, "name"), required=False
    )
    target = forms.CharField(
        label=_("新目标值"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 12}),
    )


class NewIndicatorForm(forms.Form):
    """An indicator the new plan adds; a blank row is ignored."""

    name = forms.CharField(
        label=_("指标名称（单位写在括号中，如 科技型企业数（家））"),
        max_length=max_length(Indicator, "name_as_written"),
        required=False,
    )
    baseline = forms.CharField(label=_("基期值"), max_length=40, required=False)
    target = forms.CharField(label=_("目标值"), max_length=40, required=False)


CarriedRowFormSet = forms.formset_factory(CarriedRowForm, extra=0)
NewIndicatorFormSet = forms.formset_factory(NewIndicatorForm, extra=3)


class PlanImportForm(forms.Form):
    name = forms.CharField(label=_("规划名称"), max_length=max_length(Plan, "name"))
    first_year = forms.IntegerField(label=_("起始年份"), **YEAR_LIMITS)
    last_year = forms.IntegerField(label=_("目标年份（规划截止年份）"), **YEAR_LIMITS)
    source_document = forms.CharField(
        label=_("出处（文件名称、文号或日期）"),
        max_length=max_length(Plan, "source_document"),
        required=False,
    )
    file = forms.FileField(
        label=_("填好的规划附件（.xlsx）"),
        help_text=_(
            "请使用本页下载的模板：指标、技术创新平台、重点项目三张工作表，以及工程、专栏、"
            "重点任务和专栏项目、支持政策、具体目标（可不填；旧模板没有这几张表也能导入）。"
        ),
    )
