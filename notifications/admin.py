from django.contrib import admin

from accounts.admin_safe import MetadataOnlyAdmin
from notifications.models import Delivery, Notification


@admin.register(Notification)
class NotificationAdmin(MetadataOnlyAdmin):
    """Which notifications' emails went out, wait to retry or failed; never their words."""

    list_display = [
        "pk",
        "recipient",
        "kind",
        "created_at",
        "email_status",
        "email_attempts",
        "email_error",
        "email_status_at",
    ]
    list_filter = ["email_status", "kind"]
    list_select_related = ["recipient"]
    fields = list_display[1:]
    readonly_fields = fields


@admin.register(Delivery)
class DeliveryAdmin(MetadataOnlyAdmin):
    """Which push and channel copies went out, wait to retry or failed; never their words."""

    list_display = ["pk", "notification", "status", "attempts", "error", "status_at", "sent_at"]
    list_filter = ["status"]
    fields = list_display[1:]
    readonly_fields = fields
