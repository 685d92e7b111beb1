import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from goals.models import (
    Appreciation,
    JointActivity,
    MonthlyPlan,
    MonthlyReview,
    PersonalObjective,
    ProgressNote,
    Win,
)
from tests.factories import RitualFactory

pytestmark = pytest.mark.django_db

MONTH = "2026-11"  # conftest freezes "now" on 18 November 2026


def url(name, *args):
    return reverse(f"goals:{name}", args=args)


@pytest.fixture
def pair(client, couple, frozen_now):
    return couple


def as_(client, person):
    client.force_login(person)
    return client


def test_the_month_link_opens_the_current_month(client, pair):
    assert as_(client, pair[0]).get(url("current"))["Location"] == url("month", MONTH)


def test_each_partner_sets_one_objective_and_one_joint_activity(client, pair):
    ana, bo = pair
    as_(client, ana).post(url("plan", MONTH), {"objective-text": "Read", "objective-shared": "on"})
    client.post(url("plan", MONTH), {"activity-text": "Sunday walk"})
    as_(client, bo).post(url("plan", MONTH), {"objective-text": "Swim twice a week"})
    client.post(url("plan", MONTH), {"activity-text": "Cook together"})

    assert PersonalObjective.objects.count() == 2
    plan = MonthlyPlan.objects.get()
    assert plan.month == date(2026, 11, 1)
    assert sorted(plan.activities.values_list("text", flat=True)) == [
        "Cook together",
        "Sunday walk",
    ]


def test_a_second_objective_edits_the_first(client, pair):
    as_(client, pair[0]).post(url("plan", MONTH), {"objective-text": "Read"})
    client.post(url("plan", MONTH), {"objective-text": "Read more"})

    assert list(PersonalObjective.objects.values_list("text", flat=True)) == ["Read more"]


def test_plans_for_next_month_are_fine_but_not_further(client, pair):
    client = as_(client, pair[0])

    assert client.post(url("plan", "2026-12"), {"objective-text": "x"}).status_code == 302
    far = client.post(url("plan", "2027-03"), {"objective-text": "x"})
    past = client.post(url("plan", "2026-10"), {"objective-text": "x"})

    assert far.status_code == 400 and "this month and next" in far.text
    assert past.status_code == 400 and "has passed" in past.text
    assert PersonalObjective.objects.count() == 1


@pytest.mark.parametrize("month_key", ["2026-13", "november", "2026", "0-0"])
def test_months_that_are_not_months_are_not_found(client, pair, month_key):
    # A malformed URL value fails in the path converter (STYLE.md).
    response = as_(client, pair[0]).get(f"/month/{month_key}/")

    assert response.status_code == 404


def test_a_month_far_ahead_is_refused(client, pair):
    response = as_(client, pair[0]).get(url("month", "2030-01"))

    assert response.status_code == 400


def test_empty_or_long_objectives_get_field_errors(client, pair):
    client = as_(client, pair[0])

    empty = client.post(url("plan", MONTH), {"objective-text": ""})
    long = client.post(url("plan", MONTH), {"objective-text": "x" * 301})

    assert "This field is required" in empty.text
    assert "at most 300 characters" in long.text
    assert not PersonalObjective.objects.exists()


def test_joint_activities_need_a_partner(client, user, frozen_now):
    response = as_(client, user).post(url("plan", MONTH), {"activity-text": "Walk"})

    assert response.status_code == 400
    assert "Joint activities are for two" in response.text
    assert not JointActivity.objects.exists()


def test_either_partner_marks_a_joint_activity_done(client, pair):
    ana, bo = pair
    as_(client, ana).post(url("plan", MONTH), {"activity-text": "Sunday walk"})
    activity = JointActivity.objects.get()
    as_(client, bo).post(url("activity_answer", activity.pk), {"action": "accept"})

    client.post(url("toggle_done", activity.pk))

    activity.refresh_from_db()
    assert activity.done_by == bo
    assert "done 18 Nov" in as_(client, ana).get(url("month", MONTH)).text


def test_an_activity_not_accepted_yet_cannot_be_marked_done(client, pair):
    ana, bo = pair
    as_(client, ana).post(url("plan", MONTH), {"activity-text": "Sunday walk"})
    activity = JointActivity.objects.get()

    response = as_(client, bo).post(url("toggle_done", activity.pk), follow=True)

    activity.refresh_from_db()
    assert activity.done_at is None
    assert "both said yes to it" in response.text


def test_progress_notes_on_my_objective_and_our_activity(client, pair):
    ana, bo = pair
    as_(client, ana).post(url("plan", MONTH), {"objective-text": "Read", "objective-shared": "on"})
    client.post(url("plan", MONTH), {"activity-text": "Sunday walk"})
    objective, activity = PersonalObjective.objects.get(), JointActivity.objects.get()

    client.post(url("objective_progress", MONTH, objective.pk), {"text": "two books"})
    as_(client, bo).post(url("activity_progress", MONTH, activity.pk), {"text": "first walk done"})

    assert ProgressNote.objects.count() == 2
    text = as_(client, ana).get(url("month", MONTH)).text
    assert "two books" in text and "Bo: first walk done" in text


def test_a_partner_cannot_add_notes_to_my_objective(client, pair):
    ana, bo = pair
    as_(client, ana).post(url("plan", MONTH), {"objective-text": "Read", "objective-shared": "on"})
    objective = PersonalObjective.objects.get()

    response = as_(client, bo).post(url("objective_progress", MONTH, objective.pk), {"text": "hi"})

    assert response.status_code == 404
    assert not ProgressNote.objects.exists()


def test_reviews_for_this_and_last_month_only(client, pair):
    client = as_(client, pair[0])
    review = {"went_well": "walks", "learned": "rest", "adjust": "sleep", "shared": "on"}

    assert client.post(url("review", MONTH), review).status_code == 302
    assert client.post(url("review", "2026-10"), review).status_code == 302
    assert client.post(url("review", "2026-09"), review).status_code == 400
    assert client.post(url("review", "2026-12"), review).status_code == 400
    assert MonthlyReview.objects.count() == 2


def test_our_month_detects_simultaneous_edits_and_shows_both(client, pair):
    ana, bo = pair
    as_(client, ana).get(url("our_month", MONTH))  # both open the form at version 0
    as_(client, bo).post(url("our_month", MONTH), {"text": "Bo's version", "version": "0"})

    response = as_(client, ana).post(
        url("our_month", MONTH), {"text": "Ana's version", "version": "0"}
    )

    assert response.status_code == 409
    assert "Bo saved a new version while you were writing" in response.text
    assert "Bo&#x27;s version" in response.text and "Ana&#x27;s version" in response.text
    plan = MonthlyPlan.objects.get()
    assert (plan.our_month, plan.version) == ("Bo's version", 1)

    # Merged, based on the version she was shown, it saves.
    client.post(url("our_month", MONTH), {"text": "Both of ours", "version": "1"})
    plan.refresh_from_db()
    assert (plan.our_month, plan.version) == ("Both of ours", 2)


def test_our_month_needs_a_partner(client, user, frozen_now):
    response = as_(client, user).get(url("our_month", MONTH))

    assert response.status_code == 400


def test_appreciations_go_to_the_partner_and_wins_stay_mine(client, pair):
    ana, bo = pair
    as_(client, ana).post(url("appreciation"), {"text": "Thank you for the tea last night"})
    client.post(url("win"), {"text": "Private win"})
    client.post(url("win"), {"text": "Shared win", "shared": "on"})

    appreciation = Appreciation.objects.get()
    assert (appreciation.author, appreciation.recipient) == (ana, bo)
    text = as_(client, bo).get(url("month", MONTH)).text
    assert "Thank you for the tea" in text and "Shared win" in text
    assert "Private win" not in text


def test_the_coach_nudges_appreciations_toward_kindness_without_blocking(client, pair):
    response = as_(client, pair[0]).post(
        url("appreciation"), {"text": "Thanks, but you always forget the bins"}, follow=True
    )

    assert "A thought for next time" in response.text
    assert Appreciation.objects.count() == 1


def test_wins_can_be_removed_only_by_their_owner(client, pair):
    ana, bo = pair
    win = Win.objects.create(owner=ana, month=date(2026, 11, 1), text="mine", shared=True)

    assert as_(client, bo).post(url("win_delete", win.pk)).status_code == 404
    as_(client, ana).post(url("win_delete", win.pk))
    assert not Win.objects.exists()


def test_month_navigation(client, pair):
    text = as_(client, pair[0]).get(url("month", "2026-10")).text

    assert url("month", "2026-09") in text and url("month", MONTH) in text
    assert url("month", "2026-12") not in as_(client, pair[0]).get(url("month", MONTH)).text


def test_the_page_prints_without_forms(client, pair):
    from pathlib import Path

    css = Path("static/css/duet.css").read_text()
    assert "@media print" in css and ".inline-form" in css.split("@media print")[-1]
    assert "Rituals this month" in as_(client, pair[0]).get(url("month", MONTH)).text


def test_rituals_this_month_counts_practice_pauses_and_rest(client, pair):
    from rituals.models import Pause, PracticeLog

    ana, _bo = pair
    ritual = RitualFactory(owner=ana, title="Stretch", started_on=date(2026, 10, 1))
    for day, outcome in [(2, "done"), (3, "adapted"), (4, "rest"), (5, "done")]:
        PracticeLog.objects.create(ritual=ritual, day=date(2026, 11, day), outcome=outcome)
    Pause.objects.create(ritual=ritual, starts_on=date(2026, 11, 10), ends_on=date(2026, 11, 13))

    text = as_(client, ana).get(url("month", MONTH)).text

    assert "practised on 3 days, 1 partly or adapted, 1 rest day, paused 3 days" in text
    assert "streak" not in text.lower()
    assert date(2026, 11, 1) + timedelta(days=29) == date(2026, 11, 30)
    assert text.count('class="day ') == 30


def test_a_vague_appreciation_gets_a_nudge_toward_specifics(client, pair):
    vague = as_(client, pair[0]).post(url("appreciation"), {"text": "Thanks!"}, follow=True)
    specific = client.post(
        url("appreciation"),
        {"text": "Thank you for making tea when I came home late on Tuesday"},
        follow=True,
    )

    assert "appreciations land deepest when they are specific" in vague.text
    assert "appreciations land deepest when they are specific" not in specific.text
    assert Appreciation.objects.count() == 2


def _day_labels(html: str) -> dict[str, str]:
    """The month strip's words for each day, e.g. {"Wed 18 Nov": "today, not noted yet"}."""
    return dict(re.findall(r'title="(\w{3} \d+ \w{3}): ([^"]+)"', html))


def test_the_current_month_marks_today_and_leaves_the_days_to_come_open(client, pair):
    ana, _ = pair
    RitualFactory(owner=ana, title="Stretch", started_on=date(2026, 11, 1))

    labels = _day_labels(as_(client, ana).get(url("month", MONTH)).content.decode())

    assert labels["Wed 18 Nov"] == "today, not noted yet"
    assert labels["Tue 17 Nov"] == "not noted"
    assert labels["Thu 19 Nov"] == "still to come"
    assert labels["Mon 30 Nov"] == "still to come"


def test_a_past_month_has_no_today_in_it(client, pair):
    ana, _ = pair
    RitualFactory(owner=ana, title="Stretch", started_on=date(2026, 10, 1))

    labels = _day_labels(as_(client, ana).get(url("month", "2026-10")).content.decode())

    assert labels["Sat 31 Oct"] == "not noted"
    assert "today, not noted yet" not in labels.values()


def test_an_empty_month_says_one_kind_line_per_section_and_no_form_shows_unasked(client, pair):
    text = as_(client, pair[0]).get(url("month", MONTH)).text

    assert "No rituals this month." in text
    assert "No evening check-ins this month." in text
    assert "No objective yet." in text
    assert "<summary>Add a note</summary>" not in text  # nothing to note on yet
    assert "data-print" in text and 'id="print-help"' in text
