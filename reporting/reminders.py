"""E-mail reminders of the reporting cycle, sent by `manage.py send_reminders` (cron).

- to every base manager, 14 and 3 days before a year's due date while it is not submitted;
- to leadership, when a year is submitted;
- to the manager who submitted, when it is returned.

Each reminder is recorded (ReminderSent) before it is sent, in the same transaction:
run the command as often as you like, nobody gets the same reminder twice.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core import roles

from . import rules
from .models import EventKind, ReminderSent, ReportingEvent, ReportingState, ReportingYear
from .plan import plan_years_in_force
from .services import due_date_of, reporting_year_state


def _members(group_name):
    return list(
        get_user_model()
        .objects.filter(groups__name=group_name, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def _link(name, year):
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"year": year})


def owed(today):
    """Every reminder due on `today`: [(kind, year, recipient, key, subject, body)]."""
    result = []
    stored = {row.year: row for row in ReportingYear.objects.all()}
    for year in plan_years_in_force():
        due = due_date_of(stored.get(year), year)
        kind = rules.due_reminder((due - today).days)
        if kind is None:
            continue
        if reporting_year_state(year) in (ReportingState.SUBMITTED, ReportingState.APPROVED):
            continue
        subject = _("【双创示范基地】%(year)s 年数据将于 %(due)s 截止填报") % {
            "year": year,
            "due": due.isoformat(),
        }
        body = _(
            "%(year)s 年的指标数据须在 %(due)s 前填报并提交审定，还剩 %(days)s 天。\n填报：%(link)s"
        ) % {
            "year": year,
            "due": due.isoformat(),
            "days": (due - today).days,
            "link": _link("reporting:entry", year),
        }
        for user in _members(roles.MANAGER):
            result.append((kind, year, user, due.isoformat(), subject, body))

    events = ReportingEvent.objects.filter(
        kind__in=[EventKind.SUBMIT, EventKind.RETURN]
    ).select_related("reporting_year", "by")
    for event in events:
        year = event.reporting_year.year
        if event.kind == EventKind.SUBMIT:
            recipients = _members(roles.LEADERSHIP)
            subject = _("【双创示范基地】%(year)s 年数据已提交，请审定") % {"year": year}
            body = _("%(year)s 年的指标数据已提交审定。\n审定：%(link)s") % {
                "year": year,
                "link": _link("reporting:review", year),
            }
        else:
            submitted = (
                ReportingEvent.objects.filter(
                    reporting_year=event.reporting_year, kind=EventKind.SUBMIT, at__lte=event.at
                )
                .select_related("by")
                .last()
            )
            by = submitted.by if submitted else None
            recipients = [by] if by and by.email and by.is_active else _members(roles.MANAGER)
            subject = _("【双创示范基地】%(year)s 年数据被退回修改") % {"year": year}
            body = _("退回原因：%(reason)s\n修改：%(link)s") % {
                "reason": event.reason,
                "link": _link("reporting:entry", year),
            }
        for user in recipients:
            result.append((event.kind, year, user, f"event-{event.pk}", subject, body))
    return result


def send_reminders(today=None):
    """Send every reminder owed and not sent yet; return how many were sent."""
    today = today or datetime.date.today()
    sent = 0
    for kind, year, user, key, subject, body in owed(today):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(kind=kind, year=year, recipient=user, key=key)
                # Inside the transaction: a failed send leaves no record, so the next
                # run tries again; a recorded one is never sent again.
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:
            continue  # sent before
        sent += 1
    return sent
