from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares; it imports no project app (docs/architecture.md)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("公共")

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from .accounts import said_logged_out

        user_logged_out.connect(said_logged_out, dispatch_uid="core.said_logged_out")
