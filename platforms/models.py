from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import visibility_field
from plans.models import Plan, PlanRowsMixin


class PlatformLevel(models.TextChoices):
    NATIONAL = "国家级", _("国家级")
    REGIONAL = "自治区级", _("自治区级")
    MUNICIPAL = "市级", _("市级")


class PlatformQuerySet(PlanRowsMixin, models.QuerySet):
    def current(self):
        """Platforms not revoked."""
        return self.filter(revoked=False)


class Platform(models.Model):
    """A technology innovation platform of a plan: a row of the plan's annex (Annex 3 for
    2021–2023), or one recognised after the plan was drawn up."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="platforms", verbose_name=_("规划")
    )
    serial = models.PositiveSmallIntegerField(
        _("附件三序号"),
        null=True,
        blank=True,
        help_text=_("规划附件中的序号；规划之后认定的平台为空。"),
    )
    name = models.CharField(_("名称"), max_length=200)
    host_organisation = models.CharField(_("依托单位"), max_length=200)
    platform_type = models.CharField(_("类型"), max_length=100)
    level = models.CharField(_("级别"), max_length=10, choices=PlatformLevel)
    recognised_year = models.PositiveSmallIntegerField(
        _("认定年份"),
        null=True,
        blank=True,
        help_text=_("规划之后认定的平台填写；附件三所列平台为空。"),
    )
    revoked = models.BooleanField(_("已撤销"), default=False)
    revoked_note = models.TextField(_("撤销说明"), blank=True)
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
    objects = PlatformQuerySet.as_manager()

    class Meta:
        ordering = [models.F("serial").asc(nulls_last=True), "recognised_year", "name"]
        verbose_name = _("技术创新平台")
        verbose_name_plural = _("技术创新平台")
        constraints = [
            models.UniqueConstraint(fields=["plan", "serial"], name="platform_serial_per_plan"),
        ]

    def __str__(self):
        return self.name

    @property
    def from_source(self):
        """True for the Annex 3 rows."""
        return self.serial is not None
