"""What every form does with what people type (core.forms.CarefulForm): control characters
never reach the database, every text has a length limit checked on the server, and every
form in Duet gets both."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user
from django.urls import reverse

from accounts.models import User
from core.forms import CarefulForm
from rituals.models import Ritual
from tests.factories import PASSWORD, UserFactory
from wellbeing.models import JournalEntry

pytestmark = pytest.mark.django_db

ANSI_RED = "\x1b[31m"


def duet_forms() -> list[type[forms.BaseForm]]:
    found = []
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)) or "site-packages" in config.path:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        found += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
        ]
    return found


def test_every_form_in_duet_is_careful_with_what_people_type():
    found = duet_forms()

    assert len(found) > 25
    assert [cls.__name__ for cls in found if not issubclass(cls, CarefulForm)] == []


def test_a_huge_username_on_the_login_form_gets_a_clear_message(client):
    UserFactory(email="ana@example.org")

    response = client.post(
        reverse("accounts:login"), {"username": "a" * 100_000, "password": PASSWORD}
    )

    assert response.status_code < 500
    assert "Ensure this value has at most 254 characters" in response.text
    assert not get_user(client).is_authenticated


def test_a_huge_password_on_the_login_form_gets_a_clear_message(client):
    UserFactory(email="ana@example.org")

    response = client.post(
        reverse("accounts:login"), {"username": "ana@example.org", "password": "p" * 100_000}
    )

    assert response.status_code < 500
    assert "Ensure this value has at most 1000 characters" in response.text
    assert not get_user(client).is_authenticated


def test_sign_up_strips_control_characters_from_the_display_name(client):
    client.post(
        reverse("accounts:signup"),
        {
            "display_name": f"{ANSI_RED}Ana\x07\x00\u0085",
            "email": "ana@example.org",
            "pronouns": "she\x1b[0m/her",
            "time_zone": "UTC",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    person = User.objects.get()
    assert (person.display_name, person.pronouns) == ("[31mAna", "she[0m/her")


def test_a_display_name_of_only_control_characters_is_refused(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "\x1b\x07", "time_zone": "UTC", "evening_time": "21:00", "language": "en"},
    )

    assert response.status_code < 500
    assert "This field is required" in response.text
    user.refresh_from_db()
    assert user.display_name == "Ana"


def test_the_partner_sees_a_name_without_escapes(client, couple):
    ana, bo = couple
    client.force_login(ana)
    client.post(
        reverse("accounts:profile"),
        {
            "display_name": f"Ana{ANSI_RED}",
            "time_zone": "UTC",
            "evening_time": "21:00",
            "language": "en",
        },
    )

    client.force_login(bo)
    page = client.get(reverse("couples:home")).text

    assert "Ana[31m" in page and "\x1b" not in page


def test_short_texts_lose_control_characters_and_long_texts_keep_their_lines(client, user):
    client.force_login(user)

    client.post(
        reverse("rituals:create"),
        {
            "title": f"Morning{ANSI_RED} pages\n\t",
            "category": "journaling",
            "intention": "to hear\x00 myself\nthink",
            "schedule_kind": "daily",
            "anchor": "morning",
            "visibility": "private",
        },
    )
    client.post(reverse("wellbeing:entry_create"), {"title": "Day\x1b", "body": "one\r\n\ttwo\x00"})

    ritual = Ritual.objects.get()
    assert ritual.title == "Morning[31m pages"
    entry = JournalEntry.objects.get()
    assert (entry.title, entry.body) == ("Day", "one\r\n\ttwo")
