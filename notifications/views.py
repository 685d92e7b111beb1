from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from core.form_page import form_page, posted
from core.paging import page_number
from core.problem import problem_page
from core.redirects import safe_next_url
from couples import versions
from notifications import services, vapid
from notifications.catalogue import set_opt_in, wants
from notifications.forms import (
    ChannelForm,
    DeviceNameForm,
    OptInForm,
    PreferencesForm,
    PushSubscriptionForm,
)
from notifications.models import Channel, Notification, PushSubscription, QuietHours

INBOX_PAGE = 30


@login_required
def inbox(request):
    """The newest INBOX_PAGE items, and older ones a page away (?page=2, 3, …); a page
    past the oldest shows the oldest, as the journal does. Kept apart from the reader's own
    check-ins and practice notes, which bring nothing to their own inbox: a new item, a
    copy that failed for good and every change of theirs draw it again
    (couples/versions.py)."""
    asked = page_number(request.GET.get("page"))
    notifications, page, older, wants_shared = versions.kept(
        request.user,
        f"notifications:inbox:{asked}",
        lambda: _inbox_page(request.user, asked),
        apart_from_own_notes=True,
    )
    for notification in notifications:
        # Worded for the person reading (their couple looked up once, not per item).
        notification.recipient = request.user
    return render(
        request,
        "notifications/inbox.html",
        {
            "notifications": notifications,
            "newer_page": page - 1 if page > 1 else None,
            "older_page": page + 1 if older else None,
            "wants_checkin_shared": wants_shared,
        },
    )


def _inbox_page(user, page: int) -> tuple[list[Notification], int, bool, bool]:
    """The items of that page (or the last, past it), its number, whether older ones
    follow, and whether the person asked to hear of check-ins shared with them."""
    mine = (
        Notification.objects.owned_by(user)
        .select_related("reminder", "actor", "ritual")
        .with_channel_failures()
        .order_by("-created_at", "-pk")
    )
    notifications = _page_of(mine, page)
    if not notifications and page > 1:
        page = max(1, -(-mine.count() // INBOX_PAGE))
        notifications = _page_of(mine, page)
    older = len(notifications) > INBOX_PAGE  # the extra row only says there is more
    wants_shared = wants(user, Notification.Kind.CHECKIN_SHARED)
    return notifications[:INBOX_PAGE], page, older, wants_shared


def _page_of(notifications, page: int) -> list[Notification]:
    """One page of them, and the first of the next if there is one."""
    start = (page - 1) * INBOX_PAGE
    return list(notifications[start : start + INBOX_PAGE + 1])


def badge(request):
    """The unread count beside "Inbox", polled by HTMX once a minute: counted afresh, not
    the count pages keep (context_processors.inbox_badge), in one query."""
    if not request.user.is_authenticated:
        # Stop polling: the session ended, the next click will log in.
        return HttpResponseStopPolling()
    unread = Notification.objects.owned_by(request.user).unread().count()
    return render(request, "notifications/badge.html", {"unread_notifications": unread})


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
def preferences(request):
    """Per kind: which channels besides the inbox, and which are urgent; quiet hours."""
    quiet = QuietHours.objects.owned_by(request.user).first()
    initial = {
        f"{kind}-{channel}": value
        for kind, setting in services.kind_settings(request.user).items()
        for channel, value in vars(setting).items()
    }
    if quiet:
        initial.update(quiet_starts=quiet.starts, quiet_ends=quiet.ends)
    form = PreferencesForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_kind_settings(
            request.user,
            {kind: services.KindSetting(**values) for kind, values in form.kind_values().items()},
        )
        services.set_quiet_hours(
            request.user, form.cleaned_data["quiet_starts"], form.cleaned_data["quiet_ends"]
        )
        messages.success(request, gettext("Your choices are saved."))
        return redirect("notifications:preferences")
    return form_page(request, "notifications/preferences.html", form)


@login_required
def devices(request):
    """This person's browsers that get push; a POST (from devices.js) adds one."""
    form = PushSubscriptionForm(posted(request))
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method == "POST":
        if not vapid.enabled():
            form.add_error(None, PUSH_OFF)
        elif form.is_valid():
            data = form.cleaned_data
            subscription = services.add_push_subscription(
                request.user,
                data["endpoint"],
                data["p256dh"],
                data["auth"],
                browser=_browser_name(request.headers.get("User-Agent", "")),
                session_key=request.session.session_key or "",
            )
            if wants_json:
                return JsonResponse({"id": subscription.pk}, status=201)
            messages.success(request, gettext("This browser will get notifications now."))
            return redirect("notifications:devices")
        if wants_json:
            problems = [error for errors in form.errors.values() for error in errors]
            return JsonResponse({"error": " ".join(problems)}, status=400)
    return form_page(request, "notifications/devices.html", form, _devices(request))


def _devices(request) -> dict:
    return {
        "subscriptions": PushSubscription.objects.owned_by(request.user).order_by("created_at"),
        "push_enabled": vapid.enabled(),
        "public_key": vapid.public_key() if vapid.enabled() else "",
    }


def _own_subscription(request, subscription_id: int) -> PushSubscription:
    return get_object_or_404(PushSubscription.objects.owned_by(request.user), pk=subscription_id)


@login_required
@require_POST
def device_rename(request, subscription_id: int):
    subscription = _own_subscription(request, subscription_id)
    form = DeviceNameForm(request.POST)
    if not form.is_valid():
        # The devices page, with the reason next to this browser's name.
        context = {"form": PushSubscriptionForm(), "renaming": subscription.pk, "rename": form}
        return render(
            request, "notifications/devices.html", context | _devices(request), status=400
        )
    subscription.name = form.cleaned_data["name"]
    subscription.save(update_fields=["name"])
    messages.success(request, gettext("Renamed to “%(name)s”.") % {"name": subscription.label})
    return redirect("notifications:devices")


@login_required
@require_POST
def device_test(request, subscription_id: int):
    subscription = _own_subscription(request, subscription_id)
    return _send_test(request, services.send_test_push, subscription, subscription.label)


@login_required
@require_POST
def device_remove(request, subscription_id: int):
    subscription = _own_subscription(request, subscription_id)
    return _remove(request, subscription, subscription.label)


@login_required
def channel_list(request):
    """This person's other channels (Apprise URLs); a POST adds one."""
    form = ChannelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        Channel.objects.create(owner=request.user, **form.cleaned_data)
        messages.success(
            request,
            gettext("“%(name)s” is added. Would you like to send a test?")
            % {"name": form.cleaned_data["name"]},
        )
        return redirect("notifications:channels")
    context = {"channels": Channel.objects.owned_by(request.user).order_by("created_at")}
    return form_page(request, "notifications/channels.html", form, context)


def _own_channel(request, channel_id: int) -> Channel:
    return get_object_or_404(Channel.objects.owned_by(request.user), pk=channel_id)


@login_required
@require_POST
def channel_test(request, channel_id: int):
    channel = _own_channel(request, channel_id)
    return _send_test(request, services.send_test_message, channel, channel.name)


@login_required
@require_POST
def channel_remove(request, channel_id: int):
    channel = _own_channel(request, channel_id)
    return _remove(request, channel, channel.name)


def _back_to(target) -> str:
    """The page that lists a push subscription or a channel."""
    if isinstance(target, PushSubscription):
        return "notifications:devices"
    return "notifications:channels"


def _send_test(request, send, target, label: str):
    """Send a test to one of the person's devices or channels and say how it went."""
    try:
        send(target)
    except services.ChannelError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("I sent a test to “%(name)s”.") % {"name": label})
    return redirect(_back_to(target))


def _remove(request, target, label: str):
    back = _back_to(target)
    target.delete()
    messages.success(
        request, gettext("“%(name)s” won't get notifications any more.") % {"name": label}
    )
    return redirect(back)


@login_required
@require_POST
def opt_in(request):
    """Ask for (or stop) a kind that only comes when asked for, like "shared tonight's
    check-in"; the person returns to the page they asked from."""
    form = OptInForm(request.POST)
    back = safe_next_url(request, default=reverse("notifications:inbox"))
    if not form.is_valid():
        return problem_page(
            request,
            gettext("I couldn't tell what you'd like, so nothing changed."),
            heading=gettext("Nothing changed"),
            title=gettext("Notifications"),
            back_url=back,
            back_label=gettext("Go back"),
        )
    wanted = form.cleaned_data["wanted"]
    set_opt_in(request.user, form.cleaned_data["kind"], wanted)
    messages.success(
        request,
        gettext("I'll let you know in your inbox.")
        if wanted
        else gettext("Understood, I won't tell you."),
    )
    return redirect(back)


PUSH_OFF = gettext_lazy("Push isn't set up on this server yet; the host can turn it on.")
BROWSERS = ("Edg", "Firefox", "Chrome", "Safari")
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS", gettext_lazy("a Mac")),
    ("Linux", "Linux"),
)


def _browser_name(user_agent: str) -> str:
    """ "Firefox on Android": enough to tell one's devices apart, no version or build.

    Kept as worded in the language of the person adding it (it is their own device's name)."""
    browser = next((name for name in BROWSERS if name in user_agent), None)
    system = next((label for token, label in SYSTEMS if token in user_agent), "")
    browser = "Edge" if browser == "Edg" else browser
    if browser is None:
        return gettext("A browser")
    if system:
        # Translators: a device's name, e.g. "Firefox on Android".
        return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser
