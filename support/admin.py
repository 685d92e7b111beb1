from django.contrib import admin

from accounts.admin_safe import MetadataOnlyAdmin
from support.models import SupportGrant


@admin.register(SupportGrant)
class SupportGrantAdmin(MetadataOnlyAdmin):
    """Who granted which kind of support, and when; the grant's own words stay private."""

    list_display = ["pk", "owner", "partner", "kind", "created_at", "revoked_at"]
    list_filter = ["kind"]
    fields = ["owner", "partner", "kind", "expires_at", "weekly_cap", "created_at", "revoked_at"]
    readonly_fields = fields
