import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse

from notifications.models import Notification
from support import services
from support.models import GrantEvent, Reminder, SupportGrant, SupportOffer, SupportRequest
from tests.conftest import NOW
from tests.factories import RitualFactory
from tests.html import drawn
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(couple):
    ana, _bo = couple
    return RitualFactory(owner=ana, title="Evening walk", visibility="exists")


def grant(owner, kind="remind", ritual=None, **limits) -> SupportGrant:
    made = SupportGrant(kind=kind, ritual=ritual, **limits)
    return services.grant_support(made, owner=owner)


def reminder_data(grant_, ritual, due="2026-11-18T18:00", text="Fancy a walk?"):
    return {"about": f"{grant_.pk}-{ritual.pk}", "text": text, "due": due}


# Granting


def test_the_owner_grants_a_kind_of_support_with_limits(client, couple, walk, frozen_now):
    ana, bo = couple
    client.force_login(ana)

    response = client.post(
        reverse("support:grant_create"),
        {
            "kind": "remind",
            "ritual": walk.pk,
            "expires_on": "2026-12-31",
            "weekly_cap": "2",
            "quiet_from": "22:00",
            "quiet_until": "07:00",
            "phrasing": "light, with an emoji",
        },
    )

    assert response["Location"] == reverse("support:home")
    made = SupportGrant.objects.get()
    assert (made.owner, made.partner, made.ritual, made.weekly_cap) == (ana, bo, walk, 2)
    assert made.expires_at.astimezone(ana.zone).date().isoformat() == "2026-12-31"
    assert GrantEvent.objects.get().action == "given"
    assert Notification.objects.get(recipient=bo).kind == "grant"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "hug"}, "Select a valid choice"),
        ({"kind": "remind", "weekly_cap": "0"}, "between 1 and 50"),
        ({"kind": "remind", "quiet_from": "22:00"}, "need a start and an end"),
        ({"kind": "remind", "expires_on": "2026-11-01"}, "today or a later day"),
        ({"kind": "remind", "phrasing": "x" * 301}, "at most 300 characters"),
    ],
)
def test_grant_form_explains_bad_input(client, couple, frozen_now, data, message):
    client.force_login(couple[0])

    response = client.post(reverse("support:grant_create"), data)

    assert message in response.text
    assert not SupportGrant.objects.exists()


def test_a_private_ritual_cannot_be_the_subject_of_a_grant(client, couple, frozen_now):
    ana, _bo = couple
    secret = RitualFactory(owner=ana, visibility="private", title="Secret ritual")
    client.force_login(ana)

    form = client.get(reverse("support:grant_create")).text
    response = client.post(reverse("support:grant_create"), {"kind": "remind", "ritual": secret.pk})

    assert "Secret ritual" not in form
    assert "Select a valid choice" in response.text
    assert not SupportGrant.objects.exists()


def test_granting_needs_a_partner(client, user):
    client.force_login(user)

    assert client.get(reverse("support:grant_create"))["Location"] == reverse("couples:home")


def test_changing_a_grant_is_kept_in_the_history_both_can_read(client, couple, walk, frozen_now):
    ana, bo = couple
    given = grant(ana, ritual=walk)
    client.force_login(ana)
    client.post(
        reverse("support:grant_edit", args=[given.pk]),
        {"kind": "remind", "ritual": walk.pk, "weekly_cap": "1"},
    )
    client.post(reverse("support:grant_revoke", args=[given.pk]))

    for person in couple:
        client.force_login(person)
        text = client.get(reverse("support:history")).text
        assert "given" in text and "changed" in text and "revoked" in text
        assert "at most 1 a week" in text


def test_an_expired_grant_shows_as_expired_in_the_history(client, couple, frozen_now):
    ana, bo = couple
    grant(ana, kind="reflect", expires_at=NOW + timedelta(hours=1))
    frozen_now(NOW + timedelta(hours=2))
    client.force_login(bo)

    assert "<strong>expired</strong>" in client.get(reverse("support:history")).text


# Offers


def test_the_partner_offers_only_under_a_live_grant(client, couple, frozen_now):
    ana, bo = couple
    accompany = grant(ana, kind="accompany")
    client.force_login(bo)

    response = client.post(
        reverse("support:offer_create"), {"grant": accompany.pk, "text": "Walk together at 7?"}
    )

    assert response["Location"] == reverse("support:home")
    offer = SupportOffer.objects.get()
    assert (offer.owner, offer.partner, offer.status) == (ana, bo, "pending")
    assert Notification.objects.filter(recipient=ana, kind="offer").exists()


def test_an_offer_without_any_grant_is_refused_by_the_server(client, couple, frozen_now):
    ana, bo = couple
    own = grant(bo, kind="accompany")  # Bo's own grant to Ana cannot be used by Bo
    client.force_login(bo)

    response = client.post(reverse("support:offer_create"), {"grant": own.pk, "text": "hi"})

    assert response.status_code == 400
    assert "isn&#x27;t live any more" in response.text
    assert not SupportOffer.objects.exists()


def test_offers_respect_the_weekly_cap(client, couple, frozen_now):
    ana, bo = couple
    reflect = grant(ana, kind="reflect", weekly_cap=1)
    client.force_login(bo)
    client.post(reverse("support:offer_create"), {"grant": reflect.pk, "text": "Talk tonight?"})

    response = client.post(reverse("support:offer_create"), {"grant": reflect.pk, "text": "Again?"})

    assert "that week is full" in response.text
    assert SupportOffer.objects.count() == 1


def test_an_offer_on_a_ritual_no_longer_shared_is_refused(client, couple, walk, frozen_now):
    ana, bo = couple
    accompany = grant(ana, kind="accompany", ritual=walk)
    walk.visibility = "private"
    walk.save()
    client.force_login(bo)

    response = client.post(reverse("support:offer_create"), {"grant": accompany.pk, "text": "x"})

    # The grant is hidden from Bo while the ritual is private, so it cannot be chosen.
    assert "isn&#x27;t live any more" in response.text
    assert not SupportOffer.objects.exists()


@pytest.mark.parametrize("answer", ["accepted", "declined", "not_now"])
def test_the_owner_answers_an_offer_without_a_reason(client, couple, frozen_now, answer):
    ana, bo = couple
    offer = services.make_offer(grant(ana, kind="accompany"), bo, "Join your walk?")
    client.force_login(ana)

    client.post(reverse("support:offer_answer", args=[offer.pk]), {"answer": answer})

    offer.refresh_from_db()
    assert offer.status == answer


def test_the_offerer_cannot_answer_their_own_offer(client, couple, frozen_now):
    ana, bo = couple
    offer = services.make_offer(grant(ana, kind="accompany"), bo, "Join your walk?")
    client.force_login(bo)

    response = client.post(reverse("support:offer_answer", args=[offer.pk]), {"answer": "accepted"})

    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == "pending"


# Reminders


def test_the_partner_schedules_a_reminder_on_the_owners_clock(client, couple, walk, frozen_now):
    ana, bo = couple
    ana.time_zone = "Asia/Tokyo"
    ana.save()
    remind = grant(ana, ritual=walk)
    client.force_login(bo)

    client.post(reverse("support:reminder_create"), reminder_data(remind, walk, "2026-11-19T09:00"))

    reminder = Reminder.objects.get()
    assert reminder.due_at == datetime(2026, 11, 19, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("2026-11-18T11:00", "already passed"),
        ("2026-11-18T23:00", "quiet hours"),
        ("2026-11-19T06:30", "quiet hours"),
        ("2027-02-01T10:00", "ends before then"),
        ("tomorrow", "Enter a valid date/time"),
    ],
)
def test_reminders_outside_the_grants_limits_are_refused(
    client, couple, walk, frozen_now, due, message
):
    ana, bo = couple
    remind = grant(
        ana,
        ritual=walk,
        quiet_from=time(22),
        quiet_until=time(7),
        expires_at=datetime(2027, 1, 1, tzinfo=UTC),
    )
    client.force_login(bo)

    response = client.post(reverse("support:reminder_create"), reminder_data(remind, walk, due))

    assert response.status_code == 400
    assert message in response.text
    assert not Reminder.objects.exists()


def test_reminders_respect_the_weekly_cap(client, couple, walk, frozen_now):
    ana, bo = couple
    remind = grant(ana, ritual=walk, weekly_cap=2)
    client.force_login(bo)
    for hour in (15, 16, 17):
        client.post(
            reverse("support:reminder_create"),
            reminder_data(remind, walk, f"2026-11-18T{hour}:00"),
        )

    assert Reminder.objects.count() == 2
    # Next week has room again.
    client.post(reverse("support:reminder_create"), reminder_data(remind, walk, "2026-11-23T10:00"))
    assert Reminder.objects.count() == 3


def test_a_grant_for_one_ritual_does_not_cover_another(client, couple, walk, frozen_now):
    ana, bo = couple
    other = RitualFactory(owner=ana, visibility="exists", title="Stretch")
    remind = grant(ana, ritual=walk)
    client.force_login(bo)

    response = client.post(reverse("support:reminder_create"), reminder_data(remind, other))

    assert "covers a different ritual" in response.text
    assert not Reminder.objects.exists()


def test_due_reminders_arrive_in_the_owners_inbox(client, couple, walk, frozen_now):
    ana, bo = couple
    reminder = services.schedule_reminder(
        grant(ana, ritual=walk), bo, walk, "Fancy a walk?", NOW + timedelta(hours=1)
    )
    client.force_login(ana)
    assert "Fancy a walk?" not in client.get(reverse("notifications:inbox")).text

    frozen_now(NOW + timedelta(hours=1, minutes=1))
    assert "Fancy a walk?" not in client.get(reverse("notifications:inbox")).text, (
        "pages only count; the worker delivers"
    )
    run_worker()
    text = client.get(reverse("notifications:inbox")).text

    assert "Bo: Fancy a walk? (Evening walk)" in text
    reminder.refresh_from_db()
    assert reminder.status == "delivered"
    assert "Snooze an hour" in text


def test_delivery_is_never_doubled(couple, walk, frozen_now):
    ana, bo = couple
    services.schedule_reminder(grant(ana, ritual=walk), bo, walk, "Walk?", NOW + timedelta(hours=1))
    later = NOW + timedelta(hours=2)

    assert services.deliver_due_reminders(now=later) == 1
    assert services.deliver_due_reminders(now=later) == 0
    assert Notification.objects.filter(kind="partner_reminder").count() == 1


def test_delivery_waits_for_quiet_hours_to_end_across_a_dst_change(couple, frozen_now):
    ana, bo = couple
    ana.time_zone = "Europe/London"
    ana.save()
    walk = RitualFactory(owner=ana, visibility="exists")
    frozen_now(datetime(2026, 10, 24, 12, 0, tzinfo=UTC))
    remind = grant(ana, ritual=walk)
    reminder = services.schedule_reminder(
        remind, bo, walk, "Walk?", datetime(2026, 10, 24, 20, 0, tzinfo=UTC)
    )
    # Quiet hours added after scheduling: checked again at delivery.
    SupportGrant.objects.filter(pk=remind.pk).update(quiet_from=time(21), quiet_until=time(8))

    services.deliver_due_reminders(now=datetime(2026, 10, 24, 20, 30, tzinfo=UTC))

    reminder.refresh_from_db()
    assert reminder.status == "scheduled"
    # 08:00 on Sunday 25 October in London is GMT again (clocks went back at 02:00).
    assert reminder.due_at == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "night", "first_minute_after_gap"),
    [
        # Clocks spring forward from 02:00 to 03:00 on these nights: 02:30 never happens.
        (
            "Europe/Berlin",
            datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
            datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
        ),
        (
            "America/Los_Angeles",
            datetime(2026, 3, 8, 9, 30, tzinfo=UTC),
            datetime(2026, 3, 8, 10, 0, tzinfo=UTC),
        ),
    ],
)
def test_quiet_hours_ending_in_a_spring_forward_gap_end_at_the_first_minute_after_it(
    couple, frozen_now, zone, night, first_minute_after_gap
):
    ana, bo = couple
    ana.time_zone = zone
    ana.save()
    walk = RitualFactory(owner=ana, visibility="exists")
    frozen_now(night - timedelta(hours=6))
    remind = grant(ana, ritual=walk)
    # Due at 00:30 on Ana's clock; quiet hours until 02:30 are added after scheduling.
    reminder = services.schedule_reminder(remind, bo, walk, "Walk?", night)
    SupportGrant.objects.filter(pk=remind.pk).update(quiet_from=time(22), quiet_until=time(2, 30))

    services.deliver_due_reminders(now=night)

    reminder.refresh_from_db()
    assert reminder.status == "scheduled"
    # 03:00 local, the first minute after the gap (not 03:30, an hour late).
    assert reminder.due_at == first_minute_after_gap
    assert services.deliver_due_reminders(now=first_minute_after_gap) == 1


def test_owner_can_snooze_a_delivered_reminder(client, couple, walk, frozen_now):
    ana, bo = couple
    reminder = services.schedule_reminder(
        grant(ana, ritual=walk), bo, walk, "Walk?", NOW + timedelta(minutes=5)
    )
    services.deliver_due_reminders(now=NOW + timedelta(minutes=10))
    frozen_now(NOW + timedelta(minutes=10))
    client.force_login(ana)

    client.post(reverse("support:reminder_snooze", args=[reminder.pk]))

    reminder.refresh_from_db()
    assert reminder.status == "scheduled"
    assert reminder.due_at == NOW + timedelta(minutes=70)


def test_stopping_reminders_for_a_ritual_revokes_that_grant(client, couple, walk, frozen_now):
    ana, bo = couple
    remind = grant(ana, ritual=walk)
    reminder = services.schedule_reminder(remind, bo, walk, "Walk?", NOW + timedelta(minutes=5))
    services.schedule_reminder(remind, bo, walk, "Again?", NOW + timedelta(hours=5))
    services.deliver_due_reminders(now=NOW + timedelta(minutes=10))
    client.force_login(ana)

    client.post(reverse("support:reminder_stop", args=[reminder.pk]))

    remind.refresh_from_db()
    assert remind.revoked_at is not None
    again = next(reminder for reminder in Reminder.objects.all() if reminder.text == "Again?")
    assert again.status == "cancelled"


# Revocation stops every path on the very next request


def test_revoking_stops_every_path_at_once(client, couple, walk, frozen_now):
    ana, bo = couple
    remind = grant(ana, ritual=walk)
    accompany = grant(ana, kind="accompany")
    pending = services.schedule_reminder(remind, bo, walk, "Walk?", NOW + timedelta(hours=2))
    offer = services.make_offer(accompany, bo, "Shall I come along?")

    client.force_login(ana)
    client.post(reverse("support:grant_revoke", args=[remind.pk]))
    client.post(reverse("support:grant_revoke", args=[accompany.pk]))

    pending.refresh_from_db()
    offer.refresh_from_db()
    assert (pending.status, pending.cancel_reason) == ("cancelled", "permission withdrawn")
    assert offer.status == "cancelled"

    client.force_login(bo)
    scheduling = client.post(reverse("support:reminder_create"), reminder_data(remind, walk))
    offering = client.post(reverse("support:offer_create"), {"grant": accompany.pk, "text": "x"})
    assert "isn&#x27;t live any more" in scheduling.text
    assert "isn&#x27;t live any more" in offering.text
    assert Reminder.objects.pending().count() == 0
    assert SupportOffer.objects.filter(status="pending").count() == 0

    # Even a reminder that slipped past scheduling is checked again at delivery.
    Reminder.objects.filter(pk=pending.pk).update(status="scheduled")
    assert services.deliver_due_reminders(now=NOW + timedelta(hours=3)) == 0
    pending.refresh_from_db()
    assert pending.status == "cancelled"
    assert not Notification.objects.filter(kind="partner_reminder").exists()


def test_a_grant_ends_when_the_couple_does(couple, walk, frozen_now):
    from couples import services as couple_services

    ana, bo = couple
    remind = grant(ana, ritual=walk)
    reminder = services.schedule_reminder(remind, bo, walk, "Walk?", NOW + timedelta(hours=1))

    couple_services.leave_couple(bo)

    assert services.deliver_due_reminders(now=NOW + timedelta(hours=2)) == 0
    reminder.refresh_from_db()
    assert reminder.status == "cancelled"


def test_expired_grants_stop_scheduling(client, couple, walk, frozen_now):
    ana, bo = couple
    remind = grant(ana, ritual=walk, expires_at=NOW + timedelta(minutes=1))
    frozen_now(NOW + timedelta(minutes=2))
    client.force_login(bo)

    response = client.post(
        reverse("support:reminder_create"), reminder_data(remind, walk, "2026-11-18T18:00")
    )

    assert "isn&#x27;t live any more" in response.text


# Requests and boundaries


def test_requests_are_answered_yes_or_not_this_time_with_an_alternative(client, couple, frozen_now):
    ana, bo = couple
    client.force_login(ana)
    client.post(
        reverse("support:request_create"),
        {"kind": "accompany", "text": "Would you join my walk on Saturday?"},
    )
    asked = SupportRequest.objects.get()
    client.force_login(bo)

    client.post(
        reverse("support:request_answer", args=[asked.pk]),
        {"answer": "not_this_time", "alternative": "Sunday morning instead?"},
    )

    asked.refresh_from_db()
    assert (asked.status, asked.answer) == ("not_this_time", "Sunday morning instead?")
    client.force_login(ana)
    assert "Sunday morning instead?" in client.get(reverse("support:home")).text


def test_a_request_is_answered_only_once_and_only_by_the_partner(client, couple, frozen_now):
    ana, bo = couple
    asked = services.ask_for_support(ana, "practical", "Could you cook tonight?")
    client.force_login(ana)
    assert (
        client.post(
            reverse("support:request_answer", args=[asked.pk]), {"answer": "yes"}
        ).status_code
        == 404
    )
    client.force_login(bo)
    client.post(reverse("support:request_answer", args=[asked.pk]), {"answer": "yes"})
    response = client.post(
        reverse("support:request_answer", args=[asked.pk]), {"answer": "not_this_time"}, follow=True
    )

    assert "already been answered" in response.text
    asked.refresh_from_db()
    assert asked.status == "yes"


def test_the_partner_sees_boundaries_where_they_offer_support(client, couple, frozen_now):
    ana, bo = couple
    client.force_login(ana)
    client.post(
        reverse("support:boundary_add"), {"kind": "off_limits", "text": "Advice about my job"}
    )
    client.post(reverse("support:boundary_add"), {"kind": "welcome", "text": "Company on walks"})
    accompany = grant(ana, kind="accompany")
    client.force_login(bo)

    text = client.get(reverse("support:offer_create"), {"grant": accompany.pk}).text

    assert "Off-limits:" in text and "Advice about my job" in text
    assert "Company on walks" in text


def test_the_support_page_shows_my_boundaries_as_mine_and_my_partners_as_theirs(
    client, couple, frozen_now
):
    from couples import services as couple_services
    from couples.models import Boundary

    ana, bo = couple
    mine = Boundary.objects.create(owner=bo, kind="welcome", text="Tea after work")
    Boundary.objects.create(owner=ana, kind="off_limits", text="Advice about my job")
    client.force_login(bo)

    text = client.get(reverse("support:home")).text
    mine_section = text.split('id="my-boundaries-heading"')[1]

    assert "Tea after work" in mine_section and "Advice about my job" not in mine_section
    assert "Advice about my job" in text.split('id="my-boundaries-heading"')[0]
    # Only my own can be removed from here.
    removable = re.findall(r'action="(/support/boundaries/\d+/delete/)"', text)
    assert removable == [reverse("support:boundary_delete", args=[mine.pk])]

    couple_services.leave_couple(ana)
    text = client.get(reverse("support:home")).text

    assert "Tea after work" in text and "Advice about my job" not in text


def test_sending_kindly_worded_text_adds_no_coach_note(client, couple, frozen_now):
    ana, bo = couple
    accompany = grant(ana, kind="accompany")
    client.force_login(bo)

    harsh = client.post(
        reverse("support:offer_create"),
        {"grant": accompany.pk, "text": "You need to get out more, I'll come."},
        follow=True,
    )
    kind = client.post(
        reverse("support:offer_create"),
        {"grant": accompany.pk, "text": "Would it help if I came along?"},
        follow=True,
    )

    assert "A thought for next time" in harsh.text  # sent anyway: the coach never blocks
    assert "A thought for next time" not in kind.text
    assert SupportOffer.objects.count() == 2


def support_drawn(client) -> tuple[str, int]:
    return drawn(client, reverse("support:home"))


def test_the_support_page_is_kept_yet_shows_the_end_of_a_grant_at_once(
    client, couple, walk, frozen_now
):
    """Kept apart from Bo's own notes (couples/versions.py), his support page still asks
    at each look whether a grant is live: its end is a moment, nothing is written."""
    from tests.checkins.test_views import answers

    ana, bo = couple
    given = grant(ana, ritual=walk, expires_at=NOW + timedelta(minutes=3))
    client.force_login(bo)
    _text, drawn_with = support_drawn(client)
    assert client.post(reverse("checkins:evening"), answers()).status_code == 302
    text, kept_with = support_drawn(client)
    assert kept_with < drawn_with and given.partner_label in text

    frozen_now(NOW + timedelta(minutes=3, seconds=1))

    text, queries = support_drawn(client)
    assert queries == kept_with and given.partner_label not in text


def test_a_reminder_the_worker_holds_shows_its_new_time_on_the_kept_support_page(
    client, couple, walk, frozen_now
):
    """Ana's quiet hours now cover Bo's reminder: the worker holds it until they end and
    tells no one, yet the versions move, so his kept page shows the new time at once."""
    from couples import versions

    ana, bo = couple
    given = grant(ana, ritual=walk)
    services.schedule_reminder(given, bo, walk, "Fancy a walk?", NOW + timedelta(minutes=2))
    given.quiet_from, given.quiet_until = time(11, 0), time(13, 0)  # Ana's clock: London
    given.save(update_fields=["quiet_from", "quiet_until"])
    versions.bump(ana)  # as her change through the web does
    client.force_login(bo)
    for _kept in range(2):
        assert "12:02" in support_drawn(client)[0]

    frozen_now(NOW + timedelta(minutes=2, seconds=1))
    run_worker()

    assert Reminder.objects.get().due_at == NOW + timedelta(hours=1)
    text = support_drawn(client)[0]
    assert "13:00" in text and "12:02" not in text
