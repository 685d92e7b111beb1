from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from notifications.models import Notification


@login_required
def inbox(request):
    notifications = (
        Notification.objects.for_recipient(request.user)
        .select_related("reminder")
        .order_by("-created_at")[:100]
    )
    return render(request, "notifications/inbox.html", {"notifications": notifications})


@login_required
@require_POST
def mark_read(request, notification_id: int):
    notification = get_object_or_404(
        Notification.objects.for_recipient(request.user), pk=notification_id
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    Notification.objects.for_recipient(request.user).unread().update(read_at=timezone.now())
    return redirect("notifications:inbox")
