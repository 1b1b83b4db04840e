from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Notices (待办/通知): the inbox, the menu's counts, the home page's banner and the mail
    sent when a step of the cycle is taken."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "notices"
    verbose_name = _("通知")

    def ready(self):
        # reporting and planning may not import this layer: they announce their writes to
        # the listeners registered here, inside the write's transaction.
        from planning.listeners import plan_put_in_force_listeners
        from reporting.listeners import cycle_steps, due_reminders

        from . import services

        cycle_steps.register(services.notices_on_cycle_step)
        # The menu's counts and the home page's banner are part of every page's frame,
        # which a page kept for a person must not outlive (core/pagecache.py).
        from core.pagecache import frame_data_register
        from indicators.models import YearApproval
        from reporting.models import ReportingEvent

        from .models import Notice

        frame_data_register(Notice, ["id", "read_at", "done_at"])
        frame_data_register(ReportingEvent, ["id"])  # states and due dates (overdue)
        frame_data_register(YearApproval, ["id", "unlocked_at"])
        due_reminders.register(services.notices_on_due_reminder)
        plan_put_in_force_listeners.register(services.notices_on_plan_in_force)
