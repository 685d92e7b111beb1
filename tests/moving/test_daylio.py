import html
from datetime import UTC, date, datetime

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from checkins.models import CheckIn
from moving.models import ImportRun, Upload
from rituals.models import PracticeLog
from tests.factories import CheckInFactory, RitualFactory, UserFactory, make_couple
from tests.html import without_tokens
from tests.moving.helpers import counts, upload_daylio
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

DAYLIO = """full_date,date,weekday,time,mood,activities,note_title,note
2026-11-03,November 3,Tuesday,22:15,rad,friends | Evening walk | calm,Good one,"Tea<br>then a walk"
2026-11-03,November 3,Tuesday,08:05,meh,work,,
2026-11-02,November 2,Monday,01:30,awful,tired | work,,couldn't sleep
2026-11-01,November 1,Sunday,9:30 PM,dreamy,Evening walk,,"a ""quiet"" day"
"""


@pytest.fixture
def ana(frozen_now):
    person = UserFactory(display_name="Ana", time_zone="America/New_York")
    return person


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def page(response) -> str:
    return html.unescape(response.content.decode())


def choices(response, **changes) -> dict:
    """What the preview page offers, as a person would leave it, with `changes`."""
    form = response.context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data.update(changes)
    return data


def test_the_preview_shows_moods_and_activities_with_sensible_defaults(ana):
    walk = RitualFactory(owner=ana, title="Evening walk")
    client = client_of(ana)

    response = upload_daylio(client, DAYLIO)

    run = ImportRun.objects.get(owner=ana)
    assert response.status_code == 302
    assert response["Location"] == reverse("moving:daylio_map", args=[run.pk])
    preview = client.get(response["Location"])
    text = page(preview)
    assert "4 entries over 2 evenings, from 1 November 2026 to 3 November 2026" in text
    for name in ["rad", "meh", "awful", "dreamy", "friends", "work", "tired", "calm"]:
        assert f"{name}" in text
    form = preview.context["form"]
    initial = {
        form.fields[name].label if name.startswith("activity") else name: field.initial
        for name, field in form.fields.items()
    }
    assert initial["Evening walk"] == f"ritual:{walk.pk}"
    assert initial["calm"] == "word:calm"
    assert initial["friends"] == "note"
    # Nothing is imported before the person has chosen.
    assert not CheckIn.objects.exists()
    assert Upload.objects.count() == 1


def test_chosen_mapping_brings_evenings_in_on_the_persons_own_clock(ana):
    walk = RitualFactory(owner=ana, title="Evening walk")
    client = client_of(ana)
    map_url = upload_daylio(client, DAYLIO)["Location"]
    preview = client.get(map_url)
    form = preview.context["form"]
    data = choices(preview)
    by_label = {field.label: name for name, field in form.fields.items() if name.startswith("act")}
    moods = {mood: n for n, mood in enumerate(form.moods)}
    data[by_label["tired"]] = "word:tired"
    data[by_label["work"]] = "leave"
    data[f"mood_{moods['dreamy']}_p"], data[f"mood_{moods['dreamy']}_e"] = 4, 1

    response = client.post(map_url, data)

    run = ImportRun.objects.get(owner=ana)
    assert response.status_code == 302
    assert response["Location"] == reverse("moving:run", args=[run.pk])
    assert "waiting its turn" in page(client.get(response["Location"]))
    run_worker()

    evenings = {checkin.evening: checkin for checkin in CheckIn.objects.filter(owner=ana)}
    # 01:30 on 2 November belongs to the evening of 1 November, with its later mood.
    assert sorted(evenings) == [date(2026, 11, 1), date(2026, 11, 3)]
    first = evenings[date(2026, 11, 1)]
    assert (first.pleasantness, first.feeling_energy) == (1, 2)  # awful, the latest entry
    assert first.feeling_words == ["tired"]
    assert 'a "quiet" day' in first.note and "couldn't sleep" in first.note
    assert "work" not in first.note
    third = evenings[date(2026, 11, 3)]
    assert (third.pleasantness, third.feeling_energy) == (5, 4)  # rad at 22:15, not meh at 08:05
    assert third.feeling_words == ["calm"]
    assert "Good one\nTea\nthen a walk" in third.note
    assert "Activities: friends" in third.note
    # Written on her New York clock: 22:15 there is 03:15 UTC the next day.
    assert third.created_at == datetime(2026, 11, 4, 3, 15, tzinfo=UTC)
    assert not any(c.share_feeling or c.share_note for c in evenings.values())
    assert sorted(PracticeLog.objects.filter(ritual=walk).values_list("day", flat=True)) == [
        date(2026, 11, 1),
        date(2026, 11, 3),
    ]
    assert not Upload.objects.exists()
    summary = page(client.get(reverse("moving:run", args=[run.pk])))
    assert "Check-ins: 2" in summary and "Practice logs: 2" in summary
    assert "had more than one entry" in summary
    assert "whose practice you share" not in summary  # the walk is private


def test_practice_on_a_shared_ritual_is_said_to_be_seen_by_the_partner(ana):
    RitualFactory(owner=ana, title="Evening walk", visibility="practice")
    client = client_of(ana)

    _import(client, DAYLIO)

    summary = page(client.get(reverse("moving:run", args=[ImportRun.objects.get().pk])))
    assert "on a ritual whose practice you share is seen by your partner" in summary
    assert "Evening walk" not in ImportRun.objects.get().summary.__repr__()  # no words kept


def _import(client, text: str) -> None:
    map_url = upload_daylio(client, text)["Location"]
    preview = client.get(map_url)
    client.post(map_url, choices(preview))
    run_worker()


def test_the_same_daylio_file_twice_adds_nothing(ana):
    client = client_of(ana)
    _import(client, DAYLIO)
    before = counts()

    response = upload_daylio(client, DAYLIO)

    assert response.status_code == 302
    assert "came in already" in page(client.get(response["Location"]))
    run_worker()
    assert counts() == before


def test_a_later_daylio_file_adds_only_the_new_evenings_and_keeps_her_own(ana):
    CheckInFactory(owner=ana, evening=date(2026, 11, 1), note="written in Duet")
    client = client_of(ana)
    _import(client, DAYLIO)
    longer = DAYLIO + "2026-11-05,November 5,Thursday,21:00,good,,,\n"

    _import(client, longer)

    assert CheckIn.objects.filter(owner=ana).count() == 3
    assert CheckIn.objects.get(owner=ana, evening=date(2026, 11, 1)).note == "written in Duet"
    run = ImportRun.objects.filter(owner=ana).latest("pk")
    assert run.summary["added"] == [["check-ins", 1]]
    summary = page(client.get(reverse("moving:run", args=[run.pk])))
    assert "you already had one that evening, and yours stayed" in summary


def test_a_mapping_that_is_not_offered_is_refused_and_nothing_is_queued(ana):
    client = client_of(ana)
    map_url = upload_daylio(client, DAYLIO)["Location"]
    preview = client.get(map_url)
    data = choices(preview)
    data["mood_0_p"] = 9
    data["activity_0"] = "ritual:999"

    response = client.post(map_url, data)

    assert response.status_code == 400
    assert ImportRun.objects.get(owner=ana).status == "preview"
    assert not CheckIn.objects.exists()


def test_letting_go_of_a_preview_deletes_the_file(ana):
    client = client_of(ana)
    map_url = upload_daylio(client, DAYLIO)["Location"]
    run = ImportRun.objects.get(owner=ana)

    response = client.post(reverse("moving:discard", args=[run.pk]), follow=True)

    assert "let go of that file" in page(response)
    assert not ImportRun.objects.exists() and not Upload.objects.exists()
    assert client.get(map_url).status_code == 404


def test_a_preview_nobody_continues_is_let_go_of_after_a_day(ana, frozen_now):
    client = client_of(ana)
    upload_daylio(client, DAYLIO)
    frozen_now(datetime(2026, 11, 19, 12, 1, tzinfo=UTC))

    run_worker()

    assert not Upload.objects.exists()


def test_her_own_feeling_words_are_offered_and_an_activity_of_that_name_goes_to_one(ana):
    from words import services as words

    words.add(ana, "feeling", "Friends", "high_pleasant")  # her own word, named like the activity
    words.rename(ana, "feeling", "tired", "wiped out")
    words.set_hidden(ana, "feeling", "calm", True)
    client = client_of(ana)
    map_url = upload_daylio(client, DAYLIO)["Location"]

    preview = client.get(map_url)

    form = preview.context["form"]
    by_label = {field.label: name for name, field in form.fields.items() if name.startswith("act")}
    own_key = next(w.key for w in ana.own_words.all() if w.label == "Friends")
    offered = dict(
        choice for _group, group in form.fields[by_label["friends"]].choices[2:] for choice in group
    )
    assert offered[f"word:{own_key}"] == "Friends"
    assert offered["word:tired"] == "wiped out"
    assert "word:calm" not in offered  # hidden: not offered any more
    assert form.fields[by_label["friends"]].initial == f"word:{own_key}"
    assert form.fields[by_label["calm"]].initial == "note"

    client.post(map_url, choices(preview))
    run_worker()

    evening = CheckIn.objects.get(owner=ana, evening=date(2026, 11, 3))
    assert evening.feeling_words == [own_key]
    assert "Activities: Evening walk, calm" in evening.note  # a hidden word: to the note


def test_what_an_import_brought_in_shows_on_the_very_next_kept_pages(ana):
    """The worker brings the file in: the pages kept for her and for Bo since she queued it
    (keyed by the couple's versions, which requests move by themselves) show it at once."""
    bo = UserFactory(display_name="Bo")
    make_couple(ana, bo)
    RitualFactory(owner=ana, title="Evening walk", visibility="practice")
    her, his = client_of(ana), client_of(bo)
    map_url = upload_daylio(her, DAYLIO)["Location"]
    her.post(map_url, choices(her.get(map_url)))
    pages = [(her, reverse("checkins:patterns")), (his, reverse("couples:home"))]

    def drawn() -> list[str]:
        return [without_tokens(page(client.get(url))) for client, url in pages]

    drawn()
    kept = drawn()  # the second visit: kept

    run_worker()

    seen = drawn()
    caches["pages"].clear()
    assert seen == drawn()
    assert all(now != before for now, before in zip(seen, kept, strict=True))
