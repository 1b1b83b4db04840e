"""The pieces every model of an entered record shares (no concrete model lives here)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Every decimal in the app (indicator values, 万元 amounts) uses this precision:
# 14 integer digits cover 10¹⁴ 万元, 4 places cover every figure in the plan.
DECIMAL_MAX_DIGITS = 18
DECIMAL_PLACES = 4


def decimal_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=DECIMAL_MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        **kwargs,
    )


class EnteredRecord(models.Model):
    """A record a base manager enters for one year: who last saved it, when, and its
    version for the optimistic check (core/records.py)."""

    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("填报人"),
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最后修改时间"), auto_now=True)
    # Optimistic concurrency: a save must name the version it was based on.
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        abstract = True


class Visibility(models.TextChoices):
    """Whether a row of a plan (an indicator, a platform, a project) may appear on the
    public site (public/). 公开 by default: the plan document itself published them."""

    PUBLIC = "public", _("公开")
    INTERNAL = "internal", _("内部")


def visibility_field():
    return models.CharField(
        _("公开范围"),
        max_length=10,
        choices=Visibility,
        default=Visibility.PUBLIC,
        help_text=_("“内部”的条目不出现在公开网站上（公开网站只显示已公开发布的年度）。"),
    )
