"""Notifications stored before they were worded at read time lose their frozen text."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from notifications.models import Notification
from support import services as support
from support.models import SupportGrant
from tests.factories import RitualFactory

pytestmark = pytest.mark.django_db
reword = importlib.import_module(
    "notifications.migrations.0004_refer_to_what_they_are_about"
).reword


def test_old_frozen_texts_are_reworded_without_titles_or_names(couple):
    ana, bo = couple
    walk = RitualFactory(owner=ana, title="Evening walk", visibility="exists")
    remind = support.grant_support(SupportGrant(kind="remind", ritual=walk), owner=ana)
    now = timezone.now()
    support.schedule_reminder(remind, bo, walk, "shall we?", now + timedelta(minutes=1))
    support.deliver_due_reminders(now=now + timedelta(minutes=2))
    # As the old code stored them: the whole text, frozen.
    Notification.objects.filter(kind="partner_reminder").update(
        text="Bo: shall we? (Evening walk)", actor=None, ritual=None, words=""
    )
    Notification.objects.filter(kind="grant").update(
        text="Ana welcomes you to remind me, for “Morning pages”.", actor=None, ritual=None
    )
    Notification.objects.create(recipient=ana, kind="offer", text="Bo offers: tea?")
    nudge = "It's your evening. Would you like to check in? A minute is enough."
    Notification.objects.create(recipient=ana, kind="checkin_reminder", text=nudge)

    reword(apps, None)

    messages = {n.kind: n.message for n in Notification.objects.all()}
    assert messages["partner_reminder"] == "Bo: shall we? (Evening walk)"
    assert "Morning pages" not in messages["grant"] and "Ana" not in messages["grant"]
    assert "Bo" not in messages["offer"] and "tea" not in messages["offer"]
    assert messages["checkin_reminder"] == nudge
    assert Notification.objects.get(kind="partner_reminder").actor == bo


link_welcomes = importlib.import_module(
    "notifications.migrations.0007_link_earlier_welcomes_to_their_grants"
).link


def test_an_earlier_welcome_is_linked_to_its_grant_so_withdrawing_it_rewords_it(couple):
    ana, bo = couple
    walk = RitualFactory(owner=ana, title="Evening walk", visibility="exists")
    grant = support.grant_support(SupportGrant(kind="remind", ritual=walk), owner=ana)
    # As the code before the catalogue stored it: no subject.
    Notification.objects.filter(kind="grant").update(subject_type=None, subject_id=None)

    link_welcomes(apps, None)
    support.revoke_grant(grant)

    welcome = Notification.objects.get(kind="grant")
    assert welcome.message.startswith("Ana had welcomed you to remind them")
    assert welcome.read_at is not None
