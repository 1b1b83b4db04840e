"""REST endpoints for the plans (`/api/v1/plans/`) and the plan scope of the other lists.

The indicators, platforms and projects endpoints show one plan at a time: `?plan=<id>`,
or by default the current plan (the one in force). Drafts are visible to managers and
leadership only, as on the site.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.pagination import PageNumberPagination

from core.api import IntegerLookupMixin, RolePermissions

from .models import Plan, plan_asked

PLAN_PARAMETER = OpenApiParameter(
    "plan",
    int,
    description=_("规划编号（见 /api/v1/plans/）；省略时为执行中的规划。"),
)


def requested_plan(request):
    """The plan named by ?plan=<id> that the user may see, else the current one."""
    plans = Plan.objects.visible_to(request.user).select_related("base")
    wanted = request.query_params.get("plan")
    if wanted in (None, ""):
        plan = plan_asked(plans, wanted)
        if plan is None:
            raise exceptions.NotFound(gettext("尚未载入任何规划。"))
        return plan
    if not (wanted.isascii() and wanted.isdigit()):
        raise exceptions.ValidationError({"plan": [gettext("规划编号应为整数。")]})
    plan = plan_asked(plans, wanted)
    if plan is None:
        raise exceptions.ValidationError({"plan": [gettext("没有这个规划（或你无权查看）。")]})
    return plan


class ListedPlanSerializer(serializers.ModelSerializer):
    """The plan a list answers for, named in the list's envelope."""

    state_label = serializers.CharField(source="get_state_display", label=_("状态（中文）"))

    class Meta:
        model = Plan
        fields = ["id", "name", "first_year", "last_year", "state", "state_label"]


class PlanPagination(PageNumberPagination):
    """The page envelope of one plan's list: count, next, previous, the plan, results."""

    plan = None  # set by the view (PlanListMixin)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        envelope = {key: value for key, value in response.data.items() if key != "results"}
        envelope["plan"] = ListedPlanSerializer(self.plan).data
        response.data = {**envelope, "results": response.data["results"]}
        return response

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        properties = {k: v for k, v in answer["properties"].items() if k != "results"}
        properties["plan"] = {
            "type": "object",
            "description": gettext("本列表所属的规划（?plan=，省略时为执行中的规划）。"),
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "first_year": {"type": "integer"},
                "last_year": {"type": "integer"},
                "state": {"type": "string"},
                "state_label": {"type": "string"},
            },
            "required": ["id", "name", "first_year", "last_year", "state", "state_label"],
        }
        answer["properties"] = {**properties, "results": answer["properties"]["results"]}
        answer["required"] = [*answer.get("required", []), "plan"]
        return answer


class PlanListMixin:
    """A list that answers for one plan: the plan from `requested_plan` (cached per
    request), named in the page envelope (`PlanPagination`)."""

    pagination_class = PlanPagination

    @property
    def plan(self):
        if not hasattr(self, "_plan"):
            self._plan = requested_plan(self.request)
        return self._plan

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self.paginator is not None:
            self.paginator.plan = self.plan
        return page


class PlanScopeMixin(PlanListMixin):
    """A list (and detail) of one plan's rows."""

    plan_field = "plan"

    def get_queryset(self):
        return super().get_queryset().filter(**{self.plan_field: self.plan})

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "plan": self.plan}


class PlanSerializer(serializers.ModelSerializer):
    base = serializers.CharField(source="base.name", read_only=True, label=_("示范基地"))
    state_label = serializers.CharField(source="get_state_display", label=_("状态（中文）"))
    put_in_force_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, label=_("批准执行人")
    )
    indicator_count = serializers.IntegerField(
        source="indicators.count", read_only=True, label=_("指标数")
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "base",
            "name",
            "baseline_year",
            "first_year",
            "last_year",
            "state",
            "state_label",
            "source_document",
            "previous",
            "put_in_force_by",
            "put_in_force_at",
            "indicator_count",
        ]
        extra_kwargs = {
            "previous": {"help_text": _("本规划据以起草的上一期规划的编号。")},
        }


@extend_schema_view(
    list=extend_schema(
        summary=_("建设规划列表"),
        description=_("示范基地的各期规划：期限、基期年份、状态（草稿 / 执行中 / 已结束）。"),
    ),
    retrieve=extend_schema(summary=_("单个建设规划")),
)
class PlanViewSet(IntegerLookupMixin, viewsets.ReadOnlyModelViewSet):
    """The base's plans, earliest first; drafts only for managers and leadership."""

    queryset = Plan.objects.select_related("base", "put_in_force_by")
    serializer_class = PlanSerializer
    permission_classes = [RolePermissions]
    ordering_fields = ["first_year"]
    ordering = ["first_year"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)
