"""The host runs the server but never reads private entries, in the admin site included."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from support import services as support
from support.models import SupportGrant
from tests.factories import CheckInFactory, RitualFactory

pytestmark = pytest.mark.django_db

# Free text an admin may show: names, addresses and security bookkeeping, never content.
# A new TextField or free CharField is private until it is listed here, with thought.
NOT_PRIVATE = {
    "accounts.User.email",
    "accounts.User.display_name",
    "accounts.User.pronouns",
    "accounts.User.time_zone",
    "accounts.User.password",
    "accounts.SessionRecord.user_agent",
    "accounts.SessionRecord.ip_prefix",
    "accounts.SessionRecord.session_key",
    # The address the host typed when inviting someone to sign up (accounts/invites.py).
    "accounts.SignupInvitation.email",
    "audit.AuditEvent.detail",
    "audit.AuditEvent.ip_prefix",
    # An SMTP code or an error's class name (notifications/delivery.py), never its message.
    "notifications.Notification.email_error",
    # The same for push and Apprise copies: a status code or a fixed reason, no URL.
    "notifications.Delivery.error",
    "auth.Group.name",
    "auth.Permission.name",
    "auth.Permission.codename",
    # The host's own directory of professional and crisis services: public by design.
    "wellbeing.Resource.name",
    "wellbeing.Resource.description",
    "wellbeing.Resource.hours",
    "wellbeing.Resource.phone",
    "wellbeing.Resource.region",
    "wellbeing.Resource.url",
}


def free_text_fields(model) -> set[str]:
    names = set()
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.is_relation:
            continue
        free_char = isinstance(field, models.CharField) and not field.choices
        label = f"{model._meta.label}.{field.name}"
        is_text = isinstance(field, models.TextField | models.JSONField) or free_char
        if is_text and label not in NOT_PRIVATE:
            names.add(field.name)
    return names


def shown(model_admin, request) -> set[str]:
    names = set(model_admin.get_fields(request))
    names |= {name for name in model_admin.get_list_display(request) if isinstance(name, str)}
    names |= {name.lstrip("^=@").split("__")[0] for name in model_admin.get_search_fields(request)}
    names |= set(model_admin.get_readonly_fields(request))
    return names


def test_no_admin_shows_private_free_text(people):
    request = RequestFactory().get("/admin/")
    request.user = people.staff
    leaks = []
    for model, model_admin in admin.site._registry.items():
        leaks += [
            f"{model._meta.label}.{name}"
            for name in shown(model_admin, request) & free_text_fields(model)
        ]
        for inline in model_admin.get_inline_instances(request):
            leaks += [
                f"{inline.model._meta.label}.{name}"
                for name in set(inline.get_fields(request)) & free_text_fields(inline.model)
            ]
    assert not leaks, f"Private free text visible in the admin: {sorted(leaks)}"


def test_private_models_stay_out_of_the_admin_or_hide_their_text():
    private = {model for model in apps.get_models() if free_text_fields(model)}
    for model in private & set(admin.site._registry):
        model_admin = admin.site._registry[model]
        assert model_admin.fields is not None or model_admin.fieldsets is not None, (
            f"{model._meta.label}'s admin must list its fields explicitly"
        )


def test_staff_pages_in_the_admin_never_contain_private_markers(client, people):
    ritual = RitualFactory(owner=people.ana, title="title-secret", intention="intention-secret")
    CheckInFactory(owner=people.ana, note="note-secret")
    support.grant_support(
        SupportGrant(kind="remind", ritual=ritual, phrasing="phrasing-secret"), owner=people.ana
    )
    client.force_login(people.staff)
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
    # Django titles change and history pages with str(row): for private rows they are closed.
    for name in ["change", "history", "delete"]:
        closed = client.get(reverse(f"admin:rituals_ritual_{name}", args=[ritual.pk]))
        assert closed.status_code in {302, 403}
        assert "title-secret" not in closed.content.decode()
    pages.append(reverse("admin:accounts_user_change", args=[people.ana.pk]))

    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        for secret in ["title-secret", "intention-secret", "note-secret", "phrasing-secret"]:
            assert secret not in body, (page, secret)
