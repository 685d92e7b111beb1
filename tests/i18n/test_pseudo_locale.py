"""CI's check that every string a person reads is marked for translation.

A pseudo-locale is built at test time from all the project's German catalogues (and
Django's own): every msgid answers its English text inside "⟦…⟧". Every main page of Duet
is then rendered in it for Ana (who has a partner, Bo, and a realistic life: the access
matrix's world), for Bo, for someone waiting for a partner and someone on their own, and for
anonymous visitors; any readable text or read-aloud attribute left outside the markers,
once what people typed is taken out, was never marked. The failure lists each such text by
page.

PAGES is explicit; `test_every_page_is_listed` fails when a URL that answers a GET is in
neither PAGES nor NOT_PAGES (with its reason), so a new page can't be forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from tests.factories import UserFactory
from tests.i18n.catalogues import PSEUDO, build_pseudo_locale, wrap
from tests.i18n.visible import unmarked
from tests.test_access_matrix import MARKERS, ROUTES
from tests.test_access_matrix import world as world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    name: str  # URL name, or "status:404" for an error page
    who: str = "ana"  # anonymous, ana, bo, fay (waiting for a partner), solo, staff
    kwargs: dict[str, str] = field(default_factory=dict)  # URL argument → world key
    post: dict | None = None  # posted (a form with its errors), else a GET

    @property
    def label(self) -> str:
        return f"{self.name} as {self.who}" + (" (posted)" if self.post is not None else "")


def pages(*entries) -> list[Page]:
    return [Page(*entry) if isinstance(entry, tuple) else Page(entry) for entry in entries]


# Every main page, by area (the app whose helper marks it).
PAGES: dict[str, list[Page]] = {
    "core": pages(
        ("home", "anonymous"),
        ("accounts:login", "anonymous"),
        ("accounts:login", "anonymous", {}, {"username": "nobody@example.org", "password": "x"}),
        ("accounts:password_reset", "anonymous"),
        ("accounts:password_reset_done", "anonymous"),
        ("accounts:password_reset_confirm", "anonymous", {"uidb64": "uid", "token": "reset"}),
        ("accounts:password_reset_complete", "anonymous"),
        ("accounts:password_change", "ana"),
        ("accounts:password_change_done", "ana"),
        ("pwa:offline", "anonymous"),
        ("status:404", "anonymous"),
        ("status:404", "ana"),
        ("status:500", "anonymous"),
        ("status:503", "anonymous"),
    ),
    "accounts": pages(
        ("accounts:signup", "anonymous"),
        ("accounts:signup", "anonymous", {}, {}),
        ("accounts:signup_sent", "anonymous"),
        ("accounts:signup_invite", "anonymous", {"token": "signup_invite"}),
        ("accounts:login_code", "anonymous"),
        "accounts:profile",
        "words:home",
        "accounts:sessions",
        "accounts:two_factor",
    ),
    "rituals": pages(
        "rituals:today",
        ("rituals:today", "bo"),
        ("rituals:today", "solo"),
        "rituals:list",
        "rituals:create",
        ("rituals:create", "ana", {}, {}),
        ("rituals:detail", "ana", {"ritual_id": "ritual"}),
        ("rituals:edit", "ana", {"ritual_id": "ritual"}),
        ("rituals:pause", "ana", {"ritual_id": "ritual"}),
        ("rituals:reflect", "ana", {"ritual_id": "ritual"}),
        "rituals:propose_joint",
        "rituals:calendar",
    ),
    "checkins": pages(
        "checkins:evening",
        ("checkins:edit", "ana", {"evening": "evening"}),
        "checkins:history",
        "checkins:partner",
        ("checkins:partner", "bo"),
        "checkins:patterns",
        "checkins:sharing",
        "checkins:support",
    ),
    "goals": pages(
        "goals:current",
        ("goals:month", "ana", {"month_key": "month"}),
        ("goals:plan", "ana", {"month_key": "month"}),
        ("goals:review", "ana", {"month_key": "month"}),
        ("goals:our_month", "ana", {"month_key": "month"}),
        ("goals:month", "bo", {"month_key": "month"}),
        "goals:appreciation",
        "goals:win",
    ),
    "couples": pages(
        "couples:home",
        ("couples:home", "bo"),
        ("couples:home", "fay"),
        ("couples:home", "solo"),
        ("couples:join", "anonymous", {"token": "join_token"}),
        ("couples:join", "solo", {"token": "join_token"}),
        "couples:leave",
        "couples:vision",
        "couples:vision_history",
    ),
    "support": pages(
        "support:home",
        ("support:home", "bo"),
        "support:grant_create",
        ("support:grant_edit", "ana", {"grant_id": "grant"}),
        "support:history",
        ("support:offer_create", "bo"),
        ("support:reminder_create", "bo"),
        "support:request_create",
    ),
    "notifications": pages(
        "notifications:inbox",
        ("notifications:inbox", "bo"),
        "notifications:preferences",
        "notifications:email_preferences",
        "notifications:devices",
        "notifications:channels",
    ),
    "wellbeing": pages(
        ("wellbeing:resources", "anonymous"),
        "wellbeing:resources",
        "wellbeing:home",
        "wellbeing:network",
        ("wellbeing:contact_edit", "ana", {"contact_id": "contact"}),
        "wellbeing:journal",
        "wellbeing:entry_create",
        ("wellbeing:entry_edit", "ana", {"entry_id": "entry"}),
        ("wellbeing:revisit", "bo"),
        "wellbeing:who5",
    ),
    "datarights": pages("datarights:my_data"),
    "moving": pages(
        "moving:home",
        ("moving:run", "ana", {"run_id": "import_run"}),
        ("moving:daylio_map", "ana", {"run_id": "daylio_run"}),
    ),
}
# URLs that answer a GET but are no page to read, each with its reason.
NOT_PAGES = {
    "health": "JSON for load balancers",
    "pwa:manifest": "JSON; its texts are checked in test_the_manifest_is_marked",
    "pwa:service_worker": "JavaScript without text",
    "admin_login": "Django's admin login, translated by Django",
    "admin_dashboard": "the host's admin page: its own texts are marked, the admin around it "
    "lists model names and health check keys, which may stay English (README, 'Languages')",
    "accounts:signup_confirm": "a spent link: the 404 page (status:404)",
    "accounts:oidc_login": "404 while single sign-on is off",
    "accounts:oidc_callback": "404 while single sign-on is off",
    "accounts:oidc_confirm": "404 while single sign-on is off",
    "notifications:badge": "a number polled by HTMX",
    "notifications:email_redirect": "a redirect",
    "rituals:calendar_feed": "an iCalendar feed (404 once revoked)",
}

# What people typed in the world (tests/test_access_matrix.py), which no catalogue holds.
ENTERED = [
    "Evening walk", "Stretching", "Morning stretch", "Sunday tea", "see you", "now?",
    "Sunday walk together", "Brought to revisit", "shown to Bo", "tonight?", "a hug",
    "walks", "note-secret-xyz", "secret intention", "grateful", "Ritual", "an export",
    "Person",
    # Organisations' own names, in the resources Duet ships.
    "Find A Helpline", "Befrienders Worldwide",
]  # fmt: skip


def _names() -> list[str]:
    return [person.display_name for person in User.objects.all()] + [
        person.email for person in User.objects.all()
    ]


@pytest.fixture
def pseudo(settings, tmp_path):
    """The pseudo-locale, active for everyone: signed-in people and anonymous visitors."""
    build_pseudo_locale(tmp_path / "pseudo")
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path / "pseudo"]
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO, "Pseudo")]
    settings.LANGUAGE_CODE = PSEUDO
    User.objects.update(language=PSEUDO)
    yield PSEUDO
    translation.activate("en")


@pytest.fixture
def people(people, pseudo):
    """The access matrix's people, reading the pseudo-locale before the world is built, so
    what is written for them as it happens (notifications) is in their language too."""
    User.objects.update(language=PSEUDO)
    for person in vars(people).values():
        person.refresh_from_db()
    return people


@pytest.fixture
def visitors(world, people, pseudo):
    fay = User.objects.get(display_name="Fay")
    solo = UserFactory(display_name="Sol")
    User.objects.update(language=PSEUDO)
    who = {"ana": people.ana, "bo": people.bo, "fay": fay, "solo": solo, "staff": people.staff}
    world = {**world, "reset": default_token_generator.make_token(people.ana)}
    return who, world


def render(page: Page, who: dict, world: dict) -> tuple[int, str]:
    if page.name in {"status:500", "status:503"}:
        # Rendered without a request, as core/outage.py does while the database is down.
        with translation.override(PSEUDO):
            return 200, render_to_string(f"{page.name.split(':')[1]}.html")
    client = Client(HTTP_ACCEPT_LANGUAGE=PSEUDO)
    if page.who != "anonymous":
        client.force_login(who[page.who])
    if page.name == "status:404":
        url = "/no-such-page-here/"
    else:
        url = reverse(page.name, kwargs={arg: world[key] for arg, key in page.kwargs.items()})
    response = client.post(url, page.post) if page.post is not None else client.get(url)
    if response.status_code == 302:
        response = client.get(response["Location"])
    return response.status_code, response.content.decode()


def unmarked_by_page(area_pages: list[Page], who: dict, world: dict) -> dict[str, list[str]]:
    entered = ENTERED + MARKERS + _names() + [str(value) for value in world.values()]
    found = {}
    for page in area_pages:
        status, html = render(page, who, world)
        assert status < 500 or page.name.startswith("status:"), f"{page.label}: {status}"
        left = unmarked(html, entered)
        if left:
            found[page.label] = left
    return found


def report(found: dict[str, list[str]]) -> str:
    lines = []
    for page, texts in found.items():
        lines.append(f"{page}:")
        lines += [f"    {text}" for text in dict.fromkeys(texts)]
    return "\n".join(lines)


@pytest.mark.parametrize("area", sorted(PAGES))
def test_every_readable_string_is_marked(area, visitors):
    who, world = visitors
    found = unmarked_by_page(PAGES[area], who, world)
    assert not found, "Text not marked for translation (outside ⟦…⟧):\n" + report(found)


def test_every_page_is_listed():
    listed = {page.name for area in PAGES.values() for page in area}
    gets = {name for name, route in ROUTES.items() if not route.post_only}
    forgotten = sorted(gets - listed - set(NOT_PAGES))
    assert not forgotten, f"Add these pages to PAGES (or NOT_PAGES, with a reason): {forgotten}"
    assert not (set(NOT_PAGES) & listed)


def test_the_manifest_is_marked(visitors):
    who, _world = visitors
    client = Client()
    client.force_login(who["ana"])
    manifest = client.get(reverse("pwa:manifest")).json()
    assert manifest["lang"] == PSEUDO
    assert manifest["description"].startswith("⟦")
    assert all(shortcut["name"].startswith("⟦") for shortcut in manifest["shortcuts"])


# The check itself: it finds an unmarked string, and passes a marked one.


def test_the_check_catches_an_unmarked_template(settings, tmp_path, visitors):
    who, world = visitors
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "404.html").write_text(
        '{% extends "base.html" %}{% load i18n %}{% block content %}'
        '<h1>{% translate "Not found" %}</h1><p>A sentence nobody marked.</p>'
        '<button aria-label="Close this">×</button>{% endblock %}'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    found = unmarked_by_page([Page("status:404", "anonymous")], who, world)
    assert found == {"status:404 as anonymous": ["A sentence nobody marked.", "Close this"]}


def test_the_check_reads_markers_across_links_and_leaves_typed_words():
    html = (
        "<p>" + wrap('Start again from <a href="/">the beginning</a>?') + "</p>"
        "<h2>Evening walk</h2><p>Ana · 18</p><textarea>my own words</textarea>"
        '<img alt="A photo" src="x.png"><span title="' + wrap("Close") + '">x</span>'
    )
    # The typed words go; the link inside a marked sentence counts as marked; the alt text
    # nobody marked is found.
    assert unmarked(html, ["Evening walk", "Ana"]) == ["A photo"]


# The shared layout, error pages and the pages of core and pwa (i18n-core's own), checked on
# their own: the two pieces of other apps they include (the inbox badge, the list of
# resources) are stood in for by empty templates, so this passes or fails on these alone.
SHARED_PAGES = pages(
    ("home", "anonymous"),
    ("accounts:password_reset_done", "anonymous"),
    ("accounts:password_reset_complete", "anonymous"),
    ("accounts:password_change_done", "ana"),
    ("pwa:offline", "anonymous"),
    ("status:404", "anonymous"),
    ("status:404", "ana"),
    ("status:404", "bo"),
    ("status:500", "anonymous"),
    ("status:503", "anonymous"),
)


def test_the_shared_layout_and_error_pages_are_marked(settings, tmp_path, visitors):
    who, world = visitors
    folder = tmp_path / "stand-ins"
    for name in ("notifications/badge.html", "wellbeing/resource_list.html"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    found = unmarked_by_page(SHARED_PAGES, who, world)
    assert not found, "Text not marked for translation (outside ⟦…⟧):\n" + report(found)
