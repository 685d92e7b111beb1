from django.contrib import admin

from accounts.admin_safe import MetadataOnlyAdmin
from rituals.models import Ritual


@admin.register(Ritual)
class RitualAdmin(MetadataOnlyAdmin):
    """Enough for a host to answer "does this account have data?"; never what it says."""

    list_display = ["pk", "owner", "status", "visibility", "started_on"]
    list_filter = ["status", "visibility"]
    fields = ["owner", "status", "visibility", "started_on"]
    readonly_fields = fields
