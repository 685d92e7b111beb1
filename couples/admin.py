from django.contrib import admin

from couples.models import Couple, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "seat", "joined_at", "left_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "ended_at"]
    inlines = [MembershipInline]
    # Couples form and end only through the app, which keeps memberships consistent.
    readonly_fields = ["created_at", "ended_at"]

    def has_add_permission(self, request):
        return False
