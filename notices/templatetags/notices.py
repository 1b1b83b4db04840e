from django import template
from django.utils import timezone

from reporting.selectors import overdue_years

from ..selectors import banner_notices

register = template.Library()


@register.inclusion_tag("notices/_banner.html", takes_context=True)
def notices_banner(context):
    """The home page's banner: years past their due date and not submitted (逾期 N 天),
    then the notices waiting for this person's action. Outside the cached page body:
    it is this person's, and the days count on."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"overdue": [], "notices": []}
    # Overdue years wait for those who enter or approve them; an auditor only reads.
    acts = user.has_perm("indicators.change_indicatoractual") or user.has_perm(
        "indicators.add_yearapproval"
    )
    overdue = overdue_years(timezone.localdate()) if acts else []
    return {
        "overdue": overdue,
        "notices": banner_notices(user),
        "can_enter": user.has_perm("indicators.change_indicatoractual"),
    }
