from django.contrib import admin

from wellbeing.models import Resource


# Only the host-edited resources are in the admin: contacts, journal entries and WHO-5
# answers are private to their owners, and the host is trusted to run the server, not read them.
@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "phone", "url", "listed", "shipped_default"]
    list_filter = ["kind", "listed", "shipped_default"]
    list_editable = ["listed"]
    search_fields = ["name", "region", "description"]
    ordering = ["position", "name"]
