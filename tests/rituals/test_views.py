from datetime import date, timedelta

import pytest
from django.urls import reverse

from rituals.models import Adjustment, Pause, PracticeLog, Reflection, Ritual
from tests.factories import RitualFactory
from tests.instance.test_page_queries import MOST_QUERIES

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)  # a Wednesday, in Europe/London, see conftest.NOW
TODAY_URL = reverse("rituals:today")


@pytest.fixture
def ana(user, client, frozen_now):
    client.force_login(user)
    return user


def ritual_data(**overrides):
    data = {
        "title": "Morning pages",
        "category": "journaling",
        "intention": "to hear myself think",
        "schedule_kind": "daily",
        "anchor": "morning",
        "visibility": "private",
    }
    data.update(overrides)
    return data


def make_private(client, ritual):
    """The owner's request (logged in as `client`) that makes `ritual` private through its
    edit page, as a person does it."""
    return client.post(
        reverse("rituals:edit", args=[ritual.pk]),
        ritual_data(
            title=ritual.title,
            intention=ritual.intention,
            category=ritual.category,
            anchor=ritual.anchor,
            schedule_kind=ritual.schedule_kind,
            visibility="private",
        ),
    )


def log_url(ritual):
    return reverse("rituals:log", args=[ritual.pk])


# Creating and changing rituals


def test_create_a_ritual_private_by_default(client, ana):
    form = client.get(reverse("rituals:create"))
    assert 'value="private" required id="id_visibility_0" checked' in form.text

    response = client.post(reverse("rituals:create"), ritual_data())

    assert response["Location"] == TODAY_URL
    ritual = Ritual.objects.get()
    assert (ritual.owner, ritual.visibility, ritual.started_on) == (ana, "private", TODAY)
    assert "Morning pages" in client.get(TODAY_URL).text


def test_create_on_chosen_weekdays(client, ana):
    client.post(
        reverse("rituals:create"),
        ritual_data(schedule_kind="weekdays", weekday_choices=["0", "2", "4"]),
    )

    ritual = Ritual.objects.get()
    assert ritual.weekday_numbers == [0, 2, 4]
    assert ritual.schedule_label == "Mon, Wed, Fri"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"schedule_kind": "weekdays"}, "Pick at least one"),
        ({"schedule_kind": "per_week", "times_per_week": "9"}, "between 1 and 6"),
        ({"schedule_kind": "per_week"}, "between 1 and 6"),
        ({"anchor": "at_time"}, "What time would you like"),
        ({"title": ""}, "This field is required"),
        ({"title": "x" * 81}, "at most 80 characters"),
        ({"intention": "x" * 501}, "at most 500 characters"),
        ({"visibility": "everyone"}, "Select a valid choice"),
        ({"weekday_choices": ["8"], "schedule_kind": "weekdays"}, "Select a valid choice"),
    ],
)
def test_create_explains_bad_input_and_saves_nothing(client, ana, overrides, message):
    response = client.post(reverse("rituals:create"), ritual_data(**overrides))

    assert response.status_code == 400
    assert message in response.text
    assert not Ritual.objects.exists()


def test_unused_schedule_details_are_dropped(client, ana):
    client.post(
        reverse("rituals:create"),
        ritual_data(weekday_choices=["1"], times_per_week="3", anchor_time="07:00"),
    )

    ritual = Ritual.objects.get()
    assert (ritual.weekdays, ritual.times_per_week, ritual.anchor_time) == (0, None, None)


def test_changing_the_plan_keeps_a_history_with_a_reason(client, ana):
    ritual = RitualFactory(owner=ana, title="Walk", intention="air")
    data = ritual_data(title="Walk", intention="air and light", schedule_kind="per_week")
    data["times_per_week"] = "3"

    refused = client.post(reverse("rituals:edit", args=[ritual.pk]), data)
    assert "note what&#x27;s behind this change" in refused.text
    ritual.refresh_from_db()
    assert ritual.intention == "air"

    data.update(reason="season", reason_note="darker evenings")
    client.post(reverse("rituals:edit", args=[ritual.pk]), data)

    adjustment = Adjustment.objects.get()
    assert adjustment.reason == "season"
    assert ("Schedule", "Every day", "3× a week") in adjustment.changes
    assert ("Intention", "air", "air and light") in adjustment.changes
    detail = client.get(reverse("rituals:detail", args=[ritual.pk])).text
    assert "darker evenings" in detail and "3× a week" in detail


def test_changing_only_who_sees_it_needs_no_reason(client, ana):
    ritual = RitualFactory(owner=ana, title="Walk", intention="air", anchor="morning")
    data = ritual_data(title="Walk", intention="air", visibility="practice")

    response = client.post(reverse("rituals:edit", args=[ritual.pk]), data)

    assert response.status_code == 302
    assert not Adjustment.objects.exists()
    ritual.refresh_from_db()
    assert ritual.visibility == "practice"


# Logging practice


def test_one_tap_log_without_javascript(client, ana):
    ritual = RitualFactory(owner=ana)

    response = client.post(log_url(ritual), {"outcome": "done"})

    assert response["Location"] == TODAY_URL
    assert PracticeLog.objects.get().day == TODAY
    assert "Noted for 18 November: Done." in client.get(TODAY_URL).text


def test_one_tap_log_with_htmx_returns_just_the_card(client, ana):
    ritual = RitualFactory(owner=ana)

    response = client.post(
        log_url(ritual), {"outcome": "rest", "day": TODAY.isoformat()}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith(
        f'<article class="card ritual" id="ritual-{ritual.pk}"'
    )
    assert "<html" not in response.text
    assert "Noted: Rest day" in response.text


def test_logging_twice_updates_the_same_day(client, ana):
    ritual = RitualFactory(owner=ana)
    client.post(
        log_url(ritual),
        {"outcome": "done", "day": TODAY.isoformat(), "note": "felt good", "adaptation": ""},
    )

    client.post(log_url(ritual), {"outcome": "adapted", "adaptation": "ten minutes only"})

    log = PracticeLog.objects.get()
    assert (log.outcome, log.adaptation, log.note) == ("adapted", "ten minutes only", "felt good")


def test_a_past_day_can_be_corrected_within_14_days(client, ana):
    ritual = RitualFactory(owner=ana)
    day = TODAY - timedelta(days=13)

    client.post(
        log_url(ritual),
        {"outcome": "partly", "day": day.isoformat(), "note": "", "return_to": "detail"},
    )

    assert PracticeLog.objects.get().day == day


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY + timedelta(days=1), "hasn&#x27;t happened yet"),
        (TODAY - timedelta(days=14), "last 14 days"),
        ("not-a-date", "Enter a valid date"),
    ],
)
def test_logging_bad_days_is_refused_with_a_clear_message(client, ana, day, message):
    ritual = RitualFactory(owner=ana)
    day = day.isoformat() if isinstance(day, date) else day

    response = client.post(log_url(ritual), {"outcome": "done", "day": day, "note": ""})

    assert response.status_code == 400
    assert message in response.text
    assert not PracticeLog.objects.exists()


def test_logging_before_the_ritual_began_is_refused(client, ana):
    ritual = RitualFactory(owner=ana, started_on=TODAY - timedelta(days=2))

    response = client.post(
        log_url(ritual), {"outcome": "done", "day": (TODAY - timedelta(days=3)).isoformat()}
    )

    assert response.status_code == 400
    assert "This ritual began on 16 November 2026" in response.text


def test_bad_outcome_with_htmx_shows_the_error_in_the_card(client, ana):
    ritual = RitualFactory(owner=ana)

    response = client.post(log_url(ritual), {"outcome": "perfect"}, HTTP_HX_REQUEST="true")

    assert 'role="alert"' in response.text and "Select a valid choice" in response.text
    assert not PracticeLog.objects.exists()


def test_logging_someone_elses_ritual_is_404(client, ana, stranger):
    ritual = RitualFactory(owner=stranger)

    assert client.post(log_url(ritual), {"outcome": "done"}).status_code == 404
    assert not PracticeLog.objects.exists()


def test_log_needs_post(client, ana):
    ritual = RitualFactory(owner=ana)

    assert client.get(log_url(ritual)).status_code == 405


# Today page


def test_today_groups_planned_unplanned_and_paused(client, ana):
    RitualFactory(owner=ana, title="Daily stretch")
    RitualFactory(owner=ana, title="Friday swim", schedule_kind="weekdays", weekdays=1 << 4)
    RitualFactory(owner=ana, title="Resting one", status="paused")
    RitualFactory(owner=ana, title="Old habit", status="archived")

    text = client.get(TODAY_URL).text

    planned, rest = text.split("Not planned for today", 1)
    assert "Daily stretch" in planned and "Friday swim" not in planned
    assert "Friday swim" in rest
    assert "Resting for now" in rest and "Resting one" in rest
    assert "Old habit" not in text


def test_today_has_no_streaks_only_a_gentle_rhythm(client, ana):
    ritual = RitualFactory(owner=ana, started_on=TODAY - timedelta(days=40))
    for back in [1, 2, 5]:
        PracticeLog.objects.create(ritual=ritual, day=TODAY - timedelta(days=back), outcome="done")

    text = client.get(TODAY_URL).text

    assert "streak" not in text.lower()
    assert "Practised on 3 of the last 28 days" in text
    assert text.count('class="day ') == 28
    assert "Tue 17 Nov: done" in text


def test_today_query_count_does_not_grow_with_history(client, ana, django_assert_max_num_queries):
    for n in range(8):
        ritual = RitualFactory(owner=ana, started_on=TODAY - timedelta(days=400))
        PracticeLog.objects.bulk_create(
            PracticeLog(ritual=ritual, day=TODAY - timedelta(days=d), outcome="done")
            for d in range(0, 400, 2)
        )
        Pause.objects.create(ritual=ritual, starts_on=TODAY - timedelta(days=30 + n), ends_on=TODAY)

    with django_assert_max_num_queries(12):
        response = client.get(TODAY_URL)
    assert response.status_code == 200


# Pauses


def test_cards_read_practice_without_its_private_notes(client, ana):
    """A card shows the day's answer and what was adapted, never the note: the note isn't
    read (nor decrypted) for it, and Today draws the answer without asking for it later."""
    from rituals.queries import logs_and_pauses

    ritual = RitualFactory(owner=ana, title="Morning pages")
    client.post(
        log_url(ritual),
        {"outcome": "adapted", "adaptation": "five minutes", "note": "a hard morning"},
    )

    response = client.get(TODAY_URL)
    assert "Noted: Adapted" in response.text and 'value="five minutes"' in response.text
    assert "a hard morning" not in response.text
    logs, _pauses = logs_and_pauses([ritual.pk], TODAY, TODAY)
    assert logs[ritual.pk][TODAY].get_deferred_fields() == {"note"}


def test_pause_and_resume_with_a_reason(client, ana):
    ritual = RitualFactory(owner=ana)

    client.post(reverse("rituals:pause", args=[ritual.pk]), {"reason": "exams", "resume_on": ""})
    ritual.refresh_from_db()
    assert ritual.status == "paused"
    assert Pause.objects.get().reason == "exams"

    client.post(reverse("rituals:resume", args=[ritual.pk]))
    ritual.refresh_from_db()
    assert ritual.status == "active"
    assert Pause.objects.get().ends_on == TODAY


@pytest.mark.parametrize(
    ("resume_on", "message"),
    [(TODAY, "after today"), (TODAY + timedelta(days=400), "within the next year")],
)
def test_pause_refuses_odd_resume_dates(client, ana, resume_on, message):
    ritual = RitualFactory(owner=ana)

    response = client.post(
        reverse("rituals:pause", args=[ritual.pk]), {"resume_on": resume_on.isoformat()}
    )

    assert message in response.text
    ritual.refresh_from_db()
    assert ritual.status == "active"


def test_a_pause_with_a_resume_date_ends_by_itself(client, ana, frozen_now):
    ritual = RitualFactory(owner=ana)
    client.post(
        reverse("rituals:pause", args=[ritual.pk]),
        {"resume_on": (TODAY + timedelta(days=2)).isoformat()},
    )

    frozen_now(frozen_now() + timedelta(days=2))
    page = client.get(TODAY_URL).context["page"]

    ritual.refresh_from_db()
    assert ritual.status == "active"
    assert Pause.objects.get().ends_on == TODAY + timedelta(days=2)
    # The very page that resumed it shows it among today's rituals, no longer as paused.
    assert page.paused == []
    assert [card.ritual for card in page.planned + page.unplanned] == [ritual]


def test_a_pause_ends_by_itself_on_a_today_kept_in_a_couple(
    client, people, frozen_now, monkeypatch
):
    """In a couple Today's cards are kept (couples/versions.py): the page that resumes a
    ritual on a GET moves the versions itself, so the next pages show it resumed, kept,
    without resuming it again."""
    from rituals import services

    ana = people.ana
    client.force_login(ana)
    ritual = RitualFactory(owner=ana)
    client.post(
        reverse("rituals:pause", args=[ritual.pk]),
        {"resume_on": (TODAY + timedelta(days=2)).isoformat()},
    )
    assert client.get(TODAY_URL).context["page"].paused == [ritual]  # kept now
    resumed = []
    resume = services.resume_due_pauses
    monkeypatch.setattr(services, "resume_due_pauses", lambda owner: resumed.append(resume(owner)))

    frozen_now(frozen_now() + timedelta(days=2))
    pages = [client.get(TODAY_URL).context["page"] for _ in range(3)]

    ritual.refresh_from_db()
    assert ritual.status == "active" and resumed == [1]
    for page in pages:
        assert page.paused == [] and not page.resume_due
        assert [card.ritual for card in page.planned + page.unplanned] == [ritual]


def test_retire_and_restore(client, ana):
    ritual = RitualFactory(owner=ana)

    client.post(reverse("rituals:retire", args=[ritual.pk]))
    ritual.refresh_from_db()
    assert ritual.status == "archived"

    client.post(reverse("rituals:restore", args=[ritual.pk]))
    ritual.refresh_from_db()
    assert ritual.status == "active"


# Setback reflection


def test_missed_planned_days_invite_the_owner_to_reflect(client, ana):
    ritual = RitualFactory(owner=ana, started_on=TODAY - timedelta(days=20))
    PracticeLog.objects.create(ritual=ritual, day=TODAY - timedelta(days=4), outcome="done")
    PracticeLog.objects.create(ritual=ritual, day=TODAY - timedelta(days=1), outcome="skipped")

    assert "Would it help to take a moment" in client.get(TODAY_URL).text


def test_rest_days_and_pauses_are_not_setbacks(client, ana):
    ritual = RitualFactory(owner=ana, started_on=TODAY - timedelta(days=20))
    PracticeLog.objects.create(ritual=ritual, day=TODAY - timedelta(days=1), outcome="rest")
    paused = RitualFactory(owner=ana, started_on=TODAY - timedelta(days=20))
    Pause.objects.create(
        ritual=paused, starts_on=TODAY - timedelta(days=10), ends_on=TODAY - timedelta(days=1)
    )
    PracticeLog.objects.create(ritual=paused, day=TODAY - timedelta(days=11), outcome="done")

    assert "Would it help to take a moment" not in client.get(TODAY_URL).text


def test_unplanned_days_are_not_setbacks(client, ana):
    # Only Mondays; the last two Mondays were missed, which is two planned days, not three.
    RitualFactory(
        owner=ana, schedule_kind="weekdays", weekdays=1, started_on=TODAY - timedelta(days=10)
    )

    assert "Would it help to take a moment" not in client.get(TODAY_URL).text


def test_reflecting_is_private_and_acts_on_the_choice(client, ana):
    ritual = RitualFactory(owner=ana, started_on=TODAY - timedelta(days=20))

    client.post(
        reverse("rituals:reflect", args=[ritual.pk]),
        {"what_changed": "work", "choice": "pause", "note": "deadline month"},
    )

    reflection = Reflection.objects.get()
    assert (reflection.what_changed, reflection.note) == ("work", "deadline month")
    ritual.refresh_from_db()
    assert ritual.status == "paused"
    assert "Would it help to take a moment" not in client.get(TODAY_URL).text


def test_keep_going_quiets_the_prompt_until_new_misses(client, ana, frozen_now):
    ritual = RitualFactory(owner=ana, started_on=TODAY - timedelta(days=20))
    client.post(
        reverse("rituals:reflect", args=[ritual.pk]), {"what_changed": "sleep", "choice": "keep"}
    )
    assert "Would it help to take a moment" not in client.get(TODAY_URL).text

    frozen_now(frozen_now() + timedelta(days=4))
    assert "Would it help to take a moment" in client.get(TODAY_URL).text


def test_reflect_adjust_leads_to_the_edit_page(client, ana):
    ritual = RitualFactory(owner=ana)

    response = client.post(
        reverse("rituals:reflect", args=[ritual.pk]), {"what_changed": "season", "choice": "adjust"}
    )

    assert response["Location"] == reverse("rituals:edit", args=[ritual.pk])


def test_reflection_form_errors_are_shown(client, ana):
    ritual = RitualFactory(owner=ana)

    response = client.post(reverse("rituals:reflect", args=[ritual.pk]), {"choice": "explode"})

    assert response.text.count("errorlist") >= 2
    assert not Reflection.objects.exists()


def test_today_shows_tonights_checkin_and_only_what_the_partner_shared_in_few_queries(
    client, people, frozen_now, django_assert_max_num_queries
):
    from tests.factories import CheckInFactory

    for n in range(4):
        RitualFactory(owner=people.ana, title=f"Practice {n}")
    hidden = {"share_sleep": False, "share_energy": False, "share_note": False}
    CheckInFactory(owner=people.bo, share_feeling=True, share_wish=False, **hidden)
    client.force_login(people.ana)

    # Drawn afresh: the page, the partner's check-in, their news in one query, proposals.
    with django_assert_max_num_queries(MOST_QUERIES):
        text = client.get(TODAY_URL).text

    assert "Tonight's check-in" in text and "Not yet tonight" in text
    assert "Bo shared tonight" in text and "grateful" in text
    assert "practical" not in text.lower() and "note-secret-xyz" not in text
    with django_assert_max_num_queries(8):  # kept: none of the partner's
        client.get(TODAY_URL)

    CheckInFactory(owner=people.ana, share_feeling=True, share_wish=True, **hidden)
    text = client.get(TODAY_URL).text
    assert "Bo sees your feeling and what would help." in text
