from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import EnteredRecord, decimal_field, visibility_field
from plans.models import Plan, PlanRowsMixin, PlanState, ResponsibilityQuerySet

from .progress import Goal, IndicatorKind, assess, years_compared


class ApprovalState(models.TextChoices):
    """Whether a year's figures were approved by leadership: the one wording everywhere."""

    APPROVED = "approved", _("已审定")
    PROVISIONAL = "provisional", _("待审定")

    @classmethod
    def of_years(cls, years, locked_years):
        """Approved only when every one of `years` is (a running sum of several years)."""
        return cls.APPROVED if all(y in locked_years for y in years) else cls.PROVISIONAL


class EntryChannel(models.TextChoices):
    """Where a figure was last saved from: the audit workbook says it beside each figure."""

    SITE = "site", _("填报页面")
    IMPORT = "import", _("Excel 导入")
    API = "api", _("接口（API）")
    ADMIN = "admin", _("后台管理")
    COMMAND = "command", _("命令行")


class ApprovalStateQuerySet(models.QuerySet):
    """For records that carry a `year`: their approval state, read from approvals in force."""

    def with_approval_state(self):
        """Annotate `approval_state` (an ApprovalState value) in the same query."""
        approved = Exists(YearApproval.objects.active().filter(year=OuterRef("year")))
        return self.annotate(
            approval_state=Case(
                When(approved, then=Value(ApprovalState.APPROVED)),
                default=Value(ApprovalState.PROVISIONAL),
                output_field=models.CharField(),
            )
        )

    def in_approval_state(self, state):
        """Only the records whose year is (or is not) approved."""
        return self.with_approval_state().filter(approval_state=state)


class IndicatorQuerySet(PlanRowsMixin, ResponsibilityQuerySet):
    # `visible_to` is its own (the plan's rule and the unit's); `history_visible_to`
    # (PlanRowsMixin) reads the plan of each record.
    def visible_to(self, user):
        """The indicators `user` may see: those of the plans they may see (plans'
        `visible_to`: drafts only with the draft permission) and, for a unit reporter,
        only those their unit leads or collaborates on."""
        return self.filter(plan__in=Plan.objects.visible_to(user)).of_units_seen_by(user)

    def reportable_by(self, user):
        """The indicators `user` may enter figures for: those they see, of a plan not in
        draft, if they may enter figures at all."""
        if not user.has_perm("indicators.add_indicatoractual"):
            return self.none()
        return self.visible_to(user).exclude(plan__state=PlanState.DRAFT)

    def with_actuals(self):
        """Indicators with the actuals of their series (and who entered them) prefetched:
        a fixed number of extra queries, whatever the count."""
        actuals = IndicatorActual.objects.select_related("entered_by").order_by("year")
        return self.select_related("plan").prefetch_related(
            models.Prefetch("actuals", queryset=actuals),
            models.Prefetch("series_origin__actuals", queryset=actuals),
        )

    def of_plan(self, plan):
        return self.filter(plan=plan)

    def series_periods(self, series_keys, plan):
        """The indicators of the series named by `series_keys` (Indicator.series_key),
        earliest plan first: those of plans in force or closed, and `plan`'s own even
        while it is a draft (a draft's pages show its own period)."""
        return (
            self.filter(Q(pk__in=series_keys) | Q(series_origin__in=series_keys))
            .exclude(Q(plan__state=PlanState.DRAFT) & ~Q(plan=plan))
            .select_related("plan")
            .order_by("baseline_year")
        )

    def series_keys(self):
        """The ids the actuals of these indicators' series are stored under, as a subquery."""
        return self.order_by().annotate(key=Coalesce("series_origin_id", "pk")).values("key")

    def series_figures(self):
        """The actuals of the series of these indicators (stored on each series' first
        indicator, maybe of an earlier plan), named by a subquery."""
        return IndicatorActual.objects.filter(indicator_id__in=self.series_keys())

    def for_entry(self, plan=None):
        """The indicators figures are entered for: those of `plan`, by default the current
        one (the plan in force). A year of a closed plan is entered with that plan's."""
        plan = plan or Plan.objects.current()
        return self.of_plan(plan).with_actuals().order_by("serial")


class Indicator(models.Model):
    """An indicator of one plan (for 2021–2023: Annex 2), with its baseline and target.

    An indicator of a later plan may continue one of an earlier plan (same meaning, maybe
    a new name or unit): together they make a *series*. Yearly actuals belong to the
    series, so a year is entered once: they are stored on the series' first indicator,
    `series_origin` (None when this indicator begins its series).
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("规划")
    )
    serial = models.PositiveSmallIntegerField(_("序号"))
    name_as_written = models.CharField(_("指标名称（原文）"), max_length=200)
    name = models.CharField(_("指标名称"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    scope_note = models.CharField(_("口径说明"), max_length=200, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("基期年份"))
    baseline_value = decimal_field(_("基期值"))
    target_year = models.PositiveSmallIntegerField(_("目标年份"))
    target_value = decimal_field(_("目标值"))
    kind = models.CharField(
        _("指标类型"), max_length=20, choices=IndicatorKind, default=IndicatorKind.LEVEL
    )
    source_ref = models.CharField(_("出处"), max_length=100)
    remark = models.TextField(_("原文问题备注"), blank=True)
    visibility = visibility_field()
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("延续上一期指标"),
    )
    series_origin = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series_members",
        verbose_name=_("指标序列起点"),
        help_text=_("本指标所在序列的第一期指标（年度实际值记在它名下）；为空表示本指标是起点。"),
    )
    # Who answers for the indicator's figures (责任单位): one lead, any collaborators.
    lead_unit = models.ForeignKey(
        "plans.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_indicators",
        verbose_name=_("牵头单位"),
    )
    collaborating_units = models.ManyToManyField(
        "plans.Unit",
        blank=True,
        related_name="collaborating_indicators",
        verbose_name=_("配合单位"),
    )

    history = HistoricalRecords()
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["plan__first_year", "serial"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        permissions = [("export_report", _("可以导出审计报表"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__gt=models.F("baseline_year")),
                name="indicator_target_after_baseline",
            ),
            models.UniqueConstraint(fields=["plan", "serial"], name="indicator_serial_per_plan"),
            models.UniqueConstraint(fields=["plan", "name"], name="indicator_name_per_plan"),
        ]

    def __str__(self):
        return f"{self.serial}. {self.name}"

    @property
    def goal(self):
        """What the plan promised for this indicator, for indicators/progress.py."""
        return Goal(
            baseline_year=self.baseline_year,
            baseline_value=self.baseline_value,
            target_year=self.target_year,
            target_value=self.target_value,
            kind=self.kind,
        )

    @property
    def series_key(self):
        """The id the series' actuals are stored under (no query)."""
        return self.series_origin_id or self.pk

    @property
    def series_owner(self):
        """The indicator the series' actuals are stored on: the first of the series."""
        return self.series_origin or self

    def series_actuals(self):
        """The actuals of this indicator's series, by year (prefetched by `with_actuals()`)."""
        return self.series_owner.actuals.all()

    def actuals_by_year(self):
        """{year: value} of the series; uses prefetched actuals when `with_actuals()` was called."""
        return {actual.year: actual.value for actual in self.series_actuals()}

    def assess(self, year):
        """Progress for `year` (indicators/progress.py), from this indicator's actuals."""
        return assess(self.goal, self.actuals_by_year(), year)

    def approval_state(self, year, locked_years):
        """Whether the value compared for `year` is approved; a running sum (cumulative
        indicator) is provisional as soon as any year in it is."""
        return ApprovalState.of_years(years_compared(self.goal, year), locked_years)


class IndicatorActualQuerySet(PlanRowsMixin, ApprovalStateQuerySet):
    # A figure is seen with the plan of its series' first indicator, where it is stored.
    plan_path = "indicator__plan"

    def latest_year(self):
        """The latest year with any actual, or None."""
        return self.aggregate(latest=models.Max("year"))["latest"]


class IndicatorActual(EnteredRecord):
    """The actual figure of one indicator for one year, as entered by a base manager."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="actuals", verbose_name=_("指标")
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    value = decimal_field(_("实际值"))
    note = models.TextField(_("说明"), blank=True)
    evidence = models.TextField(_("数据来源/佐证"), blank=True)
    # Set when the value lies far outside the indicator's range and was accepted
    # only because the person confirmed that value (确认异常值) and said why in the note.
    flagged = models.BooleanField(_("异常值已确认"), default=False)
    entered_via = models.CharField(_("填报途径"), max_length=10, choices=EntryChannel, blank=True)
    # The uploaded file's name when the figure came from an Excel import.
    entered_from_file = models.CharField(_("导入文件"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = IndicatorActualQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__serial", "year"]
        verbose_name = _("年度实际值")
        verbose_name_plural = _("年度实际值")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="one_actual_per_year"),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.year}: {self.value}"


class YearApprovalQuerySet(models.QuerySet):
    def active(self):
        """Approvals in force: a year with one of these is locked."""
        return self.filter(unlocked_at__isnull=True)

    def for_year(self, year):
        """The approval in force for `year`, or None."""
        return self.active().filter(year=year).select_related("approved_by").first()

    def locked_years(self):
        return set(self.active().values_list("year", flat=True))


class YearApproval(models.Model):
    """Leadership's approval of one year's figures; it locks them until an administrator
    unlocks the year (with a reason). Unlocked approvals are kept as the record."""

    year = models.PositiveSmallIntegerField(_("年份"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审定人"),
    )
    approved_at = models.DateTimeField(_("审定时间"))
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("解锁人"),
    )
    unlocked_at = models.DateTimeField(_("解锁时间"), null=True, blank=True)
    unlock_reason = models.TextField(_("解锁原因"), blank=True)

    history = HistoricalRecords()
    objects = YearApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-approved_at"]
        verbose_name = _("年度审定")
        verbose_name_plural = _("年度审定")
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(unlocked_at__isnull=True),
                name="one_active_approval_per_year",
            ),
        ]

    def __str__(self):
        return f"{self.year}"


# What a view of indicator progress is built from: a change to any of these rebuilds the
# cached pages and API answers that show it (core/pagecache.py).
PROGRESS_DATA = [Plan, Indicator, IndicatorActual, YearApproval]
