"""Bad input, everywhere a form is: random and hostile values never cause a 500 or a
partial save; markup typed into any free-text field renders escaped; every
state-changing request needs the CSRF token, HTMX requests included."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection, models
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkins.forms import AcknowledgementForm
from core.fields import EncryptedJSONField
from rituals.forms import PracticeLogForm
from support.forms import BoundaryForm, RequestAnswerForm
from tests.factories import PASSWORD
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
    "goals:review_nudge": ("ana", ["wanted"]),
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


SNAPSHOT_APPS = {
    "rituals",
    "checkins",
    "support",
    "couples",
    "notifications",
    "accounts",
    "goals",
    "wellbeing",
}


def snapshot() -> dict[str, list]:
    """Every row of the apps' tables as the database holds it: private words still sealed,
    so "nothing was saved" is checked on what was stored, without opening every value."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label in SNAPSHOT_APPS and model._meta.model_name != "sessionrecord":
                table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
                cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")  # noqa: S608 (our tables)
                rows[model._meta.label] = cursor.fetchall()
    return rows


def test_hostile_values_in_every_form_never_cause_an_error_or_a_partial_save(world, people):  # noqa: F811
    views = form_views(world, people)
    assert len(views) >= 15, sorted(views)

    for name, (role, fields) in sorted(views.items()):
        fuzz(client_for(role, people), url_for(name, world), name, fields)()


# Twelve hostile posts per form in every run; DUET_FUZZ_EXAMPLES=200 fuzzes deeper by hand.
EXAMPLES = int(os.environ.get("DUET_FUZZ_EXAMPLES", "12"))


def fuzz(client, url, name, fields):
    @settings(
        max_examples=EXAMPLES,
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
            and not isinstance(field, EncryptedJSONField)  # structured: filled below
            and (field.max_length or 1000) >= len(PAYLOAD)
        ]
        if text_fields:
            filled += model._default_manager.update(**dict.fromkeys(text_fields, PAYLOAD))
    from notifications.models import Notification

    Notification.objects.update(text=PAYLOAD)
    # A permission's kept limits hold the ritual's title as it was: shown in the history.
    from support.models import GrantEvent

    limits = {"kind": "remind", "ritual": PAYLOAD, "until": "", "cap": 0, "quiet": []}
    assert GrantEvent.objects.update(limits=limits)
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


# Every form and hx- target, found on the pages themselves, with the values that once broke
# them (issue 19): `next` values that aren't paths, days at the edges of the calendar on
# clocks on both sides of UTC, huge texts and control characters.

NEXT_VALUES = ["abc", "0", "\\", "//evil.example", "/\\evil.example", "https://evil.example"]
EDGE_DAYS = ["0001-01-01", "9999-12-31", "2101-01-01"]
EDGE_MOMENTS = ["0001-01-01T00:00", "9999-12-31T23:59", "2101-01-01T00:00"]
HUGE_AND_CONTROL = ["x" * 100_000, "\x1b[31mred\x1b[0m\x00\x07\u0085"]
CHOICES = ["", "999999999"]
# Submitting these would end the session, the couple or the account: fuzzed elsewhere.
SKIPPED_ACTIONS = {
    reverse("accounts:logout"),
    reverse("couples:leave"),
    reverse("datarights:delete"),
    reverse("accounts:two_factor_disable"),
}
# Last, so that what they delete or end is still there for the forms before them.
ENDING_WORDS = ("delete", "retire", "revoke", "withdraw", "cancel", "stop", "step-out", "end")


@dataclass
class FoundForm:
    action: str
    method: str
    htmx: bool
    # name -> (input type, the value the page offers)
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)


class FormFinder(HTMLParser):
    """The forms on a page, with their fields and default values, as a browser would send."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[FoundForm] = []
        self.current: FoundForm | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            hx = attrs.get("hx-post")
            self.current = FoundForm(
                action=hx or attrs.get("action") or self.page_url,
                method=("post" if hx else attrs.get("method", "get").lower()),
                htmx=bool(hx),
            )
            self.forms.append(self.current)
            return
        if self.current is None:
            return
        if attrs.get("hx-post") and not self.current.htmx:
            # A field that posts itself as it is typed (the kind-language coach).
            self.forms.append(
                FoundForm(attrs["hx-post"], "post", True, self.current.fields)  # shares fields
            )
        name = attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if name not in self.current.fields or "checked" in attrs:
                    value = attrs.get("value", "on") if "checked" in attrs else ""
                    self.current.fields[name] = (kind, value)
            elif kind not in {"submit", "button"}:
                self.current.fields[name] = (kind, attrs.get("value", ""))
        elif tag == "select":
            self.select = name
            self.current.fields[name] = ("select", "")
        elif tag == "option" and self.select:
            kind, value = self.current.fields[self.select]
            if not value or "selected" in attrs:
                self.current.fields[self.select] = (kind, attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = name
            self.current.fields[name] = ("textarea", "")

    def handle_data(self, data):
        if self.current is not None and self.textarea:
            self.current.fields[self.textarea] = ("textarea", data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms_on(client, url: str) -> list[FoundForm]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    finder = FormFinder(url)
    finder.feed(response.content.decode())
    return [form for form in finder.forms if form.action.startswith("/")]


def nasty_values(kind: str, name: str, zone: str) -> list[str]:
    if name == "next":
        return NEXT_VALUES
    if kind == "date":
        return EDGE_DAYS
    if kind == "datetime-local":
        return EDGE_MOMENTS
    if zone != "America/Los_Angeles":
        return []  # only days and times depend on the clock: the rest is fuzzed once
    if kind in {"select", "radio", "checkbox", "number", "time"}:
        return CHOICES
    return HUGE_AND_CONTROL


def every_form(world, people) -> dict[tuple[str, str, str, bool], FoundForm]:  # noqa: F811
    """Every form and hx- target on every page, as the person who would see it."""
    found = {}
    pages = [("anonymous", f"{reverse('accounts:login')}?next=/us/")]
    pages += [
        ("anonymous", reverse(name)) for name in ["accounts:signup", "accounts:password_reset"]
    ]
    for name, route in ROUTES.items():
        if not route.post_only and not route.public and name not in NOT_FUZZED:
            pages += [(role, url_for(name, world)) for role in ["ana", "bo"]]
    clients = {role: client_for(role, people) for role in ["anonymous", "ana", "bo"]}
    for role, page in pages:
        for form in forms_on(clients[role], page):
            key = (role, form.method, form.action.split("?")[0], form.htmx)
            if form.action.split("?")[0] not in SKIPPED_ACTIONS:
                found.setdefault(key, form)
    return found


def refused(response) -> bool:
    if response.status_code >= 400:
        return True
    if response.status_code == 200 and response.context is not None:
        contexts = response.context if isinstance(response.context, list) else [response.context]
        values = [value for context in contexts for value in context.flatten().values()]
        return any(
            isinstance(value, BaseForm) and value.is_bound and value.errors for value in values
        )
    return False


@pytest.mark.parametrize(
    ("zone", "partner_zone"),
    [("America/Los_Angeles", "Pacific/Kiritimati"), ("Europe/Moscow", "Pacific/Kiritimati")],
)
def test_every_form_and_hx_target_refuses_the_values_that_once_broke_it(
    world,  # noqa: F811
    people,
    zone,
    partner_zone,
):
    people.ana.time_zone, people.bo.time_zone = zone, partner_zone
    people.ana.save()
    people.bo.save()
    found = every_form(world, people)
    assert len(found) >= 40, sorted(found)

    ordered = sorted(found.items(), key=lambda item: any(w in item[0][2] for w in ENDING_WORDS))
    for (role, method, action, htmx), form in ordered:
        headers = {"HX-Request": "true"} if htmx else {}
        baseline = {name: value for name, (_kind, value) in form.fields.items()}
        if action == reverse("accounts:login"):
            # The right password, so that `next` is followed: a bad one used to lock Ana out.
            baseline.update(username=people.ana.email, password=PASSWORD)
        client = client_for(role, people)
        before = snapshot()
        for name, (kind, _value) in form.fields.items():
            for value in nasty_values(kind, name, zone):
                data = {**baseline, name: value}
                if role == "anonymous":
                    client = Client()  # a fresh visitor: a login must not carry over
                response = getattr(client, method)(form.action, data, headers=headers)
                where = (role, method, action, htmx, name, value[:40])
                assert response.status_code < 500, where
                after = snapshot()
                if refused(response):
                    assert after == before, f"{where} saved part of a refused form"
                before = after

    # Whatever the forms stored, every page still opens for both partners.
    for role in ["ana", "bo"]:
        client = client_for(role, people)
        for name, route in ROUTES.items():
            if not route.post_only and name not in NOT_FUZZED:
                status = client.get(url_for(name, world)).status_code
                # /health/ answers 503 by design once the world's worker heartbeat is stale.
                assert status < 500 or (name == "health" and status == 503), (name, role)
