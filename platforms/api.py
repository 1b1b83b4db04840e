"""REST endpoints for the technology innovation platforms (`/api/v1/platforms/`)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from core.api import IntegerLookupMixin, RolePermissions, YearFilter
from plans.api import PLAN_PARAMETER, PlanScopeMixin

from .models import Platform, PlatformLevel


class PlatformSerializer(serializers.ModelSerializer):
    from_source = serializers.BooleanField(
        read_only=True, label=_("附件三所列"), help_text=_("true：规划附件三所列平台。")
    )

    class Meta:
        model = Platform
        fields = [
            "id",
            "plan",
            "serial",
            "name",
            "host_organisation",
            "platform_type",
            "level",
            "recognised_year",
            "revoked",
            "revoked_note",
            "remark",
            "from_source",
        ]
        extra_kwargs = {
            "platform_type": {"help_text": _("平台类型，如 工程技术研究中心、重点实验室。")},
            "remark": {"help_text": _("规划原文存在的问题（如依托单位疑似抄错）。")},
        }


class PlatformFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=PlatformLevel.choices, label=_("级别"))
    platform_type = django_filters.CharFilter(label=_("类型"))
    recognised_year = YearFilter(label=_("认定年份"))

    class Meta:
        model = Platform
        fields = ["level", "platform_type", "recognised_year", "revoked"]


@extend_schema_view(
    list=extend_schema(
        summary=_("技术创新平台列表"),
        parameters=[PLAN_PARAMETER],
        description=_("可按级别、类型、认定年份、是否撤销筛选。"),
    ),
    retrieve=extend_schema(
        summary=_("单个技术创新平台"), description=_("remark 说明规划原文中该行存在的问题。")
    ),
)
class PlatformViewSet(PlanScopeMixin, IntegerLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Technology innovation platforms: the 35 of Annex 3 and any recognised since."""

    queryset = Platform.objects.all()
    serializer_class = PlatformSerializer
    permission_classes = [RolePermissions]
    filterset_class = PlatformFilter
    ordering_fields = ["serial", "name", "level", "recognised_year"]
