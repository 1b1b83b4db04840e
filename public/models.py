"""Leadership's decision to publish a year of a plan on the public site (公开发布).

A publication names a plan and a year; it is public while it is not withdrawn *and* the
year is approved (an active YearApproval). The second half is checked in every query
(public/selectors.py), never copied into a flag here: an administrator unlocking the
year takes it off the public site at once, and approving it again brings it back.
Withdrawn publications are kept as the record (who, when, why).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Plan

# Who may publish and withdraw (leadership; core/roles.py).
PUBLISH_PERMISSION = "public.publish_year"


class PublicationQuerySet(models.QuerySet):
    def active(self):
        """Publications not withdrawn (the year may still be unlocked: see selectors)."""
        return self.filter(withdrawn_at__isnull=True)


class Publication(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="publications", verbose_name=_("规划")
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发布人"),
    )
    published_at = models.DateTimeField(_("发布时间"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回人"),
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回原因"), blank=True)

    history = HistoricalRecords()
    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-year", "-published_at"]
        verbose_name = _("公开发布")
        verbose_name_plural = _("公开发布")
        permissions = [("publish_year", _("可以公开发布年度数据"))]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_publication_per_plan_year",
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.year}"
