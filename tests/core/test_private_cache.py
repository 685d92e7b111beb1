"""Signed-in pages are never stored by browsers or shared caches; partials vary on HX-Request."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    "rituals:today",
    "wellbeing:journal",
    "checkins:partner",
    "notifications:inbox",
    "datarights:my_data",
    "accounts:sessions",
]


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages_are_private_and_not_stored(client, couple, name):
    client.force_login(couple[0])

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_redirects_and_404s_to_a_signed_in_person_are_not_stored_either(client, user):
    client.force_login(user)

    assert client.get(reverse("couples:leave"))["Cache-Control"] == "private, no-store"
    assert client.get("/no-such-page/")["Cache-Control"] == "private, no-store"


def test_logging_in_and_out_answers_are_not_stored(client, user):
    from tests.factories import PASSWORD

    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    assert client.post(reverse("accounts:logout"))["Cache-Control"] == "private, no-store"


def test_public_pages_for_visitors_keep_their_own_caching(client):
    response = client.get(reverse("wellbeing:resources"))

    assert "no-store" not in response.get("Cache-Control", "")


def test_static_files_are_untouched_for_a_signed_in_person(settings, user):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()  # its middleware (WhiteNoise's included) is built with these settings
    client.force_login(user)

    response = client.get("/static/js/duet.js")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_journal_and_its_htmx_partial_both_vary_on_hx_request(client, user):
    client.force_login(user)
    url = reverse("wellbeing:journal")

    page = client.get(url)
    partial = client.get(url, {"q": "walk"}, headers={"HX-Request": "true"})

    assert "<html" in page.content.decode() and "<html" not in partial.content.decode()
    for response in (page, partial):
        assert "HX-Request" in response["Vary"]
        assert "Cookie" in response["Vary"]


def test_a_page_that_never_reads_htmx_does_not_vary_on_it(client, user):
    client.force_login(user)

    assert "HX-Request" not in client.get(reverse("accounts:sessions")).get("Vary", "")
