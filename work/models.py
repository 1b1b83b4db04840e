"""The plan's work as data (docs/domain.md, "The plan's work").

A plan sets out nine programmes (工程). Each has measures (重点任务) and spotlights
(专栏) listing concrete items (专栏项目); Annex 1 lists the support policies (支持政策)
and section 二（三） the qualitative goals (具体目标). A responsible unit reports each year
on the tasks and items it leads or collaborates on (`WorkProgress`), and base managers
on each policy (`PolicyApplication`).

A task and a spotlight item are both *a piece of work a unit reports on*, so they are one
model, `WorkItem`, told apart by `kind`: one table gives progress a single owner (one
foreign key, one "one record per item and year" constraint, the write protocol of
core/records.py unchanged) and gives the rule of who sees what one queryset.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import EnteredRecord, decimal_field
from plans.models import (
    ALL_UNITS_PERMISSION,
    Plan,
    PlanRowsMixin,
    PlanState,
    ResponsibilityQuerySet,
)


class PlanScopedQuerySet(PlanRowsMixin, models.QuerySet):
    """Definitions of a plan (programmes, spotlights, policies, goals): `visible_to(user)`
    and `history_visible_to(records, user)` by the plan's rule (PlanRowsMixin)."""


class Programme(models.Model):
    """One of a plan's programmes (工程), e.g. （五） for identifier 5."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("规划")
    )
    identifier = models.CharField(_("编号"), max_length=20)
    number = models.CharField(_("序号"), max_length=20, help_text=_("原文序号，如“（一）”。"))
    title = models.CharField(_("名称"), max_length=200)
    text = models.TextField(_("原文"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()
    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan__first_year", "ordering", "identifier"]
        verbose_name = _("工程")
        verbose_name_plural = _("工程")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "identifier"], name="programme_identifier_per_plan"
            ),
        ]

    def __str__(self):
        return f"{self.number}{self.title}"


class Spotlight(models.Model):
    """A spotlight box (专栏) of a programme, listing items; identifiers like 4-1."""

    # Stored beside the programme (and always its plan, see save) so the database can
    # keep identifiers unique within a plan.
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="spotlights", verbose_name=_("规划")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="spotlights", verbose_name=_("工程")
    )
    identifier = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("名称"), max_length=200)
    ordering = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()
    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan__first_year", "ordering", "identifier"]
        verbose_name = _("专栏")
        verbose_name_plural = _("专栏")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "identifier"], name="spotlight_identifier_per_plan"
            ),
        ]

    def __str__(self):
        return _("专栏%(identifier)s %(title)s") % {
            "identifier": self.identifier,
            "title": self.title,
        }

    def save(self, *args, **kwargs):
        self.plan_id = self.programme.plan_id
        super().save(*args, **kwargs)


class WorkKind(models.TextChoices):
    TASK = "task", _("重点任务")
    SPOTLIGHT_ITEM = "spotlight_item", _("专栏项目")


class Visibility(models.TextChoices):
    """Whether the public site may show the item (it will, later); 内部 keeps it in."""

    PUBLIC = "public", _("公开")
    INTERNAL = "internal", _("内部")


class WorkItemQuerySet(PlanRowsMixin, ResponsibilityQuerySet):
    # `visible_to` is its own (the plan's rule and the unit's); the history's by the plan.

    def tasks(self):
        return self.filter(kind=WorkKind.TASK)

    def spotlight_items(self):
        return self.filter(kind=WorkKind.SPOTLIGHT_ITEM)

    def visible_to(self, user):
        """The items `user` may see: of the plans they may see and, for a unit reporter
        (部门填报员), only those their unit leads or collaborates on."""
        return self.filter(plan__in=Plan.objects.visible_to(user)).of_units_seen_by(user)

    def reportable_by(self, user):
        """The items `user` may enter progress for: those they see, of a plan not in
        draft, if they may enter progress at all."""
        if not user.has_perm("work.add_workprogress"):
            return self.none()
        return self.visible_to(user).exclude(plan__state=PlanState.DRAFT)


class WorkItem(models.Model):
    """A piece of work a responsible unit reports on each year: a measure of a
    programme (重点任务, identifier like 5.1) or an item of a spotlight (专栏项目,
    identifier like 4-1-2)."""

    kind = models.CharField(_("类别"), max_length=20, choices=WorkKind)
    # `plan` and, for an item, `programme` follow the parent (see save): stored so the
    # database keeps identifiers unique per plan and lists group by programme.
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="work_items", verbose_name=_("规划")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="work_items", verbose_name=_("工程")
    )
    spotlight = models.ForeignKey(
        Spotlight,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("专栏"),
        help_text=_("专栏项目所属的专栏；重点任务留空。"),
    )
    identifier = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("名称"), max_length=300)
    text = models.TextField(_("原文"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("排序"), default=0)
    visibility = models.CharField(
        _("公开范围"), max_length=10, choices=Visibility, default=Visibility.PUBLIC
    )
    lead_unit = models.ForeignKey(
        "plans.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_work_items",
        verbose_name=_("牵头单位"),
    )
    collaborating_units = models.ManyToManyField(
        "plans.Unit",
        blank=True,
        related_name="collaborating_work_items",
        verbose_name=_("配合单位"),
    )
    # A spotlight item may be one of the plan's projects or platforms (Annexes 3–4).
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="work_items", verbose_name=_("关联项目")
    )
    platforms = models.ManyToManyField(
        "platforms.Platform", blank=True, related_name="work_items", verbose_name=_("关联平台")
    )

    # The item of the previous plan this one continues (drafting the next plan carries
    # unfinished work on); empty for work new to the plan.
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("延续自"),
    )

    history = HistoricalRecords()
    objects = WorkItemQuerySet.as_manager()

    class Meta:
        ordering = ["plan__first_year", "kind", "ordering", "identifier"]
        verbose_name = _("任务事项")
        verbose_name_plural = _("任务事项（重点任务与专栏项目）")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "identifier"], name="work_item_identifier_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(kind=WorkKind.TASK, spotlight__isnull=True)
                | Q(kind=WorkKind.SPOTLIGHT_ITEM, spotlight__isnull=False),
                name="work_item_spotlight_iff_item",
                violation_error_message=_("专栏项目必须选择所属专栏；重点任务不属于任何专栏。"),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.spotlight_id is not None:
            self.programme_id = self.spotlight.programme_id
        self.plan_id = self.programme.plan_id
        super().save(*args, **kwargs)

    @property
    def name(self):
        """How messages name the item: its identifier and title."""
        return f"{self.identifier} {self.title}"

    @property
    def is_task(self):
        return self.kind == WorkKind.TASK


class PolicyQuerySet(PlanScopedQuerySet):
    def visible_to(self, user):
        """The policies of the plans `user` may see; a unit reporter answers for none."""
        if not user.has_perm(ALL_UNITS_PERMISSION):
            return self.none()
        return super().visible_to(user)

    def reportable_by(self, user):
        """The policies `user` may enter how they were applied: base managers, plans not
        in draft."""
        if not user.has_perm("work.add_policyapplication"):
            return self.none()
        return self.visible_to(user).exclude(plan__state=PlanState.DRAFT)


class Policy(models.Model):
    """A support policy of the plan (Annex 1, 支持政策), identifier 1 … 30."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="policies", verbose_name=_("规划")
    )
    identifier = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("政策名称"), max_length=300)
    ordering = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()
    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["plan__first_year", "ordering", "identifier"]
        verbose_name = _("支持政策")
        verbose_name_plural = _("支持政策")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "identifier"], name="policy_identifier_per_plan"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"{self.identifier}. {self.title}"


class Goal(models.Model):
    """A qualitative goal of the plan (二（三）具体目标), beside its numeric indicators."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="goals", verbose_name=_("规划")
    )
    identifier = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("名称"), max_length=300)
    text = models.TextField(_("原文"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()
    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan__first_year", "ordering", "identifier"]
        verbose_name = _("具体目标")
        verbose_name_plural = _("具体目标")
        constraints = [
            models.UniqueConstraint(fields=["plan", "identifier"], name="goal_identifier_per_plan"),
        ]

    def __str__(self):
        return f"{self.identifier} {self.title}"


class WorkStatus(models.TextChoices):
    """How a task or item stands at the end of a year; the last three need a reason."""

    NOT_STARTED = "未启动", _("未启动")
    IN_PROGRESS = "推进中", _("推进中")
    COMPLETED = "已完成", _("已完成")
    BEHIND = "进度滞后", _("进度滞后")
    ADJUSTED = "已调整", _("已调整")
    STOPPED = "已停止", _("已停止")


class WorkProgressQuerySet(PlanRowsMixin, models.QuerySet):
    plan_path = "item__plan"  # its history: of the items the user may see

    def visible_to(self, user):
        """The progress of the items `user` may see (WorkItem's `visible_to`)."""
        return self.filter(item__in=WorkItem.objects.visible_to(user))


class WorkProgress(EnteredRecord):
    """One year's progress of a task or spotlight item, entered by its unit."""

    item = models.ForeignKey(
        WorkItem, on_delete=models.PROTECT, related_name="progress", verbose_name=_("任务事项")
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    status = models.CharField(_("状态"), max_length=10, choices=WorkStatus)
    reason = models.TextField(
        _("原因"), blank=True, help_text=_("进度滞后、已调整或已停止时必须说明原因。")
    )
    progress_text = models.TextField(_("进展情况"), blank=True)
    completion_percent = models.DecimalField(
        _("完成进度（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()
    objects = WorkProgressQuerySet.as_manager()

    class Meta:
        ordering = ["item__kind", "item__ordering", "year"]
        verbose_name = _("任务年度进展")
        verbose_name_plural = _("任务年度进展")
        constraints = [
            models.UniqueConstraint(fields=["item", "year"], name="one_work_progress_per_year"),
            models.CheckConstraint(
                condition=Q(completion_percent__isnull=True)
                | Q(completion_percent__gte=0, completion_percent__lte=100),
                name="work_progress_percent_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.item.name} {self.year}"


class PolicyApplicationQuerySet(PlanRowsMixin, models.QuerySet):
    plan_path = "policy__plan"  # its history: of the policies the user may see

    def visible_to(self, user):
        return self.filter(policy__in=Policy.objects.visible_to(user))


class PolicyApplication(EnteredRecord):
    """How one support policy was applied in one year (政策兑现情况)."""

    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="applications", verbose_name=_("支持政策")
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    applied = models.BooleanField(_("是否兑现"))
    effect = models.TextField(_("实施效果"), blank=True)
    funds = decimal_field(_("兑现资金（万元）"), null=True, blank=True)
    enterprises = models.PositiveIntegerField(_("惠及企业（家）"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PolicyApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["policy__ordering", "year"]
        verbose_name = _("政策年度兑现")
        verbose_name_plural = _("政策年度兑现")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "year"], name="one_policy_application_per_year"
            ),
            models.CheckConstraint(
                condition=Q(funds__isnull=True) | Q(funds__gte=0),
                name="policy_funds_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.policy.name} {self.year}"
