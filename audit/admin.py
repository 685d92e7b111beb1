from django.contrib import admin

from accounts.admin_safe import ReadOnlyAdmin
from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "user", "subject_id", "ip_prefix", "detail"]
    list_filter = ["kind"]
    fields = list_display
    readonly_fields = list_display
    search_fields = ["user__email"]
