import pytest
from django.urls import reverse

from couples.models import VisionVersion
from instance.demo import seed_demo
from wellbeing.models import Contact, JournalEntry, Who5Response

pytestmark = pytest.mark.django_db


def test_the_demo_couple_has_wellbeing_history_once_and_privately(client):
    ana, sam = seed_demo()
    counts = (Contact.objects.count(), JournalEntry.objects.count(), Who5Response.objects.count())
    seed_demo()

    assert counts == (
        Contact.objects.count(),
        JournalEntry.objects.count(),
        Who5Response.objects.count(),
    )
    assert VisionVersion.objects.count() == 1
    assert Who5Response.objects.filter(owner=ana).count() == 3
    client.force_login(sam)
    together = client.get(reverse("wellbeing:revisit")).text
    assert "After the call" in together and "Just for me" not in together
    assert "Dr Rivera" not in client.get(reverse("wellbeing:network")).text
