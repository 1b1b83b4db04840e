"""A person's notices (待办/通知): what happened that concerns them, and what waits for
them. Written by the events of the cycle (notices/services.py), read on the inbox page,
the menu and the home page's banner."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    RETURNED = "returned", _("退回修改")
    SUBMITTED = "submitted", _("待审定")
    DUE_SOON = "due_soon", _("即将截止")
    OVERDUE = "overdue", _("已逾期")
    APPROVED = "approved", _("已审定")
    PLAN_IN_FORCE = "plan_in_force", _("规划执行")


# Notices that ask their recipient to do something; each is marked done (done_at) when
# that something happens (notices/services.py). The others only inform.
MANAGER_ACTION_KINDS = frozenset(
    {NoticeKind.RETURNED, NoticeKind.DUE_SOON, NoticeKind.OVERDUE}
)  # the managers': enter and submit the year
LEADERSHIP_ACTION_KINDS = frozenset({NoticeKind.SUBMITTED})  # leadership's: approve or return
ACTION_KINDS = MANAGER_ACTION_KINDS | LEADERSHIP_ACTION_KINDS


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person sees their own notices, nobody else's (administrators included)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def waiting(self):
        """The notices that ask for an action not yet taken."""
        return self.filter(kind__in=ACTION_KINDS, done_at__isnull=True)


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("接收人"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=NoticeKind)
    # The reporting year it is about (None for a plan's notice): an action on that year
    # marks its waiting notices done.
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=400)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300)  # a path on this site
    # What makes it this notice (the event, or the due date a reminder counts down to):
    # the same notice is never given twice to one person.
    key = models.CharField(_("依据"), max_length=80)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notice_each"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread")]

    def __str__(self):
        return self.title

    @property
    def needs_action(self):
        return self.kind in ACTION_KINDS and self.done_at is None
