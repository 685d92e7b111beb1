"""A `next` value only ever leads to a page on this site: anything else falls back to the
default page, and never breaks the login, sign-up or answer it came with."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from accounts.models import User
from checkins.models import Acknowledgement
from tests.factories import PASSWORD, CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db

UNSAFE_NEXT = [
    "abc",
    "0",
    "\\",
    "//evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    "/\t/evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    " /us/",
]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_login_with_an_unsafe_next_logs_in_and_goes_home(client, target):
    user = UserFactory(email="ana@example.org")

    response = client.post(
        reverse("accounts:login"),
        {"username": "ana@example.org", "password": PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert get_user(client) == user


def test_login_follows_a_path_on_this_site(client):
    UserFactory(email="ana@example.org")

    response = client.post(
        reverse("accounts:login") + "?next=/us/%3Fa=1",
        {"username": "ana@example.org", "password": PASSWORD},
    )

    assert response["Location"] == "/us/?a=1"


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_signup_with_an_unsafe_next_goes_home(client, mailoutbox, target):
    client.post(
        reverse("accounts:signup"),
        {
            "display_name": "Ana",
            "email": "ana@example.org",
            "time_zone": "UTC",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": target,
        },
    )
    # Sign-up finishes through the emailed link, which carries `next` along.
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", mailoutbox[0].body)[1]
    response = client.post(link, {"next": target})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert User.objects.count() == 1


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_the_login_page_never_links_an_unsafe_next(client, target):
    page = client.get(reverse("accounts:login"), {"next": target})

    assert page.status_code == 200
    assert "evil" not in page.text
    assert 'name="next"' not in page.text


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_answering_a_check_in_with_an_unsafe_next_goes_to_the_partner_page(
    client, people, frozen_now, target
):
    checkin = CheckInFactory(owner=people.ana, evening=date(2026, 11, 18), share_feeling=True)
    client.force_login(people.bo)

    response = client.post(
        reverse("checkins:acknowledge", args=[checkin.pk]), {"kind": "warmth", "next": target}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("checkins:partner")
    assert Acknowledgement.objects.filter(checkin=checkin).count() == 1
