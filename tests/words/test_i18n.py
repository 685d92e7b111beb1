"""My words in the reader's language: defaults translated, one's own words as written."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CheckInFactory, UserFactory, make_couple
from words.models import OwnWord

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading", "calm", "group"),
    [
        ("de", "Meine Wörter", "ruhig", "Ruhig und gelassen"),
        ("es", "Mis palabras", "calma", "Con calma y serenidad"),
    ],
)
def test_my_words_and_the_check_in_read_in_the_persons_language(
    frozen_now, language, heading, calm, group
):
    person = UserFactory(language=language)
    OwnWord.objects.create(owner=person, kind="feeling", key="own_111111", label="kribbelig")
    client = Client()
    client.force_login(person)

    page = client.get(reverse("words:home")).text
    assert heading in page and calm in page and group in page and "kribbelig" in page
    assert "Add a word of your own" not in page

    form = client.get(reverse("checkins:evening")).text
    assert calm in form and "kribbelig" in form


def test_each_reader_sees_defaults_in_their_language_and_own_words_as_written(frozen_now):
    ana, bo = make_couple(UserFactory(language="en"), UserFactory(language="de"))
    OwnWord.objects.create(owner=ana, kind="wish", key="own_222222", label="a cup of tea")
    CheckInFactory(
        owner=ana,
        evening=date(2026, 11, 18),
        feeling_words=["calm", "tired"],
        wish="own_222222",
        share_feeling=True,
        share_wish=True,
    )
    client = Client()
    client.force_login(bo)

    page = client.get(reverse("checkins:partner")).text
    assert "ruhig, müde" in page and "a cup of tea" in page
