"""REST endpoints for the indicators and their yearly actuals (`/api/v1/indicators/`, `actuals/`).

Progress figures come from `indicators/progress.py`; writes go through
`indicators/services.py`, the same code path as the admin.
"""

from contextlib import contextmanager

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import filters, serializers, status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.api import (
    MAX_LOOKUP,
    Conflict,
    IntegerLookupMixin,
    PreconditionFailed,
    RolePermissions,
    StrictInputMixin,
    WholeNumberFilter,
    YearFilter,
    stored_decimal,
)
from core.api_schema import FIELD_ERRORS_SCHEMA
from core.pagecache import cached, uncached
from core.records import StaleEditError
from plans.api import PLAN_PARAMETER, PlanListMixin, PlanScopeMixin, requested_plan

from . import services
from .models import (
    PROGRESS_DATA,
    ApprovalState,
    EntryChannel,
    Indicator,
    IndicatorActual,
    YearApproval,
)
from .progress import Status, assess, period_of
from .services import YearLockedError


def computed_decimal(**kwargs):
    """A computed figure (rate, expected value): the exact quotient, never rounded here."""
    return serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        normalize_output=True,
        read_only=True,
        allow_null=True,
        **kwargs,
    )


class AssessmentSerializer(serializers.Serializer):
    value = computed_decimal(
        label=_("比较值"),
        help_text=_("与目标比较的值：水平值指标为当年实际值，累计值指标为基期后逐年实际值之和。"),
    )
    expected = computed_decimal(
        label=_("预期值"), help_text=_("从基期值到目标值按直线推算的当年应达到的值。")
    )
    completion_rate = computed_decimal(
        label=_("目标完成率"),
        help_text=_("比较值 ÷ 目标值（下降型指标为目标值 ÷ 比较值），未取整的小数，1 表示 100%。"),
    )
    gap_closed = computed_decimal(
        label=_("增量进度"),
        help_text=_("(比较值 − 基期值) ÷ (目标值 − 基期值)，未取整的小数；目标等于基期时为空。"),
    )
    status = serializers.ChoiceField(choices=Status.choices, label=_("进度状态"))
    status_label = serializers.SerializerMethodField(label=_("进度状态（中文）"))
    post_plan = serializers.BooleanField(
        label=_("规划期后"), help_text=_("年份晚于目标年份（规划结束后的持续监测）。")
    )

    def get_status_label(self, assessment) -> str:
        return str(Status(assessment.status).label)


class ActualBriefSerializer(serializers.ModelSerializer):
    value = stored_decimal(label=_("实际值"))

    class Meta:
        model = IndicatorActual
        fields = ["id", "value", "version", "flagged", "updated_at"]


class IndicatorYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(label=_("年份"))
    approval_state = serializers.ChoiceField(
        choices=ApprovalState.choices,
        label=_("审定状态"),
        help_text=_("approved：领导已审定该年度，数据锁定；provisional：尚未审定，可修改。"),
    )
    actual = ActualBriefSerializer(allow_null=True, label=_("实际值记录"))
    progress = AssessmentSerializer(label=_("进度"))


class SeriesPeriodSerializer(serializers.ModelSerializer):
    baseline_value = stored_decimal(label=_("基期值"))
    target_value = stored_decimal(label=_("目标值"))
    plan_name = serializers.CharField(source="plan.name", read_only=True, label=_("规划名称"))

    class Meta:
        model = Indicator
        fields = [
            "plan",
            "plan_name",
            "serial",
            "name",
            "unit",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
        ]


class IndicatorSerializer(serializers.ModelSerializer):
    baseline_value = stored_decimal(label=_("基期值"))
    target_value = stored_decimal(label=_("目标值"))
    kind_label = serializers.CharField(source="get_kind_display", label=_("指标类型（中文）"))
    series = serializers.SerializerMethodField(
        label=_("指标序列"),
        help_text=_(
            "本指标与其在各期规划中的延续（同一含义的指标），按规划先后排列，"
            "各有基期值与目标值；年度实际值属于整个序列。"
        ),
    )
    years = serializers.SerializerMethodField(
        label=_("逐年数据"),
        help_text=_(
            "整个指标序列自第一期基期后的每一年（至最后一期目标年份或最近一个有实际值的年份）"
            "的实际值、审定状态与进度；进度按该年所属规划期的基期值与目标值计算。"
        ),
    )

    class Meta:
        model = Indicator
        fields = [
            "plan",
            "serial",
            "name",
            "name_as_written",
            "unit",
            "scope_note",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
            "kind",
            "kind_label",
            "source_ref",
            "remark",
            "continues",
            "series",
            "years",
        ]
        extra_kwargs = {
            "serial": {"help_text": _("附件二中的序号，也是本接口中指标的编号。")},
            "name_as_written": {"help_text": _("规划原文中的指标名称（含单位与口径括号）。")},
            "remark": {"help_text": _("规划原文存在的问题（如与正文数字不一致）。")},
            "continues": {"help_text": _("本指标延续的上一期规划中的指标（编号）；首期为空。")},
        }

    def _periods(self, indicator):
        return self.context["series"].get(indicator.series_key, [indicator])

    def _nested(self, serializer_class):
        """One list serializer of `serializer_class` per response, not one per indicator:
        DRF builds a serializer's fields on first use, and that costs more than the data."""
        cache = self.__dict__.setdefault("_nested_serializers", {})
        if serializer_class not in cache:
            cache[serializer_class] = serializer_class(many=True, context=self.context)
        return cache[serializer_class]

    @extend_schema_field(SeriesPeriodSerializer(many=True))
    def get_series(self, indicator):
        return self._nested(SeriesPeriodSerializer).to_representation(self._periods(indicator))

    @extend_schema_field(IndicatorYearSerializer(many=True))
    def get_years(self, indicator):
        periods = self._periods(indicator)
        actuals = {actual.year: actual for actual in indicator.series_actuals()}
        values = {year: actual.value for year, actual in actuals.items()}
        last_year = max([p.target_year for p in periods] + list(actuals))
        locked_years = self.context["locked_years"]
        rows = []
        for year in range(periods[0].baseline_year + 1, last_year + 1):
            period = period_of(periods, year)
            own = {y: v for y, v in values.items() if y > period.baseline_year}
            rows.append(
                {
                    "year": year,
                    "approval_state": ApprovalState.of_years([year], locked_years),
                    "actual": actuals.get(year),
                    "progress": assess(period.goal, own, year),
                }
            )
        return self._nested(IndicatorYearSerializer).to_representation(rows)


INDICATOR_DESCRIPTION = _(
    "附件二的指标定义（基期值、目标值、类型），以及基期后每一年的实际值、审定状态和进度"
    "（目标完成率、增量进度、预期值、进度状态）。"
    "所有数值为精确十进制字符串，比率未取整（1 = 100%）。"
)


class LockedYearsContextMixin:
    def get_serializer_context(self):
        # One query per request, not one per row.
        locked_years = YearApproval.objects.locked_years()
        return {**super().get_serializer_context(), "locked_years": locked_years}


class IndicatorFilter(django_filters.FilterSet):
    class Meta:
        model = Indicator
        fields = ["kind"]


@extend_schema_view(
    list=extend_schema(
        summary=_("指标列表"), description=INDICATOR_DESCRIPTION, parameters=[PLAN_PARAMETER]
    ),
    retrieve=extend_schema(
        summary=_("单个指标（按规划中的序号）"),
        description=INDICATOR_DESCRIPTION,
        parameters=[PLAN_PARAMETER],
    ),
)
class IndicatorViewSet(
    PlanScopeMixin, LockedYearsContextMixin, IntegerLookupMixin, viewsets.ReadOnlyModelViewSet
):
    """One plan's indicators: definition, series, and per year actual, approval state and
    progress."""

    queryset = Indicator.objects.with_actuals()
    serializer_class = IndicatorSerializer
    permission_classes = [RolePermissions]
    lookup_field = "serial"
    filterset_class = IndicatorFilter
    ordering_fields = ["serial", "name"]
    ordering = ["serial"]

    def list(self, request, *args, **kwargs):
        # The answer is the same for everybody who may read it, so it is built once per
        # page of results until an indicator, figure or approval changes, and kept as the
        # JSON sent (core/pagecache.py). The host is in the name: the next/previous links
        # hold it. The browsable API is built every time: it shows the user's name.
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        if not isinstance(renderer, JSONRenderer):
            return super().list(request, *args, **kwargs)
        build_list = super().list
        context = self.get_renderer_context()
        # The indent the renderer uses, not the Accept header as sent: any other parameter
        # written there would otherwise name a new entry.
        indent = renderer.get_indent(media_type, context)

        def build(_query):
            body = renderer.render(build_list(request, *args, **kwargs).data, media_type, context)
            return body if self._query_accepted(request) else uncached(body)

        body = cached(
            request,
            name=f"api:indicators:{self.plan.pk}:{request.build_absolute_uri('/')}:{indent}",
            models=PROGRESS_DATA,
            # Every query parameter the list reads, and only those, names a cached answer.
            params=[
                PLAN_PARAMETER.name,
                self.paginator.page_query_param,
                api_settings.ORDERING_PARAM,
                *self.filterset_class.base_filters,
            ],
            build=build,
        )
        return HttpResponse(body, content_type=renderer.media_type)

    def _query_accepted(self, request):
        """Whether the list honoured the ordering and page as written. DRF drops an unknown
        ordering field and reads `?page=01` as page 1 without a word; such an answer is
        sent but not kept, so junk values make no cache entries. (An unknown filter value,
        plan or page number is refused with 400/404 and never reaches the cache.)"""
        asked = request.query_params.get(api_settings.ORDERING_PARAM)
        if asked is not None:
            used = filters.OrderingFilter().get_ordering(request, self.get_queryset(), self)
            if [term.strip() for term in asked.split(",")] != list(used or []):
                return False
        page = request.query_params.get(self.paginator.page_query_param)
        return page is None or page == str(self.paginator.page.number)

    def get_serializer(self, instance=None, *args, **kwargs):
        # The series of the indicators answered (one page, or one), in one query:
        # {series owner id: periods}. (The schema generator brings its own context.)
        if "context" not in kwargs:
            shown = instance if kwargs.get("many") else [] if instance is None else [instance]
            series = _series_of(shown, self.plan)
            kwargs["context"] = {**self.get_serializer_context(), "series": series}
        return self.get_serializer_class()(instance, *args, **kwargs)


def _series_of(indicators, plan):
    series = {}
    keys = {indicator.series_key for indicator in indicators}
    for member in Indicator.objects.series_periods(keys, plan) if keys else []:
        series.setdefault(member.series_key, []).append(member)
    return series


class ActualSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(
        slug_field="serial",
        read_only=True,
        label=_("指标序号"),
        help_text=_("指标序列第一期规划中的序号（见 /api/v1/indicators/）。"),
    )
    indicator_name = serializers.CharField(
        source="indicator.name", read_only=True, label=_("指标名称")
    )
    value = stored_decimal(
        label=_("实际值"),
        help_text=_('精确十进制数，以字符串表示，例如 "18.09"；最多 4 位小数。'),
    )
    approval_state = serializers.ChoiceField(
        choices=ApprovalState.choices,
        read_only=True,
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

    class Meta:
        model = IndicatorActual
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "year",
            "value",
            "note",
            "evidence",
            "flagged",
            "approval_state",
            "entered_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["flagged", "entered_by", "created_at", "updated_at", "version"]
        extra_kwargs = {
            "year": {"help_text": _("数据所属年份（年末数或当年数）。")},
            "note": {"help_text": _("说明；数值明显超出常理时须在此说明原因。")},
            "evidence": {"help_text": _("数据来源或佐证材料（文件名、统计报表名称等）。")},
            "flagged": {
                "help_text": _(
                    "数值超出常规范围、凭说明和确认异常值（confirm_outlier）保存时为 true。"
                )
            },
            "version": {"help_text": _("版本号，每次修改加一。修改或删除时须提交读取到的版本号。")},
        }


class ActualFilter(django_filters.FilterSet):
    indicator = WholeNumberFilter(field_name="indicator__serial", label=_("指标序号"))
    year = YearFilter(label=_("年份"))
    approval_state = django_filters.ChoiceFilter(
        choices=ApprovalState.choices, method="filter_approval_state", label=_("审定状态")
    )

    class Meta:
        model = IndicatorActual
        fields = ["indicator", "year", "approval_state"]

    def filter_approval_state(self, queryset, name, value):
        return queryset.in_approval_state(value)


@extend_schema_field({"type": "integer", "minimum": 1, "example": 3})
class IndicatorSerialField(serializers.SlugRelatedField):
    """An indicator named by its serial in the plan of the request (?plan=, default the one
    in force); out-of-range numbers are simply unknown."""

    def get_queryset(self):
        return Indicator.objects.of_plan(self.context["plan"])

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        if isinstance(data, str) and not (data.isascii() and data.isdigit()):
            self.fail("invalid")
        if int(data) > MAX_LOOKUP:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "example": "18.09"},
            {"type": "number", "example": 18.09},
        ]
    }
)
class FigureInputField(serializers.Field):
    """A figure as the client sent it: the services read typed text and numbers alike
    (`"1,762"`, `"18.09"`, 18.09) and refuse anything ambiguous, with the field named."""

    def to_internal_value(self, data):
        return data


# What a client sends to create or change a yearly actual. (No docstring: the schema
# would show it as the request body's description.)
class ActualWriteSerializer(StrictInputMixin, serializers.Serializer):
    read_only_names = frozenset(ActualSerializer.Meta.fields)

    indicator = IndicatorSerialField(
        slug_field="serial",
        queryset=Indicator.objects.all(),
        label=_("指标序号"),
        help_text=_(
            "指标在规划中的序号（见 /api/v1/indicators/）：默认为执行中的规划，"
            "填报上一期规划的年份请加 ?plan=规划编号。"
        ),
    )
    year = serializers.IntegerField(
        min_value=0,
        max_value=32767,
        label=_("年份"),
        help_text=_("数据所属年份：基期之后、不晚于今年；已审定锁定的年份不能填报。"),
    )
    value = FigureInputField(
        label=_("实际值"),
        help_text=_(
            '建议以字符串提交，例如 "18.09"、"1,762"；JSON 数字也按十进制精确读取。'
            "最多 4 位小数，不带单位或百分号。"
        ),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        label=_("说明"),
        help_text=_(
            "数值明显超出常规范围（如超过目标 3 倍、比上年下降一半以上）时必填，说明原因。"
        ),
    )
    confirm_outlier = FigureInputField(
        required=False,
        label=_("确认异常值"),
        help_text=_(
            "数值明显超出常规范围时，在此再提交一遍同一数值（与 value 相同），确认它无误；"
            "只对这一数值有效，以后改成别的数值须重新确认。其他时候不要提交。"
        ),
    )
    evidence = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        label=_("数据来源/佐证"),
        help_text=_("数据来源或佐证材料（文件名、统计报表名称等）。"),
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LOOKUP,
        label=_("版本"),
        help_text=_(
            "修改时必填（或用 If-Match 请求头）：读取时得到的版本号。"
            "记录已被他人修改时返回 412，请重新读取后再提交。新建时不要提交。"
        ),
    )


IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    description=_(
        '读取时得到的版本号（响应头 ETag 的值，如 "3"）；也可在请求体中用 version 提交。'
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    location=OpenApiParameter.HEADER,
    response=[200, 201],
    description=_("记录的当前版本号，修改或删除时放在 If-Match 请求头中提交。"),
)
LOCKED_RESPONSE = (
    FIELD_ERRORS_SCHEMA,
    _("冲突：该年度已审定锁定（year 字段说明审定人和时间），或新建时该指标该年已有实际值。"),
)
STALE_RESPONSE = (
    FIELD_ERRORS_SCHEMA,
    _("版本不符：记录在读取后已被他人修改或删除（version 字段给出当前版本与修改人）。"),
)


@contextmanager
def service_errors(stale_field="version", stale_error=PreconditionFailed):
    """Present the errors of indicators/services.py as API errors, field by field.

    The services already rolled back; ATOMIC_REQUESTS rolls back the request too,
    because DRF's exception handler marks it for rollback.
    """
    try:
        yield
    except YearLockedError as error:
        raise Conflict(serializers.as_serializer_error(error)) from error
    except StaleEditError as error:
        raise stale_error({stale_field: error.messages}) from error
    except DjangoValidationError as error:
        raise serializers.ValidationError(serializers.as_serializer_error(error)) from error


def expected_version(request, validated):
    """The version the client based its change on: body `version` or If-Match; required."""
    header = request.headers.get("If-Match", "").strip()
    from_header = None
    if header:
        digits = header.removeprefix("W/").strip('"')
        if not (digits.isascii() and digits.isdigit()) or int(digits) > MAX_LOOKUP:
            raise serializers.ValidationError(
                {"version": [gettext('If-Match 请求头应为版本号，例如 "3"。')]}
            )
        from_header = int(digits)
    from_body = validated.get("version")
    if from_header is not None and from_body is not None and from_header != from_body:
        raise serializers.ValidationError(
            {"version": [gettext("请求体中的 version 与 If-Match 请求头不一致。")]}
        )
    version = from_body if from_body is not None else from_header
    if version is None:
        raise serializers.ValidationError(
            {
                "version": [
                    gettext(
                        "请提交读取时得到的版本号（version 字段或 If-Match 请求头），"
                        "以免覆盖他人的修改。"
                    )
                ]
            }
        )
    return version


@extend_schema_view(
    list=extend_schema(
        summary=_("年度实际值列表"),
        description=_(
            "一期规划（?plan=，省略时为执行中的规划）的年度实际值：其各指标序列在基期年份之后的数值。"
            "可按指标序号、年份、审定状态（approved / provisional）筛选。"
        ),
        parameters=[PLAN_PARAMETER],
    ),
    retrieve=extend_schema(
        summary=_("单条年度实际值"),
        description=_("响应中的 version（及 ETag 响应头）是修改或删除时要提交的版本号。"),
        parameters=[ETAG],
    ),
    create=extend_schema(
        summary=_("填报年度实际值"),
        description=_(
            "基地管理员填报某指标某年的实际值。校验、年度锁定与版本规则与后台管理完全相同。"
        ),
        request=ActualWriteSerializer,
        responses={201: ActualSerializer},
        parameters=[ETAG],
    ),
    update=extend_schema(
        summary=_("修改年度实际值"),
        description=_("须提交读取时的版本号（version 或 If-Match）；版本不符返回 412。"),
        request=ActualWriteSerializer,
        responses={200: ActualSerializer},
        parameters=[IF_MATCH, ETAG],
    ),
    partial_update=extend_schema(
        summary=_("修改年度实际值（部分字段）"),
        description=_("只提交要改的字段和版本号（version 或 If-Match）；版本不符返回 412。"),
        request=ActualWriteSerializer,
        responses={200: ActualSerializer},
        parameters=[IF_MATCH, ETAG],
    ),
    destroy=extend_schema(
        summary=_("删除年度实际值"),
        description=_("须在 If-Match 请求头中提交读取时的版本号；删除记入修改历史。"),
        parameters=[
            OpenApiParameter(
                "If-Match",
                location=OpenApiParameter.HEADER,
                required=True,
                description=_('读取时得到的版本号，如 "3"。'),
            )
        ],
    ),
)
class ActualViewSet(PlanListMixin, IntegerLookupMixin, viewsets.ModelViewSet):
    """Yearly actual figures of the indicators; writes go through indicators/services.py.
    The list is one plan's: the figures of its series after its baseline year, as its
    pages count them; a figure is read, changed or deleted by its id."""

    queryset = IndicatorActual.objects.select_related(
        "indicator", "entered_by"
    ).with_approval_state()
    serializer_class = ActualSerializer
    permission_classes = [RolePermissions]
    filterset_class = ActualFilter
    ordering_fields = ["year", "indicator__serial", "updated_at"]
    ordering = ["indicator__serial", "year"]
    extra_error_responses = {"409": LOCKED_RESPONSE, "412": STALE_RESPONSE}

    def get_queryset(self):
        queryset = super().get_queryset().visible_to(self.request.user)
        if self.action != "list":
            return queryset
        series = Indicator.objects.of_plan(self.plan).series_keys()
        return queryset.filter(indicator_id__in=series, year__gt=self.plan.baseline_year)

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return ActualWriteSerializer
        return ActualSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action in {"create", "update", "partial_update"}:
            context["plan"] = requested_plan(self.request)  # whose serials the body uses
        return context

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
        # Someone entered this figure meanwhile: a conflict with the year's existing row.
        with service_errors(stale_field="year", stale_error=Conflict):
            actual = services.actual_save(
                user=request.user,
                indicator=data["indicator"],
                year=data["year"],
                value=data["value"],
                note=data.get("note", ""),
                evidence=data.get("evidence", ""),
                via=EntryChannel.API,
                confirmed_value=data.get("confirm_outlier"),
            )
        return self._respond(actual, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        actual = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = expected_version(request, data)
        with service_errors():
            actual = services.actual_save(
                user=request.user,
                indicator=data.get("indicator", actual.indicator),
                year=data.get("year", actual.year),
                value=data.get("value", actual.value),
                note=data.get("note", actual.note),
                evidence=data.get("evidence", actual.evidence),
                actual=actual,
                expected_version=version,
                via=EntryChannel.API,
                confirmed_value=data.get("confirm_outlier"),
            )
        return self._respond(actual)

    def destroy(self, request, *args, **kwargs):
        actual = self.get_object()
        version = expected_version(request, {})
        with service_errors():
            services.actual_delete(user=request.user, actual=actual, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _respond(self, actual, status_code=status.HTTP_200_OK):
        actual = self.get_queryset().get(pk=actual.pk)  # fresh, with its relations
        data = ActualSerializer(actual, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers={"ETag": f'"{actual.version}"'})
