"""Who hears of the reporting cycle. The layer above (notices/) registers its listeners
here in its AppConfig.ready, since reporting may not import it (docs/architecture.md).

Both are announced inside the transaction of the write, so a failing listener leaves no
step of the cycle behind it, and nothing is announced that did not happen.
"""

from core.listeners import Listeners

# listener(event): a ReportingEvent was recorded (submit; return, with its comments saved;
# approve; a due date set). Called by services.py.
cycle_steps = Listeners()

# listener(*, year, due_date, kind, today): `send_reminders` found a due-date reminder
# owed for `year` (kind: rules.due_reminder, "due_14", "due_3" or "overdue"). Called once
# per run and year: a listener makes it idempotent.
due_reminders = Listeners()
