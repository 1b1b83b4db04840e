"""Admin plumbing every app shares."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


class ReadOnlyMixin:
    """An admin or inline that only shows rows: a record of what happened (approvals,
    downloads), or rows edited on their own pages."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FormUserMixin:
    """The admin form knows who is saving (`form.user`), for the service checks it runs."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user  # a fresh class per request (modelform_factory)
        return form


class SuperuserEditsMixin:
    """Only a system administrator adds, edits or deletes here; the roles only read."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class VisibleRowsMixin:
    """A SimpleHistoryAdmin of rows not everyone may see (a draft plan and what belongs
    to it: only managers and leadership). Its lists, object pages, filters and history
    pages show the rows of `model.objects.visible_to(user)` and their history through
    `history_visible_to(records, user)`, the same rule as the site, exports and API; a
    hidden row answers as a missing one."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return self.model._default_manager.history_visible_to(records, request.user)

    # Who may not read the history at all is refused first (403), as everywhere in the
    # admin; then a hidden row answers as a missing one (404). django-simple-history shows
    # a row missing from `get_queryset` (a deleted one) from its records, filtered above.

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_history_or_change_history_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One past version: only of a row whose history the user may see."""
        if not self.has_view_history_or_change_history_permission(request):
            raise PermissionDenied
        if not (_whole_number(object_id) and _whole_number(version_id)):
            raise Http404
        records = self.get_history_queryset(
            request, self.model.history, self.model._meta.pk.attname, object_id
        )
        if not records.filter(history_id=version_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


def _whole_number(text):
    text = str(text)
    return text.isascii() and text.isdigit()
