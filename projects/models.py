from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import EnteredRecord, decimal_field, visibility_field
from plans.models import Plan, PlanRowsMixin


class ProjectNature(models.TextChoices):
    SOCIAL = "社会投资", _("社会投资")
    NEW = "新建", _("新建")
    CONTINUING = "续建", _("续建")
    GOVERNMENT_RESERVE = "政府投资储备", _("政府投资储备")
    SOCIAL_RESERVE = "社会投资储备", _("社会投资储备")


class ProjectStatus(models.TextChoices):
    NOT_STARTED = "未开工", _("未开工")
    UNDER_CONSTRUCTION = "在建", _("在建")
    COMPLETED = "已竣工", _("已竣工")
    SUSPENDED = "停缓建", _("停缓建")


class ProjectQuerySet(PlanRowsMixin, models.QuerySet):
    def total_investment(self):
        """Sum of 总投资 over these rows, as the annex adds up (overlaps counted twice)."""
        return self.aggregate(total=models.Sum("total_investment"))["total"] or Decimal(0)

    def total_investment_without_overlap(self):
        """Sum of 总投资 leaving out rows included in another row (丝路之光 phase one)."""
        return self.filter(included_in__isnull=True).total_investment()

    def with_progress(self):
        """Annotate `cumulative_investment` (sum of yearly progress) and `latest_status`."""
        latest = ProjectProgress.objects.filter(project=models.OuterRef("pk")).order_by("-year")
        return self.annotate(
            cumulative_investment=models.Sum("progress__investment_completed"),
            latest_status=models.Subquery(latest.values("status")[:1]),
            latest_progress_year=models.Max("progress__year"),
        )


class Project(models.Model):
    """An investment project of a plan (Annex 4 for 2021–2023)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="projects", verbose_name=_("规划")
    )
    row = models.PositiveSmallIntegerField(_("附件四行序"))
    name = models.CharField(_("项目名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("建设年限"))
    nature = models.CharField(_("项目性质"), max_length=10, choices=ProjectNature)
    total_investment = decimal_field(_("总投资（万元）"))
    # The source lists 丝路之光 phase one and the whole project as two rows:
    # a part points at its whole so totals can leave the overlap out.
    included_in = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("已包含于"),
    )
    remark = models.TextField(_("原文问题备注"), blank=True)
    visibility = visibility_field()
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("承接自上一期规划"),
    )

    history = HistoricalRecords()
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["plan__first_year", "row"]
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        constraints = [
            models.UniqueConstraint(fields=["plan", "row"], name="project_row_per_plan"),
        ]

    def __str__(self):
        return self.name


class ProjectProgressQuerySet(PlanRowsMixin, models.QuerySet):
    plan_path = "project__plan"


class ProjectProgress(EnteredRecord):
    """One year's progress of a project, entered by a base manager."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="progress", verbose_name=_("项目")
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    investment_completed = decimal_field(_("当年完成投资（万元）"))
    status = models.CharField(_("状态"), max_length=10, choices=ProjectStatus)
    completion_percent = models.DecimalField(
        _("完成进度（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords()
    objects = ProjectProgressQuerySet.as_manager()

    class Meta:
        ordering = ["project__row", "year"]
        verbose_name = _("项目年度进展")
        verbose_name_plural = _("项目年度进展")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="one_progress_per_year"),
        ]

    def __str__(self):
        return f"{self.project.name} {self.year}"
