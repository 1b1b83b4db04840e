"""修改记录 on the site: who changed what in one plan, old → new, with the reasons.

The admin's 最近修改记录 (views.recent_changes) is for administrators and shows every
model at once; this page is the auditors' and leadership's, on the site, for one plan
chosen as the dashboard's is (?plan=, default the current one, drafts only for those who
may see drafts: `PlanQuerySet.visible_to`), filterable by year, indicator and person.

The history of the audited models is read straight from the history tables, scoped by the
plan ids the records themselves hold (so a deleted draft's rows stay out too), merged in
the database (one UNION, newest first) and cut into pages there; only the records of the
page shown are loaded and described (history.describe_changes).
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Value
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import format_decimal
from core.pagecache import page_query
from core.paging import page_of
from core.people import display_name, local_time
from indicators.models import Indicator, IndicatorActual, YearApproval
from plans.models import plan_asked, plan_chosen
from platforms.models import Platform
from projects.models import Project, ProjectProgress

from .history import describe_changes
from .plan_period import plan_report_years

CHANGE_RECORD_PERMISSION = "audit.view_change_record"
PER_PAGE = 50
PARAMS = ("plan", "year", "indicator", "user", "page")

# Each audited model by a short name, for the rows of the UNION.
KINDS = {
    "actual": IndicatorActual,
    "progress": ProjectProgress,
    "approval": YearApproval,
    "indicator": Indicator,
    "platform": Platform,
    "project": Project,
}
# The models whose rows belong to a year (the year filter keeps only these).
YEARLY_KINDS = ("actual", "progress", "approval")


class ChangeFilterForm(forms.Form):
    """The page's GET filters; each value is checked against what the plan offers."""

    year = forms.TypedChoiceField(
        label=gettext_lazy("年份"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": gettext_lazy("年份“%(value)s”不在本规划的年份内，已忽略这一条件。")
        },
    )
    indicator = forms.TypedChoiceField(
        label=gettext_lazy("指标"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": gettext_lazy("本规划没有序号为“%(value)s”的指标，已忽略这一条件。")
        },
    )
    user = forms.ModelChoiceField(
        label=gettext_lazy("修改人"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=gettext_lazy("全部"),
        error_messages={"invalid_choice": gettext_lazy("没有这位修改人，已忽略这一条件。")},
    )

    def __init__(self, data, *, years, indicators):
        super().__init__(data)
        everyone = [("", _("全部"))]
        self.fields["year"].choices = everyone + [(y, _("%(year)s年") % {"year": y}) for y in years]
        self.fields["indicator"].choices = everyone + [(i.serial, str(i)) for i in indicators]
        self.fields["user"].queryset = get_user_model().objects.order_by("username")
        self.fields["user"].label_from_instance = display_name

    def valid_filters(self):
        """The filters that are valid; an invalid one is left out (its message says so)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value is not None}


def can_read_changes(user):
    """Auditors, leadership and administrators (core/roles.py)."""
    return user.has_perm(CHANGE_RECORD_PERMISSION)


def plan_change_rows(plan, *, year=None, indicator=None, user=None):
    """The history rows of `plan` as one query of (history_date, history_id, kind), newest
    first, ready to be paginated: the plan's indicators, platforms and projects, the
    figures of its indicators' series and the approvals from its first year on (the
    dashboard's years of the plan), the progress of its projects."""
    indicator_ids = Indicator.history.filter(plan_id=plan.pk).values("id")
    # A series' figures are stored on its first indicator (Indicator.series_key).
    owners = {i.series_key for i in Indicator.objects.of_plan(plan).only("pk", "series_origin_id")}
    parts = {
        "actual": IndicatorActual.history.filter(
            indicator_id__in=owners, year__gte=plan.first_year
        ),
        "progress": ProjectProgress.history.filter(
            project_id__in=Project.history.filter(plan_id=plan.pk).values("id")
        ),
        "approval": YearApproval.history.filter(year__gte=plan.first_year),
        "indicator": Indicator.history.filter(id__in=indicator_ids),
        "platform": Platform.history.filter(plan_id=plan.pk),
        "project": Project.history.filter(plan_id=plan.pk),
    }
    if year is not None:
        parts = {k: qs.filter(year=year) for k, qs in parts.items() if k in YEARLY_KINDS}
    if indicator is not None:
        # The indicator's figures and, without a year filter, its definition.
        narrowed = {
            "actual": {"indicator_id": indicator.series_key},
            "indicator": {"id": indicator.pk},
        }
        parts = {k: qs.filter(**narrowed[k]) for k, qs in parts.items() if k in narrowed}
    if user is not None:
        parts = {k: qs.filter(history_user_id=user.pk) for k, qs in parts.items()}
    rows = [
        qs.order_by()
        .annotate(record_kind=Value(kind, output_field=CharField()))
        .values_list("history_date", "history_id", "record_kind")
        for kind, qs in parts.items()
    ]
    return rows[0].union(*rows[1:], all=True).order_by("-history_date", "-history_id")


def records_of(rows):
    """The history records named by `rows` (a page of plan_change_rows), in their order."""
    ids = {}
    for _when, history_id, kind in rows:
        ids.setdefault(kind, []).append(history_id)
    loaded = {
        (kind, record.history_id): record
        for kind, wanted in ids.items()
        for record in KINDS[kind].history.filter(history_id__in=wanted)
    }
    return [loaded[kind, history_id] for _when, history_id, kind in rows]


@login_required
def change_record(request):
    """修改记录: the changes of one plan with their reasons, a page at a time."""
    if not can_read_changes(request.user):
        raise PermissionDenied(_("只有审计、领导和系统管理员可以查看修改记录。"))
    wanted = request.GET.get("plan", "")
    plan, plans = plan_chosen(request.user, wanted)
    if wanted.strip() and plan_asked(plans, wanted) is None:
        messages.warning(request, _("没有这个规划或你无权查看，已显示当前规划。"))
    if plan is None:
        return render(request, "audit/change_record.html", {"plan": None})
    indicators = list(Indicator.objects.of_plan(plan).order_by("serial"))
    form = ChangeFilterForm(request.GET, years=plan_report_years(plan), indicators=indicators)
    filters = form.valid_filters()
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    serial = filters.get("indicator")
    rows = plan_change_rows(
        plan,
        year=filters.get("year"),
        indicator=next((i for i in indicators if i.serial == serial), None),
        user=filters.get("user"),
    )
    page, others = page_of(rows, page_query(request, PARAMS), PER_PAGE)
    changes = describe_changes(records_of(page.object_list), consecutive=False)
    context = {
        "plan": plan,
        "plans": plans,
        "form": form,
        "page": page,
        "others": others,
        "changes": [_shown(change) for change in changes],
        "filtered": bool(filters),
    }
    return render(request, "audit/change_record.html", context)


def _shown(change):
    """A change as the page lists it: who (display name), when (Beijing time), what, each
    field's old → new as text, and the reason."""
    return {
        "when": local_time(change.when),
        "who": display_name(change.user, unknown=_("（系统）")),
        "model": change.model,
        "object": change.object,
        "action": change.action,
        "reason": change.reason,
        "fields": [(f.label, _text(f.old), _text(f.new)) for f in change.fields or []],
        "snapshot": [(label, _text(value)) for label, value in change.snapshot],
    }


def _text(value):
    if isinstance(value, Decimal):
        return format_decimal(value)
    if value is None:
        return "—"
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return local_time(value)
    return value
