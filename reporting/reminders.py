"""Due-date reminders of the reporting cycle, sent by `manage.py send_reminders` (cron in
production, `make run`'s job loop in development):

- to every base manager, 14 and 3 days before a year's due date while it is not
  submitted, and once when the date has passed (overdue);
- to the layers above (reporting/listeners.py `due_reminders`), so the site's inbox
  (notices/) shows the same reminders to every manager, mail address or not.

Each reminder is recorded (ReminderSent) before it is sent, in the same transaction:
run the command as often as you like, nobody gets the same reminder twice. Mails about a
step of the cycle (submitted, returned, approved) are not sent here: they go out when
the step is taken (notices/mail.py).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import roles
from core.mail import mailbox, one_line

from . import rules
from .listeners import due_reminders
from .models import ReminderSent, ReportingYear
from .plan import reporting_years
from .services import due_date_of, reporting_year_state


def _members(group_name):
    """The active members of a group with a usable mail address."""
    people = (
        get_user_model()
        .objects.filter(groups__name=group_name, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    return [user for user in people if mailbox(user)]


def _link(name, year):
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"year": year})


def due_dates_owed(today):
    """[(kind, year, due date)] for each reporting year (of the plan in force, or of a
    closed plan and not yet approved) owed a due-date reminder on `today`
    (rules.due_reminder) and not yet with leadership."""
    owed_years = []
    stored = {row.year: row for row in ReportingYear.objects.all()}
    for year in reporting_years():
        due = due_date_of(stored.get(year), year)
        kind = rules.due_reminder((due - today).days)
        if kind is None:
            continue
        if reporting_year_state(year) in rules.NOT_OVERDUE:
            continue
        owed_years.append((kind, year, due))
    return owed_years


def owed(today):
    """Every reminder mail due on `today`: [(kind, year, recipient, key, subject, body)]."""
    result = []
    for kind, year, due in due_dates_owed(today):
        days_left = (due - today).days
        values = {
            "year": year,
            "due": due.isoformat(),
            "days": abs(days_left),
            "link": _link("reporting:entry", year),
        }
        if kind == "overdue":
            subject = _("【双创示范基地】%(year)s 年数据已逾期（截止 %(due)s），尚未提交") % values
            body = (
                _(
                    "%(year)s 年的指标数据应在 %(due)s 前提交审定，已逾期 %(days)s 天。"
                    "\n填报：%(link)s"
                )
                % values
            )
        else:
            subject = _("【双创示范基地】%(year)s 年数据将于 %(due)s 截止填报") % values
            body = (
                _(
                    "%(year)s 年的指标数据须在 %(due)s 前填报并提交审定，还剩 %(days)s 天。"
                    "\n填报：%(link)s"
                )
                % values
            )
        for user in _members(roles.MANAGER):
            result.append((kind, year, user, due.isoformat(), subject, body))
    return result


def send_reminders(today=None):
    """Announce the due-date reminders owed (notices/ records them once each) and send
    every reminder mail owed and not sent yet; return how many mails were sent."""
    today = today or timezone.localdate()
    for kind, year, due in due_dates_owed(today):
        with transaction.atomic():
            due_reminders.announce(year=year, due_date=due, kind=kind, today=today)
    sent = 0
    for kind, year, user, key, subject, body in owed(today):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(kind=kind, year=year, recipient=user, key=key)
                # Inside the transaction: a failed send leaves no record, so the next
                # run tries again; a recorded one is never sent again.
                send_mail(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, [mailbox(user)])
        except IntegrityError:
            continue  # sent before
        sent += 1
    return sent
