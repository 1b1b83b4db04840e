"""The reporting cycle of a year: its state, due date, what leadership said, the evidence
files and the reminders sent. Keyed by the calendar year, as indicators.YearApproval is."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import Indicator
from projects.models import Project
from work.models import WorkItem


class ReportingState(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("填报中")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已审定")


class ReportingYear(models.Model):
    """One year of the cycle. A year without a row has not started. `state` is what the
    workflow last did; the state shown also reads the year lock (rules.effective_state),
    so an approval or an unlock made elsewhere (admin, API) is never contradicted."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=ReportingState, default=ReportingState.NOT_STARTED
    )
    # Null: the default, 31 March of the following year (rules.default_due_date).
    due_date = models.DateField(_("截止日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("最后更新"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("填报年度")
        verbose_name_plural = _("填报年度")

    def __str__(self):
        return str(self.year)


class EventKind(models.TextChoices):
    SUBMIT = "submit", _("提交审定")
    RETURN = "return", _("退回修改")
    APPROVE = "approve", _("审定")
    DUE_DATE = "due_date", _("设定截止日期")


class ReportingEvent(models.Model):
    """Who moved a year through the cycle, when, and why (a return needs a reason)."""

    reporting_year = models.ForeignKey(
        ReportingYear, on_delete=models.PROTECT, related_name="events", verbose_name=_("年度")
    )
    kind = models.CharField(_("操作"), max_length=20, choices=EventKind)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.TextField(_("原因/说明"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("填报流程记录")
        verbose_name_plural = _("填报流程记录")

    def __str__(self):
        return f"{self.reporting_year.year} {self.get_kind_display()}"


class IndicatorComment(models.Model):
    """Leadership's comment on one indicator's figure, made when returning a year."""

    event = models.ForeignKey(
        ReportingEvent, on_delete=models.PROTECT, related_name="comments", verbose_name=_("退回")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("指标")
    )
    text = models.TextField(_("意见"))

    class Meta:
        ordering = ["indicator__serial"]
        verbose_name = _("指标审定意见")
        verbose_name_plural = _("指标审定意见")

    def __str__(self):
        return self.text


class WorkComment(models.Model):
    """Leadership's comment on one task's or spotlight item's progress, made when
    returning a year (beside IndicatorComment: a comment has one owner, as evidence has)."""

    event = models.ForeignKey(
        ReportingEvent,
        on_delete=models.PROTECT,
        related_name="work_comments",
        verbose_name=_("退回"),
    )
    item = models.ForeignKey(
        WorkItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("任务事项")
    )
    text = models.TextField(_("意见"))

    class Meta:
        ordering = ["item__kind", "item__ordering", "item__identifier"]
        verbose_name = _("任务审定意见")
        verbose_name_plural = _("任务审定意见")

    def __str__(self):
        return self.text


def evidence_path(instance, filename):
    """Stored under a random name with the extension of the type read from the content
    (`kind`, one of rules.EVIDENCE_KINDS, is itself an extension): the uploaded name is
    kept in the row, never trusted as a path nor as a type."""
    return f"evidence/{instance.year}/{uuid.uuid4().hex}.{instance.kind}"


class Evidence(models.Model):
    """A file (佐证材料) backing a figure of an indicator, a project's year or a task's
    (or spotlight item's) year: exactly one of the three owners."""

    year = models.PositiveSmallIntegerField(_("年份"))
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("指标"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("项目"),
    )
    work_item = models.ForeignKey(
        WorkItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("任务事项"),
    )
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)  # rules.EVIDENCE_KINDS
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    # The record of uploads (and any deletion), and what tells a cached page showing the
    # files that they changed (core/pagecache.py reads each declared model's history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    indicator__isnull=False, project__isnull=True, work_item__isnull=True
                )
                | models.Q(indicator__isnull=True, project__isnull=False, work_item__isnull=True)
                | models.Q(indicator__isnull=True, project__isnull=True, work_item__isnull=False),
                name="evidence_of_one_owner",
            )
        ]

    def __str__(self):
        return self.original_name


class ReminderSent(models.Model):
    """One e-mail reminder sent: the command never sends the same one twice."""

    kind = models.CharField(_("提醒类型"), max_length=20)  # reminders.Kind
    year = models.PositiveSmallIntegerField(_("年份"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("收件人"),
    )
    # What makes it this reminder: the due date it counts down to, or the event it reports.
    key = models.CharField(_("依据"), max_length=40)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "recipient", "key"], name="one_reminder_each"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.year} {self.key}"
