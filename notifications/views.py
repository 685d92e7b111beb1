from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from core.redirects import safe_next_url
from notifications.catalogue import set_opt_in, wants
from notifications.forms import EmailPreferencesForm, OptInForm
from notifications.models import EmailPreference, Notification
from notifications.services import set_email_kinds


@login_required
def inbox(request):
    notifications = list(
        Notification.objects.owned_by(request.user)
        .select_related("reminder", "actor", "ritual")
        .order_by("-created_at")[:100]
    )
    for notification in notifications:
        # Worded for the person reading (their couple looked up once, not per item).
        notification.recipient = request.user
    return render(
        request,
        "notifications/inbox.html",
        {
            "notifications": notifications,
            "wants_checkin_shared": wants(request.user, Notification.Kind.CHECKIN_SHARED),
        },
    )


def badge(request):
    """The unread count beside "Inbox", polled by HTMX once a minute."""
    if not request.user.is_authenticated:
        # Stop polling: the session ended, the next click will log in.
        return HttpResponseStopPolling()
    return render(request, "notifications/badge.html")


@login_required
@require_POST
def mark_read(request, notification_id: int):
    notification = get_object_or_404(
        Notification.objects.owned_by(request.user), pk=notification_id
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    Notification.objects.owned_by(request.user).unread().update(read_at=timezone.now())
    return redirect("notifications:inbox")


@login_required
def email_preferences(request):
    kinds = EmailPreference.objects.owned_by(request.user).values_list("kind", flat=True)
    form = EmailPreferencesForm(
        request.POST if request.method == "POST" else None, initial={"kinds": list(kinds)}
    )
    if request.method == "POST" and form.is_valid():
        set_email_kinds(request.user, form.cleaned_data["kinds"])
        messages.success(request, "Your email choices are saved.")
        return redirect("notifications:email_preferences")
    return render(
        request,
        "notifications/email_preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def opt_in(request):
    """Ask for (or stop) a kind that only comes when asked for, like "shared tonight's
    check-in"; the person returns to the page they asked from."""
    form = OptInForm(request.POST)
    if not form.is_valid():
        messages.error(request, "I couldn't tell what you'd like, so nothing changed.")
    else:
        wanted = form.cleaned_data["wanted"]
        set_opt_in(request.user, form.cleaned_data["kind"], wanted)
        messages.success(
            request,
            "I'll let you know in your inbox." if wanted else "Understood, I won't tell you.",
        )
    return redirect(safe_next_url(request, default="notifications:inbox"))
