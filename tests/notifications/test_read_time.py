"""Inbox items, emails and exports say what the recipient may see when they read them.

A notification refers to what it is about and is worded at read (or send) time through
the privacy rule, so un-sharing a ritual takes its title out of the partner's inbox, out of
an email not yet sent, and out of the partner's export.
"""

import io
import zipfile

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.services import set_email_kinds
from support.models import SupportGrant
from tests.factories import RitualFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def browser(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def export_text(client) -> str:
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("datarights:export")).content))
    return "\n".join(archive.read(name).decode() for name in archive.namelist())


def make_private(client, ritual) -> None:
    data = {
        "title": ritual.title,
        "category": ritual.category,
        "schedule_kind": ritual.schedule_kind,
        "anchor": ritual.anchor,
        "visibility": "private",
        "reason": "other",  # the factory's plan differs a little from the form's
    }
    response = client.post(reverse("rituals:edit", args=[ritual.pk]), data)
    assert response.status_code == 302
    ritual.refresh_from_db()
    assert ritual.visibility == "private"


@pytest.fixture
def pages(couple):
    ana, _bo = couple
    return RitualFactory(owner=ana, title="Morning pages", visibility="exists")


def test_the_partners_inbox_shows_a_granted_ritual_only_while_it_is_shared(couple, pages):
    ana, bo = couple
    ana_client, bo_client = browser(ana), browser(bo)
    ana_client.post(reverse("support:grant_create"), {"kind": "remind", "ritual": pages.pk})
    inbox = bo_client.get(reverse("notifications:inbox")).text
    assert "Ana welcomes you to remind them, for “Morning pages”." in inbox

    make_private(ana_client, pages)

    inbox = bo_client.get(reverse("notifications:inbox")).text
    assert "Morning pages" not in inbox
    assert "Ana welcomes you to remind them" in inbox
    assert "Morning pages" not in export_text(bo_client)


def test_an_email_not_yet_sent_is_worded_when_it_is_sent(couple, pages):
    ana, bo = couple
    set_email_kinds(bo, ["grant_revoked"])
    ana_client = browser(ana)
    ana_client.post(reverse("support:grant_create"), {"kind": "remind", "ritual": pages.pk})
    grant = SupportGrant.objects.get()
    ana_client.post(reverse("support:grant_revoke", args=[grant.pk]))

    make_private(ana_client, pages)
    run_worker()

    (email,) = mail.outbox
    assert "Ana has withdrawn the welcome to remind them, for a ritual that isn" in email.body
    assert "Morning pages" not in email.body


def test_a_welcome_for_a_ritual_made_private_since_is_not_emailed(couple, pages):
    ana, bo = couple
    set_email_kinds(bo, ["grant"])
    ana_client = browser(ana)
    ana_client.post(reverse("support:grant_create"), {"kind": "remind", "ritual": pages.pk})

    make_private(ana_client, pages)
    run_worker()

    # The permission is hidden from Bo while the ritual is private: so is its news.
    assert mail.outbox == []


def test_sharing_again_brings_the_title_back(couple, pages):
    ana, bo = couple
    ana_client, bo_client = browser(ana), browser(bo)
    ana_client.post(reverse("support:grant_create"), {"kind": "remind", "ritual": pages.pk})
    make_private(ana_client, pages)

    pages.visibility = "exists"
    pages.save()

    assert "for “Morning pages”" in bo_client.get(reverse("notifications:inbox")).text
