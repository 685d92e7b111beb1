"""Each shareable part of a check-in, from every side: only the owner and, while a part is
shared, the current partner ever see it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from checkins.models import SHAREABLE_PARTS, Acknowledgement, CheckIn
from tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db

TONIGHT = date(2026, 11, 18)
# Text that appears only when that part is shown.
MARKERS = {
    "feeling": "grateful",
    "sleep": "7.5 h",
    "energy": "Energy today: 4/5",
    "wish": "Practical help",
    "note": "note-secret-xyz",
}
PAGES = ["couples:home", "checkins:partner", "checkins:history", "checkins:patterns"]


@pytest.fixture
def checkin(people, frozen_now):
    return CheckInFactory(owner=people.ana, evening=TONIGHT)


def pages_seen_by(client, person) -> str:
    client.force_login(person)
    return "".join(client.get(reverse(name)).text for name in PAGES)


@pytest.mark.parametrize("part", SHAREABLE_PARTS)
@pytest.mark.parametrize("shared", [True, False])
def test_the_partner_sees_a_part_exactly_while_it_is_shared(client, people, checkin, part, shared):
    # Share one other part too, so the check-in is visible at all.
    other = next(p for p in SHAREABLE_PARTS if p != part)
    CheckIn.objects.filter(pk=checkin.pk).update(
        **{f"share_{part}": shared, f"share_{other}": True}
    )

    text = pages_seen_by(client, people.bo)

    assert (MARKERS[part] in text) is shared


@pytest.mark.parametrize("viewer", ["cy", "dee", "staff"])
def test_outsiders_see_no_part_even_when_everything_is_shared(client, people, checkin, viewer):
    CheckIn.objects.filter(pk=checkin.pk).update(**{f"share_{p}": True for p in SHAREABLE_PARTS})

    text = pages_seen_by(client, getattr(people, viewer))

    for marker in MARKERS.values():
        assert marker not in text


def test_the_owner_sees_every_part_of_her_own_check_in(client, people, checkin):
    client.force_login(people.ana)
    text = client.get(reverse("checkins:history")).text

    for marker in ["grateful", "7.5 h", "Energy today: 4/5", "Practical help", "note-secret-xyz"]:
        assert marker in text


def test_un_sharing_hides_the_part_on_the_next_request(client, people, checkin):
    """Taken back the way Ana takes a part back, through her own page: the partner's pages
    keep what they drew only until one of the two changes something."""
    CheckIn.objects.filter(pk=checkin.pk).update(share_wish=True, share_note=True)
    assert "note-secret-xyz" in pages_seen_by(client, people.bo)

    checkin.refresh_from_db()
    still_shared = {
        f"share_{part}": "on"
        for part, shared in checkin.sharing().items()
        if shared and part != "note"
    }
    client.force_login(people.ana)
    taken_back = client.post(reverse("checkins:change_sharing", args=[checkin.pk]), still_shared)
    assert taken_back.status_code == 302
    assert not CheckIn.objects.get(pk=checkin.pk).share_note

    text = pages_seen_by(client, people.bo)
    assert "note-secret-xyz" not in text
    assert "Practical help" in text


def test_a_check_in_that_shares_nothing_does_not_exist_for_the_partner(client, people, checkin):
    client.force_login(people.bo)

    assert "Wednesday 18 November" not in client.get(reverse("checkins:partner")).text
    response = client.post(
        reverse("checkins:acknowledge", args=[checkin.pk]), {"kind": "here", "note": ""}
    )
    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_patterns_and_history_only_ever_show_ones_own_check_ins(client, people, checkin):
    CheckIn.objects.filter(pk=checkin.pk).update(**{f"share_{p}": True for p in SHAREABLE_PARTS})
    client.force_login(people.bo)

    for name in ["checkins:history", "checkins:patterns"]:
        assert "note-secret-xyz" not in client.get(reverse(name)).text
        assert "grateful" not in client.get(reverse(name)).text


CHECKIN_URLS = [
    ("get", "checkins:evening", False),
    ("post", "checkins:evening", False),
    ("get", "checkins:history", False),
    ("get", "checkins:partner", False),
    ("get", "checkins:patterns", False),
    ("get", "checkins:sharing", False),
    ("get", "checkins:support", False),
    ("post", "checkins:acknowledge", True),
    ("post", "checkins:change_sharing", True),
]


@pytest.mark.parametrize(("method", "name", "takes_id"), CHECKIN_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, people, checkin, method, name, takes_id):
    url = reverse(name, args=[checkin.pk] if takes_id else [])

    response = getattr(client, method)(url, {"kind": "here", "pleasantness": "3"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_edit_url_is_sent_to_log_in(client, checkin):
    response = client.get(reverse("checkins:edit", args=[TONIGHT.isoformat()]))

    assert response["Location"].startswith(reverse("accounts:login"))


def test_editing_reaches_only_ones_own_evening(client, people, checkin):
    yesterday = TONIGHT - timedelta(days=1)
    CheckIn.objects.filter(pk=checkin.pk).update(evening=yesterday, share_note=True)
    client.force_login(people.bo)

    response = client.post(
        reverse("checkins:edit", args=[yesterday.isoformat()]),
        {"pleasantness": "1", "feeling_energy": "1", "note": "overwritten"},
    )

    assert response.status_code == 400
    checkin.refresh_from_db()
    assert checkin.note == "note-secret-xyz"


def test_the_owner_can_un_share_an_old_check_in_at_any_time(client, people, checkin):
    from datetime import timedelta

    CheckIn.objects.filter(pk=checkin.pk).update(
        evening=TONIGHT - timedelta(days=30), share_wish=True, share_note=True
    )
    assert "note-secret-xyz" in pages_seen_by(client, people.bo)

    client.force_login(people.ana)
    client.post(reverse("checkins:change_sharing", args=[checkin.pk]), {"share_wish": "on"})

    text = pages_seen_by(client, people.bo)
    assert "note-secret-xyz" not in text
    checkin.refresh_from_db()
    assert checkin.sharing() == {
        "feeling": False,
        "sleep": False,
        "energy": False,
        "wish": True,
        "note": False,
    }


@pytest.mark.parametrize("viewer", ["bo", "cy", "dee", "staff"])
def test_only_the_owner_changes_what_a_check_in_shares(client, people, checkin, viewer):
    client.force_login(getattr(people, viewer))

    response = client.post(
        reverse("checkins:change_sharing", args=[checkin.pk]), {"share_note": "on"}
    )

    assert response.status_code == 404
    checkin.refresh_from_db()
    assert not checkin.share_note
