"""What the menu, the home page's banner and the inbox show of a person's notices."""

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import (
    LEADERSHIP_ACTION_KINDS,
    MANAGER_ACTION_KINDS,
    Notice,
    NoticeKind,
)

BANNER_NOTICES = 5


@dataclass(frozen=True)
class NoticeCounts:
    unread: int = 0  # beside 通知
    to_enter: int = 0  # beside 数据填报: returned, due soon, overdue, not done
    to_review: int = 0  # beside 审定: submitted years not yet approved or returned


def notice_counts(user):
    """The menu's three counts for `user`, in one query."""
    if not user.is_authenticated:
        return NoticeCounts()
    waiting = Q(done_at__isnull=True)
    counts = Notice.objects.visible_to(user).aggregate(
        unread=Count("pk", filter=Q(read_at__isnull=True)),
        to_enter=Count("pk", filter=waiting & Q(kind__in=MANAGER_ACTION_KINDS)),
        to_review=Count("pk", filter=waiting & Q(kind__in=LEADERSHIP_ACTION_KINDS)),
    )
    return NoticeCounts(**counts)


def banner_notices(user):
    """The notices waiting for `user`'s action, newest first (a few). Overdue years are
    shown from the live count of days instead (reporting.selectors.overdue_years)."""
    return list(
        Notice.objects.visible_to(user).waiting().exclude(kind=NoticeKind.OVERDUE)[:BANNER_NOTICES]
    )
