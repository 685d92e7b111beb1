"""Logged-in sessions a person can see and end from the settings page.

Django's database session backend holds the sessions; `SessionRecord` adds what a person
needs to recognise one (browser, coarse network, when it began and was last used).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import SessionRecord
from audit.log import client_ip, ip_prefix

# Writing "last seen" on every request would cost a query each time; minutes are enough.
TOUCH_EVERY = timedelta(minutes=5)
SEEN_KEY = "_duet_seen"


def remember(request, user) -> SessionRecord | None:
    """Create or refresh the record of the request's session."""
    if not request.session.session_key:
        request.session.save()
    now = timezone.now()
    record, _ = SessionRecord.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            "ip_prefix": ip_prefix(client_ip(request)),
            "last_seen": now,
        },
    )
    request.session[SEEN_KEY] = now.timestamp()
    return record


def follow_new_key(old_key: str | None, request) -> None:
    """Keep a session's record when Django gives the session a new key."""
    if old_key and old_key != request.session.session_key:
        SessionRecord.objects.filter(session_key=old_key).update(
            session_key=request.session.session_key
        )


def live_sessions(user):
    """The person's records whose Django session still exists and has not expired."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return SessionRecord.objects.filter(user=user, session_key__in=alive)


def end_session(record: SessionRecord) -> None:
    """Log that session out at once: its next request arrives anonymous."""
    Session.objects.filter(session_key=record.session_key).delete()
    record.delete()


def end_other_sessions(user, current_key: str | None) -> int:
    """End every session of the person except the one making the request."""
    records = list(SessionRecord.objects.filter(user=user).exclude(session_key=current_key or ""))
    for record in records:
        end_session(record)
    return len(records)


class SessionActivityMiddleware:
    """Keeps each signed-in session's record present and its "last seen" roughly fresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        key = request.session.session_key if hasattr(request, "session") else None
        request.duet_session_key = key  # as the request came: a login may replace it
        if user is not None and user.is_authenticated and key:
            # The session remembers when its record was last written, so most requests
            # cost no query at all.
            seen = request.session.get(SEEN_KEY, 0)
            if timezone.now().timestamp() - seen > TOUCH_EVERY.total_seconds():
                remember(request, user)
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="sessions_logged_in")
def _record_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        # Someone else logging in on a browser where a person was still logged in: Django
        # has flushed that person's session; their record goes too, with what hangs on it
        # (this browser's push subscription), as if they had logged out.
        before = getattr(request, "duet_session_key", None)
        if before and before != request.session.session_key:
            SessionRecord.objects.filter(session_key=before).exclude(user=user).delete()
        remember(request, user)


@receiver(user_logged_out, dispatch_uid="sessions_logged_out")
def _forget_logout(sender, request, user, **kwargs):
    key = request.session.session_key if request is not None else None
    if key:
        SessionRecord.objects.filter(session_key=key).delete()
