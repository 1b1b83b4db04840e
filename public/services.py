"""Publishing a year of a plan on the public site, and withdrawing it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.records import check_text_lengths, require_permission
from indicators.models import YearApproval

from .models import PUBLISH_PERMISSION, Publication
from .selectors import PUBLIC_PLAN_STATES


def publication_errors(plan, year):
    """Why `year` of `plan` cannot be published now ([] when it can)."""
    if plan.state not in PUBLIC_PLAN_STATES:
        return [_("草稿规划不能公开发布：请先批准规划执行。")]
    if year not in plan.years:
        return [
            _("%(year)s年不在规划期（%(period)s）内。")
            % {"year": year, "period": plan.period_label}
        ]
    if YearApproval.objects.for_year(year) is None:
        return [_("%(year)s年的数据尚未审定（已审定的年度才能公开发布）。") % {"year": year}]
    if Publication.objects.active().filter(plan=plan, year=year).exists():
        return [_("%(year)s年已经公开发布。") % {"year": year}]
    return []


@transaction.atomic
def publication_publish(*, user, plan, year):
    """Leadership publishes an approved `year` of `plan`; return the publication."""
    require_permission(user, PUBLISH_PERMISSION, _("你没有权限公开发布年度数据。"))
    problems = publication_errors(plan, year)
    if problems:
        raise ValidationError({"year": problems})
    publication = Publication(plan=plan, year=year, published_by=user, published_at=timezone.now())
    publication._history_user = user
    try:
        with transaction.atomic():
            publication.save()
    except IntegrityError:  # someone published it a moment ago
        raise ValidationError({"year": [_("%(year)s年已经公开发布。") % {"year": year}]}) from None
    return publication


@transaction.atomic
def publication_withdraw(*, user, plan, year, reason):
    """Leadership takes a published year off the public site; the reason is recorded."""
    require_permission(user, PUBLISH_PERMISSION, _("你没有权限撤回公开发布。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("撤回原因不能为空：请说明为什么不再公开。")]})
    check_text_lengths({"reason": (_("撤回原因"), reason)})
    publication = (
        Publication.objects.select_for_update().active().filter(plan=plan, year=year).first()
    )
    if publication is None:
        raise ValidationError({"year": [_("%(year)s年没有公开发布，无需撤回。") % {"year": year}]})
    publication.withdrawn_by = user
    publication.withdrawn_at = timezone.now()
    publication.withdrawal_reason = reason
    publication._history_user = user
    publication._change_reason = reason
    publication.save()
    return publication
