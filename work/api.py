"""REST endpoints for the plan's work (`/api/v1/units/`, `programmes/`, `spotlights/`,
`work-items/`, `policies/`, `goals/`, `work-progress/`, `policy-applications/`).

Every list answers for one plan (`?plan=`, default the plan in force, as the indicators'
list) and names it in each row. Who sees what is the models' `visible_to(user)`, the one
rule the admin and the pages use; writes go through work/services.py, so the API refuses
what the admin refuses, with the same messages, and follows the figures' version protocol
(`version` or If-Match; 412 when stale, 409 when the year is locked or already entered).
"""

import django_filters
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response

from core.api import (
    MAX_LOOKUP,
    Conflict,
    IntegerLookupMixin,
    RolePermissions,
    StrictInputMixin,
    WholeNumberFilter,
    YearFilter,
    stored_decimal,
)
from indicators.api import (
    ETAG,
    IF_MATCH,
    LOCKED_RESPONSE,
    STALE_RESPONSE,
    FigureInputField,
    expected_version,
    service_errors,
)
from indicators.models import ApprovalState, YearApproval
from plans.api import PLAN_PARAMETER, PlanListMixin, PlanScopeMixin
from plans.models import ALL_UNITS_PERMISSION, Unit, unit_of

from . import services
from .models import (
    Goal,
    Policy,
    PolicyApplication,
    Programme,
    Spotlight,
    WorkItem,
    WorkKind,
    WorkProgress,
    WorkStatus,
)

# ---------------------------------------------------------------- definitions (read only)


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "active"]


@extend_schema_view(
    list=extend_schema(
        summary=_("责任单位列表"),
        description=_("规划所属示范基地的责任单位；部门填报员只看到本单位。"),
        parameters=[PLAN_PARAMETER],
    ),
    retrieve=extend_schema(summary=_("单个责任单位"), parameters=[PLAN_PARAMETER]),
)
class UnitViewSet(PlanScopeMixin, IntegerLookupMixin, viewsets.ReadOnlyModelViewSet):
    """The responsible units of the plan's base (a unit reporter: their own unit only)."""

    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    permission_classes = [RolePermissions]
    ordering_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self):
        units = Unit.objects.filter(base=self.plan.base_id)
        user = self.request.user
        if not user.has_perm(ALL_UNITS_PERMISSION):
            unit = unit_of(user)
            units = units.filter(pk=unit.pk) if unit else units.none()
        return units


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "plan", "identifier", "number", "title", "text", "ordering"]


class SpotlightSerializer(serializers.ModelSerializer):
    programme_identifier = serializers.CharField(
        source="programme.identifier", read_only=True, label=_("工程编号")
    )

    class Meta:
        model = Spotlight
        fields = ["id", "plan", "programme", "programme_identifier", "identifier", "title"]


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = Policy
        fields = ["id", "plan", "identifier", "title", "ordering"]


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "plan", "identifier", "title", "text", "ordering"]


class WorkItemSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", label=_("类别（中文）"))
    programme_identifier = serializers.CharField(
        source="programme.identifier", read_only=True, label=_("工程编号")
    )
    spotlight_identifier = serializers.CharField(
        source="spotlight.identifier", read_only=True, allow_null=True, label=_("专栏编号")
    )
    lead_unit_name = serializers.CharField(
        source="lead_unit.name", read_only=True, allow_null=True, label=_("牵头单位名称")
    )

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "plan",
            "kind",
            "kind_label",
            "programme",
            "programme_identifier",
            "spotlight",
            "spotlight_identifier",
            "identifier",
            "title",
            "text",
            "visibility",
            "lead_unit",
            "lead_unit_name",
            "collaborating_units",
            "projects",
            "platforms",
            "carried_from",
        ]
        extra_kwargs = {
            "carried_from": {"help_text": _("本事项延续的上一期规划中的事项（编号）；新增为空。")}
        }


class WorkItemFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=WorkKind.choices, label=_("类别"))
    programme = WholeNumberFilter(field_name="programme", label=_("工程编号（id）"))
    spotlight = WholeNumberFilter(field_name="spotlight", label=_("专栏编号（id）"))
    unit = WholeNumberFilter(method="filter_unit", label=_("责任单位（牵头或配合，id）"))

    class Meta:
        model = WorkItem
        fields = ["kind", "programme", "spotlight", "unit"]

    def filter_unit(self, queryset, name, value):
        return queryset.of_unit(value)


class PlanDefinitionViewSet(PlanScopeMixin, IntegerLookupMixin, viewsets.ReadOnlyModelViewSet):
    """One plan's definitions, as `visible_to(user)` shows them."""

    permission_classes = [RolePermissions]
    ordering_fields = ["ordering", "identifier"]
    ordering = ["ordering", "identifier"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


def _definition_schema(summary, description):
    return extend_schema_view(
        list=extend_schema(summary=summary, description=description, parameters=[PLAN_PARAMETER]),
        retrieve=extend_schema(summary=summary, parameters=[PLAN_PARAMETER]),
    )


@_definition_schema(_("工程"), _("规划的各项工程（一）至（九）。"))
class ProgrammeViewSet(PlanDefinitionViewSet):
    queryset = Programme.objects.all()
    serializer_class = ProgrammeSerializer


@_definition_schema(_("专栏"), _("各工程的专栏（如 4-1），列出专栏项目。"))
class SpotlightViewSet(PlanDefinitionViewSet):
    queryset = Spotlight.objects.select_related("programme")
    serializer_class = SpotlightSerializer


@_definition_schema(
    _("任务事项（重点任务与专栏项目）"),
    _(
        "kind=task 为重点任务（如 5.1），kind=spotlight_item 为专栏项目（如 4-1-2）；"
        "可按类别、工程、专栏、责任单位筛选。部门填报员只看到本单位牵头或配合的事项。"
    ),
)
class WorkItemViewSet(PlanDefinitionViewSet):
    queryset = WorkItem.objects.select_related(
        "programme", "spotlight", "lead_unit"
    ).prefetch_related("collaborating_units", "projects", "platforms")
    serializer_class = WorkItemSerializer
    filterset_class = WorkItemFilter
    ordering_fields = ["kind", "ordering", "identifier"]
    ordering = ["kind", "ordering", "identifier"]


@_definition_schema(_("支持政策"), _("附件一的支持政策；部门填报员无权查看。"))
class PolicyViewSet(PlanDefinitionViewSet):
    queryset = Policy.objects.all()
    serializer_class = PolicySerializer


@_definition_schema(_("具体目标"), _("规划二（三）的具体目标（定性目标）。"))
class GoalViewSet(PlanDefinitionViewSet):
    queryset = Goal.objects.all()
    serializer_class = GoalSerializer


# ---------------------------------------------------------------- yearly records


class YearlyRecordSerializer(serializers.ModelSerializer):
    approval_state = serializers.SerializerMethodField(
        label=_("审定状态"),
        help_text=_("approved：该年度已审定锁定，不能修改；provisional：尚未审定。"),
    )
    entered_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        label=_("填报人"),
        help_text=_("最后保存这条记录的用户名。"),
    )

    @extend_schema_field(serializers.ChoiceField(choices=ApprovalState.choices))
    def get_approval_state(self, row) -> str:
        locked = self.context.get("locked_years")
        if locked is None:
            locked = YearApproval.objects.locked_years()
        return ApprovalState.of_years([row.year], locked)


class WorkProgressSerializer(YearlyRecordSerializer):
    plan = serializers.IntegerField(source="item.plan_id", read_only=True, label=_("规划编号"))
    item_identifier = serializers.CharField(
        source="item.identifier", read_only=True, label=_("事项编号")
    )
    item_kind = serializers.ChoiceField(
        source="item.kind", choices=WorkKind.choices, read_only=True, label=_("事项类别")
    )
    completion_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        normalize_output=True,
        allow_null=True,
        label=_("完成进度（%）"),
    )

    class Meta:
        model = WorkProgress
        fields = [
            "id",
            "plan",
            "item",
            "item_identifier",
            "item_kind",
            "year",
            "status",
            "reason",
            "progress_text",
            "completion_percent",
            "approval_state",
            "entered_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class PolicyApplicationSerializer(YearlyRecordSerializer):
    plan = serializers.IntegerField(source="policy.plan_id", read_only=True, label=_("规划编号"))
    policy_identifier = serializers.CharField(
        source="policy.identifier", read_only=True, label=_("政策编号")
    )
    funds = stored_decimal(allow_null=True, label=_("兑现资金（万元）"))

    class Meta:
        model = PolicyApplication
        fields = [
            "id",
            "plan",
            "policy",
            "policy_identifier",
            "year",
            "applied",
            "effect",
            "funds",
            "enterprises",
            "approval_state",
            "entered_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


VERSION_HELP = _(
    "修改时必填（或用 If-Match 请求头）：读取时得到的版本号。"
    "记录已被他人修改时返回 412，请重新读取后再提交。新建时不要提交。"
)


class VisibleOwnerField(serializers.PrimaryKeyRelatedField):
    """An item (or policy) by id. One the user may not see is not found (404), never a
    400 that would tell it exists; one they see but may not report on is the service's
    403."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(queryset=model.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str) and not (data.isascii() and data.isdigit()):
            self.fail("incorrect_type", data_type="str")
        if int(data) > MAX_LOOKUP:
            self.fail("does_not_exist", pk_value=data)
        row = super().to_internal_value(data)
        user = self.context["request"].user
        if not self.model.objects.visible_to(user).filter(pk=row.pk).exists():
            raise exceptions.NotFound(gettext("没有这条记录（或你无权查看）。"))
        return row


class WorkProgressWriteSerializer(StrictInputMixin, serializers.Serializer):
    read_only_names = frozenset(WorkProgressSerializer.Meta.fields)

    item = VisibleOwnerField(
        WorkItem, label=_("任务事项"), help_text=_("任务事项的 id（见 /api/v1/work-items/）。")
    )
    year = serializers.IntegerField(
        min_value=0,
        max_value=32767,
        label=_("年份"),
        help_text=_("规划期内、不晚于今年；已审定锁定的年份不能填报。"),
    )
    status = serializers.ChoiceField(choices=WorkStatus.choices, label=_("状态"))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        label=_("原因"),
        help_text=_("进度滞后、已调整或已停止时必填。"),
    )
    progress_text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, label=_("进展情况")
    )
    completion_percent = FigureInputField(
        required=False, allow_null=True, label=_("完成进度（%）"), help_text=_("0 到 100。")
    )
    change_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        label=_("修改原因"),
        help_text=_("修改已提交审定或被退回年度的记录时必填，记入修改历史。"),
    )
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_LOOKUP, label=_("版本"), help_text=VERSION_HELP
    )


class PolicyApplicationWriteSerializer(StrictInputMixin, serializers.Serializer):
    read_only_names = frozenset(PolicyApplicationSerializer.Meta.fields)

    policy = VisibleOwnerField(
        Policy, label=_("支持政策"), help_text=_("政策的 id（见 /api/v1/policies/）。")
    )
    year = serializers.IntegerField(
        min_value=0,
        max_value=32767,
        label=_("年份"),
        help_text=_("规划期内、不晚于今年；已审定锁定的年份不能填报。"),
    )
    applied = serializers.BooleanField(label=_("是否兑现"))
    effect = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, label=_("实施效果")
    )
    funds = FigureInputField(required=False, allow_null=True, label=_("兑现资金（万元）"))
    enterprises = FigureInputField(required=False, allow_null=True, label=_("惠及企业（家）"))
    change_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        label=_("修改原因"),
        help_text=_("修改已提交审定或被退回年度的记录时必填，记入修改历史。"),
    )
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_LOOKUP, label=_("版本"), help_text=VERSION_HELP
    )


class WorkProgressFilter(django_filters.FilterSet):
    year = YearFilter(label=_("年份"))
    item = WholeNumberFilter(field_name="item", label=_("任务事项（id）"))
    kind = django_filters.ChoiceFilter(
        field_name="item__kind", choices=WorkKind.choices, label=_("事项类别")
    )
    unit = WholeNumberFilter(method="filter_unit", label=_("责任单位（牵头或配合，id）"))

    class Meta:
        model = WorkProgress
        fields = ["year", "item", "kind", "unit"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(item__in=WorkItem.objects.of_unit(value))


class PolicyApplicationFilter(django_filters.FilterSet):
    year = YearFilter(label=_("年份"))
    policy = WholeNumberFilter(field_name="policy", label=_("支持政策（id）"))

    class Meta:
        model = PolicyApplication
        fields = ["year", "policy"]


def _created_conflict():
    """On create, a record of that owner and year entered meanwhile is a conflict."""
    return service_errors(stale_field="year", stale_error=Conflict)


class YearlyRecordViewSet(
    PlanListMixin,
    IntegerLookupMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A yearly record of the plan's work: lists of one plan, writes through the service."""

    permission_classes = [RolePermissions]
    extra_error_responses = {"409": LOCKED_RESPONSE, "412": STALE_RESPONSE}
    owner_field = ""  # "item" or "policy"
    read_serializer = None
    write_serializer = None

    def get_queryset(self):
        rows = super().get_queryset().visible_to(self.request.user)
        if self.action == "list":
            # The list is one plan's (?plan=, default the plan in force); a detail URL
            # names its record, whatever its plan.
            rows = rows.filter(**{f"{self.owner_field}__plan": self.plan})
        return rows

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return self.write_serializer
        return self.read_serializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "locked_years": self._locked_years()}

    def _locked_years(self):
        if not hasattr(self, "_locked"):
            self._locked = YearApproval.objects.locked_years()
        return self._locked

    def retrieve(self, request, *args, **kwargs):
        return self._respond(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "version" in data:
            raise serializers.ValidationError(
                {"version": [gettext("新建时不要提交版本号；修改已有记录请用 PUT 或 PATCH。")]}
            )
        with _created_conflict():
            row = self.save(request.user, data, None, None)
        return self._respond(row, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        row = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = expected_version(request, data)
        with service_errors():
            row = self.save(request.user, data, row, version)
        return self._respond(row)

    def save(self, user, data, row, version):
        raise NotImplementedError

    def _respond(self, row, status_code=status.HTTP_200_OK):
        row = (
            self.get_queryset()
            .model.objects.select_related(self.owner_field, "entered_by")
            .get(pk=row.pk)
        )
        data = self.read_serializer(row, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers={"ETag": f'"{row.version}"'})


def _record_schema(noun, filters_text):
    return extend_schema_view(
        list=extend_schema(
            summary=_("%(noun)s列表") % {"noun": noun},
            description=filters_text,
            parameters=[PLAN_PARAMETER],
        ),
        retrieve=extend_schema(
            summary=_("单条%(noun)s") % {"noun": noun},
            description=_("响应中的 version（及 ETag 响应头）是修改时要提交的版本号。"),
            parameters=[ETAG],
        ),
        create=extend_schema(
            summary=_("填报%(noun)s") % {"noun": noun},
            description=_("校验、年度锁定与版本规则与后台管理和填报页面完全相同。"),
            parameters=[ETAG],
        ),
        update=extend_schema(
            summary=_("修改%(noun)s") % {"noun": noun},
            description=_("须提交读取时的版本号（version 或 If-Match）；版本不符返回 412。"),
            parameters=[IF_MATCH, ETAG],
        ),
        partial_update=extend_schema(
            summary=_("修改%(noun)s（部分字段）") % {"noun": noun},
            description=_("只提交要改的字段和版本号（version 或 If-Match）；版本不符返回 412。"),
            parameters=[IF_MATCH, ETAG],
        ),
    )


def _schema_bodies(viewset):
    """Request and response bodies of the writes, for the schema."""
    write, read = viewset.write_serializer, viewset.read_serializer
    for action, code in [("create", 201), ("update", 200), ("partial_update", 200)]:
        method = getattr(viewset, action)
        extend_schema(request=write, responses={code: read})(method)
    return viewset


@_schema_bodies
@_record_schema(
    _("任务年度进展"),
    _(
        "可按年份、任务事项、类别、责任单位筛选。基地管理员填报所有单位的事项，"
        "部门填报员只能填报本单位牵头或配合的事项；领导和审计只读。"
    ),
)
class WorkProgressViewSet(YearlyRecordViewSet):
    """Yearly progress of the tasks and spotlight items; writes through work/services.py."""

    queryset = WorkProgress.objects.select_related("item", "entered_by")
    read_serializer = WorkProgressSerializer
    write_serializer = WorkProgressWriteSerializer
    filterset_class = WorkProgressFilter
    owner_field = "item"
    ordering_fields = ["year", "item__identifier", "updated_at"]
    ordering = ["item__kind", "item__ordering", "item__identifier", "year"]

    def save(self, user, data, row, version):
        def given(name, default=""):
            return data[name] if name in data else getattr(row, name, default)

        return services.work_progress_save(
            user=user,
            item=given("item", None),
            year=given("year", None),
            status=given("status", None),
            reason=given("reason"),
            progress_text=given("progress_text"),
            completion_percent=given("completion_percent", None),
            progress=row,
            expected_version=version,
            change_reason=data.get("change_reason"),
        )


@_schema_bodies
@_record_schema(
    _("政策年度兑现"),
    _("可按年份、支持政策筛选。基地管理员填报；领导和审计只读，部门填报员无权查看。"),
)
class PolicyApplicationViewSet(YearlyRecordViewSet):
    """How the support policies were applied each year; writes through work/services.py."""

    queryset = PolicyApplication.objects.select_related("policy", "entered_by")
    read_serializer = PolicyApplicationSerializer
    write_serializer = PolicyApplicationWriteSerializer
    filterset_class = PolicyApplicationFilter
    owner_field = "policy"
    ordering_fields = ["year", "policy__identifier", "updated_at"]
    ordering = ["policy__ordering", "policy__identifier", "year"]

    def save(self, user, data, row, version):
        def given(name, default=None):
            return data[name] if name in data else getattr(row, name, default)

        return services.policy_application_save(
            user=user,
            policy=given("policy"),
            year=given("year"),
            applied=given("applied", False),
            effect=given("effect", ""),
            funds=given("funds"),
            enterprises=given("enterprises"),
            application=row,
            expected_version=version,
            change_reason=data.get("change_reason"),
        )
