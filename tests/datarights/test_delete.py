import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from checkins.models import Acknowledgement, CheckIn
from couples import privacy
from couples.models import Boundary, Couple
from rituals.models import Ritual
from support import services as support
from support.models import SupportGrant
from tests.factories import PASSWORD, CheckInFactory, RitualFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lives(people):
    ana, bo = people.ana, people.bo
    RitualFactory(owner=ana)
    RitualFactory(owner=bo, intention="bo-own")
    ana_checkin = CheckInFactory(owner=ana)
    bo_checkin = CheckInFactory(owner=bo)
    Acknowledgement.objects.create(checkin=bo_checkin, author=ana, kind="thanks")
    Acknowledgement.objects.create(checkin=ana_checkin, author=bo, kind="thanks")
    Boundary.objects.create(owner=bo, kind="welcome", text="bo-boundary")
    support.grant_support(SupportGrant(kind="accompany"), owner=ana)
    return people


def test_deleting_needs_the_password(client, lives):
    client.force_login(lives.ana)

    response = client.post(reverse("datarights:delete"), {"password": "not-mine"})

    assert response.status_code == 400
    assert "doesn&#x27;t match" in response.content.decode()
    assert User.objects.filter(pk=lives.ana.pk).exists()


def test_deleting_removes_my_data_ends_the_couple_and_keeps_my_partners_own(client, lives):
    ana, bo = lives.ana, lives.bo
    elsewhere = Client()
    elsewhere.force_login(ana)
    client.force_login(ana)

    response = client.post(reverse("datarights:delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert_deleted_as_promised(ana, bo, elsewhere)


def assert_deleted_as_promised(ana, bo, elsewhere: Client) -> None:
    """Ana's account and everything she owns are gone, every session of hers with them; the
    couple has ended and Bo keeps his own entries. Any way of confirming a deletion
    (tests/accounts/test_oidc_confirm.py too) must leave exactly this."""
    assert not User.objects.filter(pk=ana.pk).exists()
    assert not Ritual.objects.filter(owner_id=ana.pk).exists()
    assert not CheckIn.objects.filter(owner_id=ana.pk).exists()
    assert not Acknowledgement.objects.filter(author_id=ana.pk).exists()
    assert not SupportGrant.objects.filter(owner_id=ana.pk).exists()
    assert [ritual.intention for ritual in Ritual.objects.filter(owner=bo)] == ["bo-own"]
    assert CheckIn.objects.filter(owner=bo).exists()
    assert Boundary.objects.filter(owner=bo).exists()
    privacy.forget(bo)
    assert privacy.partner_of(bo) is None
    assert Couple.objects.filter(memberships__user=bo, ended_at__isnull=False).exists()
    # Every session of the deleted account is gone, not only this one.
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302
    event = AuditEvent.objects.get(kind="account_deleted")
    assert (event.user, event.subject_id) == (None, ana.pk)


def test_someone_without_a_couple_can_delete_too(client, user):
    client.force_login(user)

    client.post(reverse("datarights:delete"), {"password": PASSWORD})

    assert not User.objects.filter(pk=user.pk).exists()


def test_guessing_the_password_to_delete_is_throttled(client, user, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    client.force_login(user)
    for _ in range(2):
        client.post(reverse("datarights:delete"), {"password": "guess"})

    response = client.post(reverse("datarights:delete"), {"password": PASSWORD})

    assert "paused" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
