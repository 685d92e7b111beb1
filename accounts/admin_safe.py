"""Read-only admin bases. Rows with private text: a host sees metadata, never content."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the host may look at but never add, change or delete from the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MetadataOnlyAdmin(ReadOnlyAdmin):
    """A read-only list of non-private columns. No change, history or delete page, and no
    actions, because Django titles those with `str(row)`, which may be private text."""

    actions = None
    list_display_links = None

    def _to_list(self):
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self._to_list()

    def history_view(self, request, object_id, extra_context=None):
        return self._to_list()
