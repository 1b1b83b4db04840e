"""REST endpoints for the investment projects and their yearly progress (`/api/v1/projects/`)."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from core.api import IntegerLookupMixin, RolePermissions, YearFilter, stored_decimal
from plans.api import PLAN_PARAMETER, PlanScopeMixin

from .models import Project, ProjectNature, ProjectProgress, ProjectStatus


class ProjectProgressSerializer(serializers.ModelSerializer):
    investment_completed = stored_decimal(label=_("当年完成投资（万元）"))
    completion_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        normalize_output=True,
        allow_null=True,
        label=_("完成进度（%）"),
    )

    class Meta:
        model = ProjectProgress
        fields = [
            "year",
            "investment_completed",
            "status",
            "completion_percent",
            "note",
            "updated_at",
            "version",
        ]


class ProjectSerializer(serializers.ModelSerializer):
    total_investment = stored_decimal(label=_("总投资（万元）"))
    included_in = serializers.SlugRelatedField(
        slug_field="row",
        read_only=True,
        allow_null=True,
        label=_("已包含于"),
        help_text=_("本行是另一行项目的一部分时，为那一行的行序（合计时应剔除，避免重复计算）。"),
    )
    cumulative_investment = stored_decimal(
        read_only=True,
        allow_null=True,
        label=_("累计完成投资（万元）"),
        help_text=_("各年完成投资之和；尚无进展记录时为空。"),
    )
    latest_status = serializers.ChoiceField(
        choices=ProjectStatus.choices,
        read_only=True,
        allow_null=True,
        label=_("最新状态"),
        help_text=_("最近一年进展记录中的状态；尚无记录时为空。"),
    )
    progress = ProjectProgressSerializer(many=True, read_only=True, label=_("年度进展"))

    class Meta:
        model = Project
        fields = [
            "id",
            "plan",
            "row",
            "name",
            "year",
            "nature",
            "total_investment",
            "included_in",
            "remark",
            "cumulative_investment",
            "latest_status",
            "progress",
        ]
        extra_kwargs = {
            "row": {"help_text": _("附件四中的行序。")},
            "year": {"help_text": _("建设年限（附件四原文）。")},
            "remark": {"help_text": _("规划原文存在的问题（如重复列示、引号不配对）。")},
        }


class ProjectFilter(django_filters.FilterSet):
    nature = django_filters.ChoiceFilter(choices=ProjectNature.choices, label=_("项目性质"))
    year = YearFilter(label=_("建设年限"))

    class Meta:
        model = Project
        fields = ["nature", "year"]


@extend_schema_view(
    list=extend_schema(
        summary=_("重点项目列表"), parameters=[PLAN_PARAMETER],
        description=_("附件四的项目及其年度进展、累计完成投资；可按项目性质、建设年限筛选。"),
    ),
    retrieve=extend_schema(
        summary=_("单个重点项目"),
        description=_("included_in 不为空的行是另一行的一部分，合计总投资时应剔除。"),
    ),
)
class ProjectViewSet(PlanScopeMixin, IntegerLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Investment projects of Annex 4, with their yearly progress and cumulative investment."""

    queryset = (
        Project.objects.with_progress()
        .select_related("included_in")
        .prefetch_related(Prefetch("progress", queryset=ProjectProgress.objects.order_by("year")))
    )
    serializer_class = ProjectSerializer
    permission_classes = [RolePermissions]
    filterset_class = ProjectFilter
    ordering_fields = ["row", "name", "year", "total_investment"]
    # Explicit: aggregate annotations make Django drop the model's default ordering.
    ordering = ["row"]
