"""Bad input, everywhere a form is: random and hostile values never cause a 500 or a
partial save; markup typed into any free-text field renders escaped; every
state-changing request needs the CSRF token, HTMX requests included."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkins.forms import AcknowledgementForm
from rituals.forms import PracticeLogForm
from support.forms import BoundaryForm, RequestAnswerForm
from tests.test_access_matrix import ROUTES, client_for, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

# Forms posted to POST-only URLs: (who posts, the form's field names).
POSTED_FORMS = {
    "rituals:log": ("ana", list(PracticeLogForm.base_fields)),
    "checkins:acknowledge": ("bo", list(AcknowledgementForm.base_fields)),
    "support:boundary_add": ("ana", list(BoundaryForm.base_fields)),
    "support:request_answer": ("bo", list(RequestAnswerForm.base_fields)),
    "support:offer_answer": ("ana", ["answer"]),
    "support:coach": ("bo", ["text"]),
    "datarights:delete": ("ana", ["password"]),
    "accounts:two_factor_disable": ("ana", ["password"]),
    "checkins:change_sharing": ("ana", ["share_feeling", "share_note"]),
    "goals:objective_progress": ("ana", ["text"]),
    "goals:activity_progress": ("bo", ["text"]),
    "goals:plan": ("ana", ["objective-text", "objective-shared", "activity-text"]),
    "wellbeing:entry_acknowledge": ("bo", ["kind", "note"]),
}
# Pages whose valid submission would end the session or the couple: fuzzed elsewhere.
NOT_FUZZED = {"couples:leave", "accounts:logout"}

hostile_text = st.one_of(
    st.text(max_size=40),
    # Oversized: a short random piece repeated past every max_length.
    st.text(min_size=1, max_size=8).map(lambda piece: (piece * 700)[:5000]),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "\u202e\u200b",
            "../../etc/passwd",
            "=cmd|' /C calc'!A0",
            "9" * 400,
            "-1",
            "2026-02-30",
            "25:61",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def url_for(name, world):  # noqa: F811
    route = ROUTES[name]
    return reverse(name, kwargs={arg: world[key] for arg, key in route.kwargs.items()})


def form_views(world, people) -> dict[str, tuple[str, list[str]]]:  # noqa: F811
    """Every URL whose page shows a form, with the fields it has, plus the POST-only ones."""
    found = dict(POSTED_FORMS)
    ana = client_for("ana", people)
    for name, route in ROUTES.items():
        if route.post_only or route.public or name in NOT_FUZZED:
            continue
        response = ana.get(url_for(name, world))
        form = (response.context or {}).get("form") if response.status_code == 200 else None
        if form is not None and hasattr(form, "fields"):
            found[name] = ("ana", list(form.fields))
    return found


def snapshot() -> dict[str, list]:
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "rituals",
            "checkins",
            "support",
            "couples",
            "notifications",
            "accounts",
            "goals",
            "wellbeing",
        }
        and model._meta.model_name not in {"sessionrecord"}
    }


def test_hostile_values_in_every_form_never_cause_an_error_or_a_partial_save(world, people):  # noqa: F811
    views = form_views(world, people)
    assert len(views) >= 15, sorted(views)

    for name, (role, fields) in sorted(views.items()):
        fuzz(client_for(role, people), url_for(name, world), name, fields)()


def fuzz(client, url, name, fields):
    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.fixed_dictionaries(dict.fromkeys(fields, hostile_text)))
    def post_hostile(data):
        before = snapshot()
        response = client.post(url, data)
        assert response.status_code < 500, (name, data)
        if response.status_code != 302:
            assert snapshot() == before, f"{name} saved part of an invalid form: {data!r}"

    return post_hostile


PAYLOAD = "<script>alert(1)</script>"
NOT_DISPLAYED = {"email", "time_zone", "token_hash", "session_key", "url", "password", "secret"}


def test_markup_in_every_free_text_field_renders_escaped(world, people):  # noqa: F811
    """Every stored free-text value becomes a script tag; no page may render it raw."""
    filled = 0
    for model in apps.get_models():
        if model._meta.app_label not in {"rituals", "checkins", "support", "couples", "accounts"}:
            continue
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and field.name not in NOT_DISPLAYED
            and (field.max_length or 1000) >= len(PAYLOAD)
        ]
        if text_fields:
            filled += model._default_manager.update(**dict.fromkeys(text_fields, PAYLOAD))
    from notifications.models import Notification

    Notification.objects.update(text=PAYLOAD)
    assert filled > 10

    for role in ["ana", "bo"]:
        client = client_for(role, people)
        for name, route in ROUTES.items():
            if route.post_only or name in NOT_FUZZED:
                continue
            response = client.get(url_for(name, world), follow=True)
            assert response.status_code < 500, (name, role)
            assert PAYLOAD not in response.content.decode(), f"{name} as {role} is not escaped"


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_every_state_changing_request_needs_the_csrf_token(world, people, htmx):  # noqa: F811
    headers = {"HX-Request": "true"} if htmx else {}
    for role in ["ana", "bo"]:
        client = Client(enforce_csrf_checks=True)
        client.force_login(getattr(people, role))
        for name in ROUTES:
            before = snapshot()
            response = client.post(url_for(name, world), {"text": "x"}, headers=headers)
            assert response.status_code == 403, f"POST {name} as {role} passed without a token"
            assert snapshot() == before


def test_a_post_with_the_token_from_the_page_is_accepted(world, people):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.ana)
    page = client.get(reverse("support:home"))
    token = page.context["csrf_token"]

    response = client.post(
        reverse("support:boundary_add"),
        {"kind": "welcome", "text": "walks"},
        headers={"HX-Request": "true", "X-CSRFToken": str(token)},
    )

    assert response.status_code in {200, 302}
