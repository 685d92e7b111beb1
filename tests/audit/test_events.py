import pytest
from django.urls import reverse

from audit.models import AuditEvent
from support import services
from support.models import SupportGrant
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def kinds(user=None):
    events = AuditEvent.objects.all() if user is None else AuditEvent.objects.filter(user=user)
    return list(events.order_by("at", "pk").values_list("kind", flat=True))


def test_logins_failures_and_password_changes_are_recorded(client, user):
    client.post(reverse("accounts:login"), {"username": user.email, "password": "nope"})
    client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )

    assert kinds(user) == ["login_failed", "login", "password_changed"]
    login = AuditEvent.objects.get(kind="login")
    assert login.ip_prefix == "203.0.113.0/24"


def test_a_failed_login_for_an_unknown_address_stores_no_typed_text(client, db):
    client.post(
        reverse("accounts:login"), {"username": "typo-secret@example.org", "password": "pw"}
    )

    event = AuditEvent.objects.get()
    assert event.user is None
    assert "typo-secret" not in f"{event.detail}{event.ip_prefix}"


def test_grant_changes_are_recorded_without_their_text(couple):
    ana, _bo = couple
    grant = services.grant_support(SupportGrant(kind="accompany", phrasing="phrase-secret"), ana)
    grant.weekly_cap = 2
    services.change_grant(grant)
    services.revoke_grant(grant, why="why-secret")

    assert kinds(ana) == ["grant_given", "grant_changed", "grant_revoked"]
    stored = " ".join(AuditEvent.objects.values_list("detail", flat=True))
    assert "secret" not in stored
    assert f"grant #{grant.pk}" in stored
