from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import Plan


class ReportSource(models.TextChoices):
    WEB = "web", _("网站下载")
    ADMIN = "admin", _("后台所选实际值")
    COMMAND = "command", _("命令行")


class ReportDownloadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The downloads of the plans `user` may see (a draft's only for managers and
        leadership), and those recorded before downloads named their plan."""
        return self.filter(Q(plan__isnull=True) | Q(plan__in=Plan.objects.visible_to(user)))


class ReportDownload(models.Model):
    """One generated audit workbook: who asked for it, when, from where and with which options."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("下载人"),
        help_text=_("命令行导出时为空。"),
    )
    requested_at = models.DateTimeField(_("下载时间"), auto_now_add=True)
    source = models.CharField(_("来源"), max_length=10, choices=ReportSource)
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("规划"),
    )
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    # The admin action's selection; empty for the dashboard and the command.
    actual_ids = models.JSONField(_("所选实际值"), default=list, blank=True)
    filename = models.CharField(_("文件名"), max_length=200)

    objects = ReportDownloadQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("报表下载记录")
        verbose_name_plural = _("报表下载记录")
        permissions = [
            ("export_evaluation", _("可以下载评估报告")),
            # The site's 修改记录 page (audit/changes.py): auditors and leadership.
            ("view_change_record", _("可以查看修改记录")),
        ]

    def __str__(self):
        return self.filename
