"""Past the locale middleware, `request.user` is the person themselves, not auth's lazy
stand-in: pages hand it to many helpers, and each read through the stand-in costs more."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_persons_pages_get_the_person_themselves(client):
    person = UserFactory()
    client.force_login(person)

    response = client.get(reverse("rituals:today"))

    assert response.status_code == 200
    assert type(response.wsgi_request.user) is User
    assert response.wsgi_request.user == person


def test_a_visitor_is_anonymous_as_before(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert type(response.wsgi_request.user) is AnonymousUser
