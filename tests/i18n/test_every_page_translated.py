"""Every main page, read in German and in Spanish, shows no English sentence of Duet's.

The pseudo-locale check (test_pseudo_locale.py) proves each string is marked; this one renders
the same pages (its PAGES, the same people and world) for readers of German and of Spanish
and looks for any English sentence of the catalogues (four words or more, translated into
something else) left in what a person reads: a marked string that still comes out English
(a missing or shadowed translation, a sentence worded before the reader's language was known).
"""

from __future__ import annotations

import re

import polib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from tests.factories import UserFactory
from tests.i18n.catalogues import LANGUAGES, project_po_files
from tests.i18n.test_pseudo_locale import PAGES
from tests.i18n.visible import read
from tests.test_access_matrix import world as world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")


def english_sentences(language: str) -> set[str]:
    """The English fragments (between placeholders and tags) of every entry translated into
    something else, four words or more."""
    found = set()
    for path in project_po_files(languages=[language]):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgid or entry.msgid == entry.msgstr:
                continue
            for fragment in PLACEHOLDER.split(entry.msgid):
                fragment = " ".join(fragment.split()).strip(" .,:;·")
                if len(fragment.split()) >= 4:
                    found.add(fragment)
    return found


@pytest.fixture
def readers(world, people, request):
    language = request.param
    fay = User.objects.get(display_name="Fay")
    solo = UserFactory(display_name="Sol")
    User.objects.update(language=language)
    for person in vars(people).values():
        person.refresh_from_db()
    who = {"ana": people.ana, "bo": people.bo, "fay": fay, "solo": solo, "staff": people.staff}
    yield language, who, world
    translation.activate("en")


def english_left(
    language: str, who: dict, world: dict, *, sentences_of: str | None = None
) -> dict[str, list[str]]:
    sentences = english_sentences(sentences_of or language)
    found = {}
    for area_pages in PAGES.values():
        for page in area_pages:
            if page.name.startswith("status:") or "reset" in page.kwargs.values():
                continue
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            if page.who != "anonymous":
                client.force_login(who[page.who])
            url = reverse(page.name, kwargs={arg: world[key] for arg, key in page.kwargs.items()})
            response = client.post(url, page.post) if page.post is not None else client.get(url)
            if response.status_code == 302:
                response = client.get(response["Location"])
            text = " ".join(" ".join(whole.split()) for whole, _outside in read(response.text))
            left = sorted(sentence for sentence in sentences if sentence in text)
            if left:
                found[page.label] = left
    return found


@pytest.mark.parametrize("readers", LANGUAGES, indirect=True)
def test_no_english_sentence_is_left_on_any_page(readers):
    language, who, world = readers
    found = english_left(language, who, world)
    assert not found, f"English left for {language} readers:\n" + "\n".join(
        f"  {page}: {sentences[:5]}" for page, sentences in found.items()
    )


@pytest.mark.parametrize("readers", ["en"], indirect=True)
def test_the_check_finds_english_on_pages_read_in_english(readers):
    """Pages read in English hold the German catalogue's English sentences, page after page:
    the check above would name them."""
    _language, who, world = readers
    found = english_left("en", who, world, sentences_of="de")
    assert len(found) > 40
