"""Writes of notices: the listeners of the cycle's and the plan's events (registered in
apps.py, called inside the event's transaction), and marking notices read.

Each event gives its notices to the people it concerns and marks done the notices it
answers: a submission answers the managers' returned, due-soon and overdue notices of the
year; a return or an approval answers leadership's awaiting-审定 notices. The texts are
stored in the site's language (settings.LANGUAGE_CODE), whoever's request made them.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import roles
from core.people import display_name, local_time
from reporting.models import EventKind

from .mail import mail_on_commit
from .models import MANAGER_ACTION_KINDS, Notice, NoticeKind


def _people(*groups):
    """The active members of `groups`, each once."""
    return list(
        get_user_model()
        .objects.filter(groups__name__in=groups, is_active=True)
        .distinct()
        .order_by("pk")
    )


def _key(*parts):
    """What makes a notice that one (Notice.key): the event, or the reminder and its date."""
    return ":".join(str(part) for part in parts)


def _deliver(recipients, *, kind, title, body, link, key, year=None, mail=True):
    """Give each recipient the notice (once: `key` names it) and, with `mail`, mail it
    after the commit."""
    title = title[: Notice._meta.get_field("title").max_length]
    Notice.objects.bulk_create(
        [
            Notice(
                recipient=user,
                kind=kind,
                year=year,
                title=title,
                body=body,
                link=link,
                key=key,
            )
            for user in recipients
        ],
        ignore_conflicts=True,  # given before (a reminder run again): nothing new
    )
    if mail:
        mail_on_commit(recipients, title, body, link)


def _settle(year, kinds, *, but_key=None):
    """Mark done the waiting notices of `kinds` about `year`, everyone's."""
    waiting = Notice.objects.filter(year=year, kind__in=kinds, done_at__isnull=True)
    if but_key:
        waiting = waiting.exclude(key=but_key)
    waiting.update(done_at=timezone.now())


def notices_on_cycle_step(event):
    """A ReportingEvent was recorded (reporting/listeners.py `cycle_steps`)."""
    with translation.override(settings.LANGUAGE_CODE):
        year = event.reporting_year.year
        values = {"year": year, "by": display_name(event.by), "at": local_time(event.at)}
        if event.kind == EventKind.SUBMIT:
            _settle(year, MANAGER_ACTION_KINDS)
            _deliver(
                _people(roles.LEADERSHIP),
                kind=NoticeKind.SUBMITTED,
                year=year,
                title=_("%(year)s 年数据已提交，待审定") % values,
                body=_("%(by)s 于 %(at)s 提交了 %(year)s 年的指标数据，请审阅后审定或退回修改。")
                % values,
                link=reverse("reporting:review", kwargs={"year": year}),
                key=_key("submit", event.pk),
            )
        elif event.kind == EventKind.RETURN:
            _settle(year, {NoticeKind.SUBMITTED})
            comments = list(event.comments.select_related("indicator"))
            title = _("%(year)s 年数据被退回修改") % values
            if comments:
                title += _("（%(n)s 项指标有意见）") % {"n": len(comments)}
            lines = [_("%(by)s 于 %(at)s 退回了 %(year)s 年的数据。") % values]
            lines.append(_("退回原因：%(reason)s") % {"reason": event.reason})
            if comments:
                lines.append(_("对指标的意见："))
                lines += [f"{c.indicator.serial}. {c.indicator.name}：{c.text}" for c in comments]
            _deliver(
                _people(roles.MANAGER),
                kind=NoticeKind.RETURNED,
                year=year,
                title=title,
                body="\n".join(lines),
                link=reverse("reporting:entry", kwargs={"year": year}),
                key=_key("return", event.pk),
            )
        elif event.kind == EventKind.APPROVE:
            _settle(year, {NoticeKind.SUBMITTED, *MANAGER_ACTION_KINDS})
            _deliver(
                _people(roles.MANAGER),
                kind=NoticeKind.APPROVED,
                year=year,
                title=_("%(year)s 年数据已审定") % values,
                body=_("%(by)s 于 %(at)s 审定了 %(year)s 年的数据，该年度数据已锁定。") % values,
                link=reverse("reporting:review", kwargs={"year": year}),
                key=_key("approve", event.pk),
            )
        elif event.kind == EventKind.DUE_DATE:
            # The reminders counted down to the old date; send_reminders gives new ones
            # when the new date comes near.
            _settle(year, {NoticeKind.DUE_SOON, NoticeKind.OVERDUE})


def notices_on_due_reminder(*, year, due_date, kind, today):
    """send_reminders found a due-date reminder owed (reporting/listeners.py
    `due_reminders`): every manager gets its notice once (send_reminders mails it)."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {"year": year, "due": due_date.isoformat(), "days": (due_date - today).days}
        if kind == "overdue":
            notice_kind = NoticeKind.OVERDUE
            title = _("%(year)s 年数据已过截止日期（%(due)s），尚未提交") % values
            body = _("%(year)s 年的指标数据应在 %(due)s 前填报并提交审定，请尽快完成。") % values
        else:
            notice_kind = NoticeKind.DUE_SOON
            title = _("%(year)s 年数据将于 %(due)s 截止填报") % values
            body = (
                _("%(year)s 年的指标数据须在 %(due)s 前填报并提交审定（提醒时还剩 %(days)s 天）。")
                % values
            )
        # Once per kind, year and due date: a new date gives new reminders.
        key = _key(kind, year, due_date.isoformat())
        # A later reminder of the same year replaces the earlier ones (14 days → 3 → overdue).
        _settle(year, {NoticeKind.DUE_SOON, NoticeKind.OVERDUE}, but_key=key)
        _deliver(
            _people(roles.MANAGER),
            kind=notice_kind,
            year=year,
            title=title,
            body=body,
            link=reverse("reporting:entry", kwargs={"year": year}),
            key=key,
            mail=False,
        )


def notices_on_plan_in_force(*, plan, user, closed):
    """Leadership put `plan` in force (planning/listeners.py): everyone with a role hears."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "name": plan.name,
            "first": plan.first_year,
            "last": plan.last_year,
            "by": display_name(user),
            "at": local_time(plan.put_in_force_at),
        }
        lines = [_("%(by)s 于 %(at)s 批准“%(name)s”（%(first)s–%(last)s 年）付诸执行。") % values]
        if closed:
            lines.append(
                _("此前执行的规划已结束：%(names)s。")
                % {"names": "、".join(p.name for p in closed)}
            )
        lines.append(_("今后各年度的指标数据按这一规划填报和审定。"))
        _deliver(
            _people(*roles.ROLE_LABELS),
            kind=NoticeKind.PLAN_IN_FORCE,
            title=_("“%(name)s”已付诸执行") % values,
            body="\n".join(lines),
            link=reverse("planning:detail", kwargs={"pk": plan.pk}),
            key=_key("plan_in_force", plan.pk),
        )


def notice_mark_read(notice):
    """Mark one of the person's notices read (a notice read stays read)."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(user):
    """Mark every unread notice of `user` read; return how many."""
    return (
        Notice.objects.visible_to(user).filter(read_at__isnull=True).update(read_at=timezone.now())
    )
