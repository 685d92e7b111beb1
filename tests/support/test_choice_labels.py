"""Choices name rituals and permissions in words, set by the form, not by `__str__`."""

import pytest
from django.urls import reverse

from support import services
from support.models import SupportGrant
from tests.factories import RitualFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(people):
    return RitualFactory(owner=people.ana, visibility="exists", title="Evening walk")


def test_the_grant_form_names_the_shared_rituals(client, people, walk):
    client.force_login(people.ana)

    text = client.get(reverse("support:grant_create")).text

    assert f'<option value="{walk.pk}">Evening walk</option>' in text
    assert f"Ritual #{walk.pk}" not in text


def test_the_partners_forms_name_the_permission_and_the_ritual(client, people, walk):
    remind = services.grant_support(SupportGrant(kind="remind", ritual=walk), owner=people.ana)
    accompany = services.grant_support(SupportGrant(kind="accompany"), owner=people.ana)
    client.force_login(people.bo)

    reminder_form = client.get(reverse("support:reminder_create")).text
    offer_form = client.get(reverse("support:offer_create")).text

    assert f'value="{remind.pk}-{walk.pk}"' in reminder_form
    assert "Evening walk</label>" in reminder_form
    assert f'<option value="{accompany.pk}">Accompany Ana</option>' in offer_form
    assert "grant #" not in reminder_form + offer_form
