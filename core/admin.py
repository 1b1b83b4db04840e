"""Admin plumbing every app shares."""


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
