import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.tokens import hash_token
from couples import privacy, services
from couples.models import Couple, Invitation, Membership
from tests.factories import PASSWORD, UserFactory, make_couple

pytestmark = pytest.mark.django_db

US = reverse("couples:home")


def invite_link(client) -> str:
    """Ask for an invitation through the page and read the link it shows once."""
    response = client.post(reverse("couples:invite"))
    assert response.status_code == 200
    return response.context["link"]


def path_of(link: str) -> str:
    return urlsplit(link).path


def test_solo_person_sees_how_to_start_a_couple(client, user):
    client.force_login(user)

    response = client.get(US)

    assert "Start our couple" in response.text


def test_start_couple_then_invite_shows_the_link_once_and_stores_only_its_hash(client, user):
    client.force_login(user)
    client.post(reverse("couples:create"))

    response = client.post(reverse("couples:invite"))

    link = response.context["link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert link in response.text
    assert "no-store" in response["Cache-Control"]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token)
    assert token not in str(Invitation.objects.values().get())
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    # Back on the Us page the link itself is never shown again.
    assert token not in client.get(US).text


def test_starting_a_second_couple_is_refused(client, couple):
    ana, _bo = couple
    client.force_login(ana)

    response = client.post(reverse("couples:create"), follow=True)

    assert "already in a couple" in response.text
    assert Couple.objects.count() == 1


def test_a_fresh_link_revokes_the_earlier_one(client, user):
    client.force_login(user)
    first = invite_link(client)
    second = invite_link(client)

    assert first != second
    assert client.get(path_of(first)).status_code == 409
    assert Invitation.objects.live().count() == 1


def test_partner_joins_through_the_link_by_signing_up(client, user):
    client.force_login(user)
    link = path_of(invite_link(client))
    client.logout()

    landing = client.get(link)
    assert landing.status_code == 200
    assert "Ana invited you to Duet" in landing.text
    signup = client.post(
        reverse("accounts:signup"),
        {
            "display_name": "Bo",
            "email": "bo@example.org",
            "browser_time_zone": "Asia/Tokyo",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": link,
        },
    )
    assert signup["Location"] == reverse("accounts:signup_sent")
    confirm = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", mail.outbox[-1].body)
    assert client.post(confirm[1])["Location"] == link
    joined = client.post(link, follow=True)

    assert "Bo" in joined.text and "Ana" in joined.text
    bo = Membership.objects.get(seat=2).user
    assert privacy.partner_of(bo) == user
    assert Invitation.objects.get().accepted_by == bo


def test_a_used_link_cannot_be_used_again(client, user):
    client.force_login(user)
    link = path_of(invite_link(client))
    bo, cy = UserFactory(), UserFactory()
    client.force_login(bo)
    client.post(link)

    client.force_login(cy)
    response = client.post(link)

    assert response.status_code == 409
    assert "already been used" in response.text
    assert not Membership.objects.filter(user=cy).exists()


def test_unknown_link_answers_404_with_a_clear_message(client, user):
    client.force_login(user)

    response = client.get(reverse("couples:join", args=["not-a-real-token"]))

    assert response.status_code == 404
    assert "can&#x27;t find this invitation" in response.text


def test_expired_link_is_refused_and_changes_nothing(client, user):
    client.force_login(user)
    link = path_of(invite_link(client))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    bo = UserFactory()
    client.force_login(bo)

    response = client.post(link)

    assert response.status_code == 409
    assert "expired" in response.text
    assert privacy.partner_of(bo) is None


def test_revoked_link_is_refused(client, user):
    client.force_login(user)
    link = path_of(invite_link(client))
    invitation = Invitation.objects.get()
    client.post(reverse("couples:revoke_invite", args=[invitation.pk]))
    client.force_login(UserFactory())

    response = client.post(link)

    assert response.status_code == 409
    assert "withdrawn" in response.text


def test_inviting_yourself_is_explained(client, user):
    client.force_login(user)
    link = path_of(invite_link(client))

    response = client.post(link)

    assert response.status_code == 409
    assert "your own invitation link" in response.text
    assert Membership.objects.filter(user=user).count() == 1


def test_a_person_already_in_a_couple_cannot_join_another(client, couple, user):
    client.force_login(user)
    link = path_of(invite_link(client))
    bo = couple[1]
    client.force_login(bo)

    response = client.post(link)

    assert response.status_code == 409
    assert "already in a couple" in response.text
    assert privacy.partner_of(bo) == couple[0]


def test_a_full_couple_accepts_no_one_else(couple):
    ana, _bo = couple
    couple_row = privacy.current_couple(ana)
    # An invitation row that somehow survived the couple filling up.
    invitation = Invitation.objects.create(
        couple=couple_row,
        created_by=ana,
        token_hash=hash_token("left-over"),
        expires_at=timezone.now() + timedelta(days=1),
    )
    newcomer = UserFactory()

    with pytest.raises(services.PairingError, match="already has two people"):
        services.accept_invitation(invitation, newcomer)
    assert Membership.objects.filter(couple=couple_row).count() == 2


def test_a_complete_couple_cannot_make_invitations(client, couple):
    client.force_login(couple[0])

    response = client.post(reverse("couples:invite"), follow=True)

    assert "already complete" in response.text
    assert not Invitation.objects.live().exists()


def test_strangers_cannot_revoke_someone_elses_invitation(client, user, stranger):
    client.force_login(user)
    invite_link(client)
    invitation = Invitation.objects.get()
    client.force_login(stranger)

    response = client.post(reverse("couples:revoke_invite", args=[invitation.pk]))

    assert response.status_code == 404
    assert Invitation.objects.live().exists()


def test_both_partners_see_both_names_on_the_us_page(client, couple):
    ana, bo = couple
    for person in couple:
        client.force_login(person)
        text = client.get(US).text
        assert ana.display_name in text and bo.display_name in text


def test_leaving_asks_first_then_ends_the_couple_for_both(client, couple):
    ana, bo = couple
    client.force_login(ana)

    confirm = client.get(reverse("couples:leave"))
    assert "Bo immediately stops seeing anything of yours" in confirm.text
    assert privacy.partner_of(bo) == ana

    client.post(reverse("couples:leave"))

    client.force_login(bo)
    assert "Start our couple" in client.get(US).text
    assert Couple.objects.current().count() == 0


def test_leaving_without_a_couple_is_a_gentle_no_op(client, user):
    client.force_login(user)

    response = client.post(reverse("couples:leave"), follow=True)

    assert "not in a couple" in response.text


def test_after_leaving_both_can_start_again(couple):
    ana, bo = couple
    services.leave_couple(bo)

    make_couple(ana, UserFactory())
    make_couple(bo, UserFactory())

    assert Couple.objects.current().count() == 2


def test_pairing_pages_need_login(client):
    for name in ["couples:home", "couples:leave"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert client.post(reverse("couples:invite")).status_code == 302


def test_opening_a_link_while_logged_in_does_not_join_by_itself(client, user):
    client.force_login(user)
    link = path_of(invite_link(client))
    bo = UserFactory()
    client.force_login(bo)

    page = client.get(link)

    assert "Join Ana" in page.text
    assert privacy.partner_of(bo) is None


def test_a_couple_still_waiting_gives_way_when_its_person_joins_another(client, user):
    client.force_login(user)
    link = path_of(invite_link(client))
    bo = UserFactory(display_name="Bo")
    client.force_login(bo)
    client.post(reverse("couples:invite"))  # Bo started a couple of his own too

    client.post(link)

    assert privacy.partner_of(bo) == user
    assert Couple.objects.current().count() == 1
    assert Invitation.objects.live().count() == 0


def test_a_race_to_start_a_couple_is_a_message_not_an_error(client, user, monkeypatch):
    services.start_couple(user)
    monkeypatch.setattr(services, "_in_a_couple", lambda *args, **kwargs: False)
    monkeypatch.setattr(privacy, "current_couple", lambda person: None)
    client.force_login(user)

    response = client.post(reverse("couples:invite"), follow=True)

    assert response.status_code == 200
    assert "already in a couple" in response.text


def test_a_race_to_join_is_a_message_not_an_error(client, user, monkeypatch):
    client.force_login(user)
    link = path_of(invite_link(client))
    bo = UserFactory()
    make_couple(bo, UserFactory())
    monkeypatch.setattr(services, "why_cannot_accept", lambda invitation, person: None)
    client.force_login(bo)

    response = client.post(link)

    assert response.status_code == 409
    assert "a moment ago" in response.text
    assert privacy.partner_of(bo) is not None


def test_revoking_an_already_used_link_says_so(client, couple):
    ana, _bo = couple
    client.force_login(ana)
    invitation = Invitation.objects.get()

    response = client.post(reverse("couples:revoke_invite", args=[invitation.pk]), follow=True)

    assert "already used, withdrawn or expired" in response.text
