"""Mail sent when a step is taken (submitted, returned, approved, a plan put in force),
after the transaction commits: a step rolled back sends nothing.

One message per recipient, so nobody sees who else got it. Names and addresses go
through core.mail (quoted, encoded, one line); a person without a valid address only
gets the notice on the site. Sent with on_commit(robust=True): a mail server that is down
is logged and does not undo a step already committed — the notice is on the site anyway.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from core.mail import mailbox, one_line

logger = logging.getLogger(__name__)


def _messages(recipients, subject, body, link):
    text = body + ("\n\n" if body else "") + settings.SITE_URL.rstrip("/") + link
    messages = []
    for user in recipients:
        address = mailbox(user)
        if address is None:
            continue
        messages.append(
            EmailMessage(
                subject=one_line(subject),
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
            )
        )
    return messages


def mail_on_commit(recipients, subject, body, link):
    """Mail `subject` and `body` with the link to the place to everyone in `recipients`
    with an address, once the current transaction commits."""
    # Built now, inside the transaction (the names and addresses as they are now).
    messages = _messages(recipients, subject, body, link)
    if not messages:
        return

    def send():
        sent = get_connection().send_messages(messages)
        logger.info("notice mail sent: %s of %s (%s)", sent, len(messages), one_line(subject))

    transaction.on_commit(send, robust=True)
