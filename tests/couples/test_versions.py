"""The couple's versions (couples/versions.py): a request that wrote moves them, so nothing
kept for either partner outlives a change. A person's own check-ins and practice notes,
added or changed, move every version but their own seat's: what they keep of their partner
(Today's news, their inbox badge) stays kept, and their partner sees the notes at once."""

import re
from datetime import date

import pytest
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checkins.models import CheckIn
from couples import versions
from couples.models import Couple
from rituals.models import PracticeLog
from tests.checkins.test_views import answers
from tests.factories import CheckInFactory, RitualFactory
from tests.html import without_tokens

pytestmark = pytest.mark.django_db

TODAY_URL = reverse("rituals:today")
TONIGHT = date(2026, 11, 18)  # conftest.NOW
# Where the last change leaves a message for the next page.
MESSAGES = re.compile(r'(class="messages"[^>]*>).*?(</div>)', re.DOTALL)


def versions_of(person) -> tuple[int, int, int]:
    couple = Couple.objects.get(memberships__user=person, memberships__left_at__isnull=True)
    return couple.version, couple.version_seat_1, couple.version_seat_2


def seat_1(person) -> int:
    return versions_of(person)[1]


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def today(client) -> tuple[str, int]:
    """Today's page without its tokens or a message left by the last change, and how many
    queries drew it."""
    with CaptureQueriesContext(connection) as queries:
        text = client.get(TODAY_URL).text
    return MESSAGES.sub(r"\1\2", without_tokens(text)), len(queries)


def test_a_request_that_only_added_rows_moves_the_version(people, frozen_now):
    """A new check-in is two INSERTs that return their keys: on SQLite, which counts their
    rows only as they are read, such a request once moved nothing, and the partner's Today
    kept what it had for minutes."""
    ana, bo = client_of(people.ana), client_of(people.bo)
    today(ana)  # kept now
    couple = Couple.objects.get(memberships__user=people.bo, memberships__left_at__isnull=True)

    assert bo.post(reverse("checkins:evening"), answers(feeling_words=["calm"])).status_code == 302

    couple.refresh_from_db()
    assert couple.version == 1
    assert "(calm)" in today(ana)[0]


def test_each_seat_moves_on_everything_but_its_own_notes(people):
    ana, bo = people.ana, people.bo
    assert [m.seat for m in ana.memberships.filter(left_at__isnull=True)] == [1]

    versions.bump(ana, own_notes_only=True)
    assert versions_of(ana) == (1, 0, 1)
    versions.bump(bo, own_notes_only=True)
    assert versions_of(ana) == (2, 1, 1)
    versions.bump(ana)
    assert versions_of(ana) == (3, 2, 2)
    versions.bump_people([bo.pk])
    assert versions_of(ana) == (4, 3, 3)


def practice_versions_of(person) -> tuple[int, int]:
    couple = Couple.objects.get(memberships__user=person, memberships__left_at__isnull=True)
    return couple.version_seat_1_practice, couple.version_seat_2_practice


def test_each_seats_practice_version_moves_on_everything_but_its_own_check_ins(people):
    ana, bo = people.ana, people.bo

    versions.bump(ana, own_notes_only=True, practice=False)  # check-ins only
    assert practice_versions_of(ana) == (0, 1)
    versions.bump(ana, own_notes_only=True)  # practice too
    assert practice_versions_of(ana) == (1, 2)
    versions.bump(bo, own_notes_only=True, practice=False)
    assert practice_versions_of(ana) == (2, 2)
    versions.bump(ana)
    assert practice_versions_of(ana) == (3, 3)
    versions.bump_people([bo.pk])
    assert practice_versions_of(ana) == (4, 4)


def test_a_former_couples_versions_move_too(people):
    ended = Couple.objects.get(memberships__user=people.cy)
    versions.bump(people.ana, own_notes_only=True)
    ended.refresh_from_db()
    assert (ended.version, ended.version_seat_1, ended.version_seat_2) == (1, 0, 1)


def test_my_own_check_in_keeps_what_came_from_my_partner(people, frozen_now):
    ana, bo = client_of(people.ana), client_of(people.bo)
    bo.post(reverse("checkins:evening"), answers(feeling_words=["calm"]))
    ana.post(reverse("checkins:evening"), answers(pleasantness="4"))
    versions.bump(people.ana)  # as if Ana had done anything else
    afresh, drawn_with = today(ana)
    _same, kept_with = today(ana)
    assert "(calm)" in afresh
    before = seat_1(people.ana)

    assert ana.post(reverse("checkins:evening"), answers(pleasantness="2")).status_code == 302

    assert CheckIn.objects.get(owner=people.ana).pleasantness == 2
    assert seat_1(people.ana) == before  # Ana's own note
    kept, queries = today(ana)
    assert queries == kept_with < drawn_with  # the partner's news and the badge were kept
    versions.bump(people.ana)
    assert today(ana)[0] == kept  # and they are what would be drawn afresh


def test_my_practice_note_keeps_what_came_from_my_partner(people, frozen_now):
    ana = client_of(people.ana)
    ritual = RitualFactory(owner=people.ana, title="Morning pages")
    _text, drawn_with = today(ana)
    _text, kept_with = today(ana)

    noted = ana.post(
        reverse("rituals:log", args=[ritual.pk]), {"day": TONIGHT.isoformat(), "outcome": "done"}
    )

    assert noted.status_code == 302
    assert PracticeLog.objects.filter(ritual=ritual, outcome="done").exists()
    assert seat_1(people.ana) == 0
    text, queries = today(ana)
    # Her own cards are read again (her rituals, their practice and pauses); her partner's
    # news and her inbox badge stay kept.
    assert queries == kept_with + 3 < drawn_with
    assert 'value="done" class="outcome chosen" aria-pressed="true"' in text


def test_my_partners_check_in_shows_on_my_very_next_request(people, frozen_now):
    ana, bo = client_of(people.ana), client_of(people.bo)
    today(ana)  # kept now

    bo.post(reverse("checkins:evening"), answers(feeling_words=["calm"]))
    assert "(calm)" in today(ana)[0]

    bo.post(reverse("checkins:evening"), answers(feeling_words=["tired"]))
    text = today(ana)[0]
    assert "(tired)" in text and "(calm)" not in text


def test_answering_my_partners_check_in_shows_on_my_very_next_request(people, frozen_now):
    ana, bo = client_of(people.ana), client_of(people.bo)
    bo.post(reverse("checkins:evening"), answers())
    checkin = CheckIn.objects.get(owner=people.bo)
    before, seat_before = today(ana)[0], seat_1(people.ana)

    ana.post(reverse("checkins:acknowledge", args=[checkin.pk]), {"kind": "warmth"})

    assert seat_1(people.ana) > seat_before  # an answer is not Ana's own note
    after = today(ana)[0]
    assert after != before
    versions.bump(people.ana)
    assert today(ana)[0] == after


def test_my_own_check_in_never_hides_my_partners_answer_to_it(people, frozen_now):
    """An answer to my check-in is my partner's, shown whatever my check-in shares: changing
    my check-in keeps it kept, and kept it is what would be drawn afresh."""
    ana, bo = client_of(people.ana), client_of(people.bo)
    ana.post(reverse("checkins:evening"), answers())
    checkin = CheckIn.objects.get(owner=people.ana)
    bo.post(reverse("checkins:acknowledge", args=[checkin.pk]), {"kind": "warmth"})
    assert "Sending warmth" in today(ana)[0]

    ana.post(reverse("checkins:evening"), answers(share_feeling=None, share_wish=None))

    kept = today(ana)[0]
    assert "Sending warmth" in kept
    versions.bump(people.ana)
    assert today(ana)[0] == kept


def bumped_after(person, *statements: str) -> tuple[int, int, int]:
    """The versions after a request of `person` that ran these statements."""

    def view(request):
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        return HttpResponse()

    request = RequestFactory().post("/anywhere/")
    request.user = person
    versions.BumpAfterChangesMiddleware(view)(request)
    return versions_of(person)


@pytest.fixture
def notes(people, frozen_now):
    """Ana's ritual with tonight's practice note, and tonight's check-in."""
    ritual = RitualFactory(owner=people.ana)
    PracticeLog.objects.create(ritual=ritual, day=TONIGHT, outcome="done")
    CheckInFactory(owner=people.ana, evening=TONIGHT)
    return {"ana": people.ana.pk, "ritual": ritual.pk}


@pytest.mark.parametrize(
    ("statement", "own_notes_only"),
    [
        ('UPDATE "checkins_checkin" SET "energy" = 3 WHERE "owner_id" = {ana}', True),
        (
            'UPDATE "rituals_practicelog" SET "outcome" = \'partly\' WHERE "ritual_id" = {ritual}',
            True,
        ),
        ('DELETE FROM "rituals_practicelog" WHERE "ritual_id" = {ritual}', False),
        ('UPDATE "accounts_user" SET "time_zone" = \'UTC\' WHERE "id" = {ana}', False),
    ],
)
def test_only_adding_or_changing_my_own_notes_leaves_my_seat(
    people, notes, statement, own_notes_only
):
    """The middleware reads what a request wrote: an INSERT or UPDATE of a check-in or a
    practice note leaves the writer's seat; anything else, a deletion included, moves it."""
    after = bumped_after(people.ana, statement.format(**notes))
    assert after == ((1, 0, 1) if own_notes_only else (1, 1, 1))


@pytest.mark.parametrize(
    ("statements", "my_practice_moves"),
    [
        (['UPDATE "checkins_checkin" SET "energy" = 3 WHERE "owner_id" = {ana}'], False),
        (
            [
                'UPDATE "checkins_checkin" SET "energy" = 3 WHERE "owner_id" = {ana}',
                'UPDATE "rituals_practicelog" SET "outcome" = \'partly\' WHERE "ritual_id" = '
                "{ritual}",
            ],
            True,
        ),
        (['DELETE FROM "checkins_checkin" WHERE "owner_id" = {ana}'], True),
    ],
)
def test_only_my_own_check_ins_leave_my_practice_version(
    people, notes, statements, my_practice_moves
):
    """A request that added or changed only my check-ins leaves my seat's practice version
    (what shows my practice but none of my check-ins stays kept); a practice note, or anything
    else, moves it. My partner's moves every time."""
    bumped_after(people.ana, *(statement.format(**notes) for statement in statements))
    assert practice_versions_of(people.ana) == (int(my_practice_moves), 1)


def test_a_request_that_writes_my_notes_and_more_moves_my_seat(people, notes):
    after = bumped_after(
        people.ana,
        'UPDATE "checkins_checkin" SET "energy" = 2 WHERE "owner_id" = {ana}'.format(**notes),
        'UPDATE "accounts_user" SET "time_zone" = \'UTC\' WHERE "id" = {ana}'.format(**notes),
    )
    assert after == (1, 1, 1)


def test_a_request_that_changed_nothing_moves_nothing(people, notes):
    after = bumped_after(people.ana, 'UPDATE "checkins_checkin" SET "energy" = 2 WHERE 1 = 0')
    assert after == (0, 0, 0)


US_URL = reverse("couples:home")


def us(client) -> tuple[str, int]:
    """The Us page without its tokens or a message, and how many queries drew it."""
    with CaptureQueriesContext(connection) as queries:
        text = client.get(US_URL).text
    return MESSAGES.sub(r"\1\2", without_tokens(text)), len(queries)


def test_my_own_notes_keep_my_partners_parts_of_the_us_page(people, frozen_now):
    ana, bo = client_of(people.ana), client_of(people.bo)
    walk = RitualFactory(owner=people.bo, title="Evening walk", visibility="practice")
    mine = RitualFactory(owner=people.ana, title="Morning pages")
    bo.post(reverse("rituals:log", args=[walk.pk]), {"day": TONIGHT.isoformat(), "outcome": "done"})
    bo.post(reverse("checkins:evening"), answers(feeling_words=["calm"]))
    _drawn, drawn_with = us(ana)
    _same, kept_with = us(ana)

    ana.post(reverse("checkins:evening"), answers(pleasantness="2"))
    ana.post(
        reverse("rituals:log", args=[mine.pk]), {"day": TONIGHT.isoformat(), "outcome": "done"}
    )

    kept, queries = us(ana)
    assert queries == kept_with < drawn_with
    assert "Evening walk" in kept and "18 Nov: done" in kept and "· calm</li>" in kept
    versions.bump(people.ana)
    assert us(ana)[0] == kept  # what would be drawn afresh


def test_my_partners_practice_and_sharing_show_on_my_very_next_us_page(people, frozen_now):
    from tests.rituals.test_views import make_private

    ana, bo = client_of(people.ana), client_of(people.bo)
    walk = RitualFactory(owner=people.bo, title="Evening walk", visibility="practice")
    assert "18 Nov: done" not in us(ana)[0]  # kept now

    bo.post(reverse("rituals:log", args=[walk.pk]), {"day": TONIGHT.isoformat(), "outcome": "done"})
    assert "18 Nov: done" in us(ana)[0]

    made_private = make_private(bo, walk)
    assert made_private.status_code == 302
    assert "Evening walk" not in us(ana)[0]


ONE_TRANSACTION = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="one transaction a request on PostgreSQL only (versions._one_transaction_a_request)",
)


@ONE_TRANSACTION
def test_an_unshared_note_is_saved_with_its_version_or_not_at_all(people, frozen_now, monkeypatch):
    """Un-sharing and moving the version are saved together. Were the database lost between
    the two, the un-share is not saved and Ana is told so (she may try again); it is never
    saved while Bo's kept page still shows the note."""
    checkin = CheckInFactory(
        owner=people.ana, evening=TONIGHT, note="A note for Bo", share_note=True
    )
    ana, bo = client_of(people.ana), client_of(people.bo)
    assert "A note for Bo" in bo.get(reverse("couples:home")).text  # kept now
    unshare = reverse("checkins:change_sharing", args=[checkin.pk])

    def lost(*args, **kwargs):
        raise OperationalError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(versions, "bump", lost)
        ana.raise_request_exception = False
        answer = ana.post(unshare, {"share_feeling": "on"})

    assert answer.status_code == 503
    assert CheckIn.objects.get(pk=checkin.pk).share_note, "nothing half-saved"
    ana.post(unshare, {"share_feeling": "on"})
    assert not CheckIn.objects.get(pk=checkin.pk).share_note
    assert "A note for Bo" not in bo.get(reverse("couples:home")).text


@ONE_TRANSACTION
def test_a_view_that_fails_keeps_none_of_its_writes(people, rf):
    def half_done(request):
        PracticeLog.objects.create(ritual=RitualFactory(owner=people.ana), day=TONIGHT)
        return HttpResponse(status=500)

    request = rf.post("/")
    request.user = people.ana
    before = versions_of(people.ana)

    assert versions.BumpAfterChangesMiddleware(half_done)(request).status_code == 500
    assert not PracticeLog.objects.exists() and versions_of(people.ana) == before
