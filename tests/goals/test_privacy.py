"""Every goals URL and every section of the monthly page, from every side."""

from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from checkins.models import Acknowledgement, CheckIn
from goals import services
from goals.models import (
    Appreciation,
    JointActivity,
    MonthlyReview,
    PersonalObjective,
    ProgressNote,
    Win,
)
from rituals.models import PracticeLog
from support import services as support_services
from support.models import SupportGrant
from tests.factories import CheckInFactory, RitualFactory

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)
MINUTE = timedelta(minutes=1)
MONTH = "2026-11"


@pytest.fixture
def story(people, frozen_now):
    """A month of Ana's, with a private and a shared version of everything."""
    ana, bo = people.ana, people.bo
    private = PersonalObjective.objects.create(owner=ana, month=NOVEMBER, text="objective-private")
    bos = PersonalObjective.objects.create(
        owner=bo, month=NOVEMBER, text="bo-objective-shared", shared=True
    )
    ProgressNote.objects.create(owner=ana, objective=private, text="note-private")
    ProgressNote.objects.create(owner=bo, objective=bos, text="bo-note-shared")
    MonthlyReview.objects.create(owner=ana, month=NOVEMBER, went_well="review-private")
    MonthlyReview.objects.create(
        owner=bo, month=NOVEMBER, went_well="bo-review-shared", shared=True
    )
    Win.objects.create(owner=ana, month=NOVEMBER, text="win-private")
    Win.objects.create(owner=ana, month=NOVEMBER, text="win-shared", shared=True)
    activity = services.propose_activity(ana, NOVEMBER, "activity-joint")
    ProgressNote.objects.create(owner=bo, activity=activity, text="note-joint")
    services.appreciate(bo, NOVEMBER, "appreciation-text")
    secret = RitualFactory(owner=ana, title="ritual-private", started_on=date(2026, 10, 1))
    named = RitualFactory(
        owner=ana, title="ritual-exists", visibility="exists", started_on=date(2026, 10, 1)
    )
    practice = RitualFactory(
        owner=ana, title="ritual-practice", visibility="practice", started_on=date(2026, 10, 1)
    )
    for ritual in (secret, named, practice):
        PracticeLog.objects.create(ritual=ritual, day=date(2026, 11, 2), outcome="done")
    CheckInFactory(
        owner=ana, evening=date(2026, 11, 3), wish="space", note="checkin-note", share_wish=True
    )
    shared = CheckInFactory(owner=ana, evening=date(2026, 11, 4), share_feeling=True)
    Acknowledgement.objects.create(checkin=shared, author=bo, kind="warmth")
    grant = support_services.grant_support(SupportGrant(kind="accompany"), owner=ana)
    support_services.make_offer(grant, bo, "offer-text")
    support_services.ask_for_support(ana, "company", "request-text")
    remind = support_services.grant_support(SupportGrant(kind="remind", ritual=practice), owner=ana)
    now = timezone.now()
    support_services.schedule_reminder(remind, bo, practice, "reminder-text", now + MINUTE)
    support_services.deliver_due_reminders(now=now + 2 * MINUTE)
    return {"activity": activity}


def month_page(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("goals:month", args=[MONTH])).text


def test_the_owner_sees_all_of_her_own_month(client, people, story):
    text = month_page(client, people.ana)

    for marker in [
        "objective-private",
        "review-private",
        "win-private",
        "win-shared",
        "activity-joint",
        "appreciation-text",
        "ritual-private",
        "ritual-practice",
        "some space (1)",
        "offer-text",
        "bo-objective-shared",
        "bo-review-shared",
        "note-private",
        "bo-note-shared",
        "Bo: note-joint",
    ]:
        assert marker in text, marker


def test_the_partner_sees_only_what_was_shared(client, people, story):
    text = month_page(client, people.bo)

    for marker in [
        "win-shared",
        "activity-joint",
        "appreciation-text",
        "offer-text",
        "Bo: note-joint",
    ]:
        assert marker in text, marker
    for marker in [
        "objective-private",
        "note-private",
        "review-private",
        "win-private",
        "ritual-private",
    ]:
        assert marker not in text, marker
    assert "checkin-note" not in text
    assert "some space (1)" in text  # that evening shared its wish
    named = text.split("ritual-exists", 1)[1].split("</li>", 1)[0]
    assert "shared by name only" in named
    practice = text.split("ritual-practice", 1)[1].split("</li>", 1)[0]
    assert "practised on 1 day" in practice
    # Two evenings shared something; only one shared its feeling, so only it is averaged.
    assert "2 evenings checked in · feeling averaged 4.0/5" in text


@pytest.mark.parametrize("viewer", ["cy", "dee", "staff"])
def test_outsiders_see_nothing_of_the_couples_month(client, people, story, viewer):
    text = month_page(client, getattr(people, viewer))

    for marker in [
        "objective-private",
        "win-shared",
        "activity-joint",
        "appreciation-text",
        "ritual-exists",
        "ritual-practice",
        "offer-text",
        "request-text",
        "reminder-text",
        "bo-objective-shared",
        "bo-review-shared",
        "note-private",
        "bo-note-shared",
        "note-joint",
    ]:
        assert marker not in text, marker


def test_both_read_the_support_they_exchanged_alike_and_neither_once_the_couple_ends(
    client, people, story
):
    exchanged = [
        "Ana asked: “request-text” · waiting for an answer",
        "Bo offered: “offer-text” · waiting for an answer",
        "Bo reminded about ritual-practice: “reminder-text”",
    ]
    answers = {
        people.ana: "Bo answered 1 evening check-in with warmth.",
        people.bo: "I answered 1 evening check-in with warmth.",
    }
    for person, answered in answers.items():
        text = _support_section(month_page(client, person))
        lines = [*exchanged, answered]
        assert [line for line in lines if line in text] == lines, text
        assert [text.index(line) for line in lines] == sorted(text.index(line) for line in lines)
    from couples import services as couple_services

    couple_services.leave_couple(people.bo)

    for person in (people.ana, people.bo):
        assert "Support we exchanged" not in month_page(client, person)


def _support_section(text: str) -> str:
    import html

    return html.unescape(text.split('id="support-heading"', 1)[1].split("</section>", 1)[0])


def test_a_former_partner_loses_appreciations_they_received(client, people, story):
    from couples import services as couple_services

    couple_services.leave_couple(people.ana)

    assert "appreciation-text" not in month_page(client, people.ana)
    assert "appreciation-text" in month_page(client, people.bo)  # the author keeps theirs


def test_a_former_partner_loses_what_was_shared_with_them_and_keeps_their_own(
    client, people, story
):
    from couples import services as couple_services

    couple_services.leave_couple(people.ana)

    text = month_page(client, people.ana)
    for marker in ["bo-objective-shared", "bo-note-shared", "bo-review-shared", "note-joint"]:
        assert marker not in text, marker
    for marker in ["objective-private", "note-private", "review-private", "win-shared"]:
        assert marker in text, marker


@pytest.mark.parametrize("viewer", ["cy", "dee", "staff"])
def test_outsiders_cannot_touch_the_couples_items(client, people, story, viewer):
    activity = story["activity"]
    objective = PersonalObjective.objects.get(owner=people.ana)
    win = next(win for win in Win.objects.all() if win.text == "win-private")
    client.force_login(getattr(people, viewer))

    assert client.post(reverse("goals:toggle_done", args=[activity.pk])).status_code == 404
    assert (
        client.post(
            reverse("goals:activity_progress", args=[MONTH, activity.pk]), {"text": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("goals:objective_progress", args=[MONTH, objective.pk]), {"text": "x"}
        ).status_code
        == 404
    )
    assert client.post(reverse("goals:win_delete", args=[win.pk])).status_code == 404
    activity.refresh_from_db()
    assert activity.done_at is None and Win.objects.filter(pk=win.pk).exists()


GOALS_URLS = [
    ("get", "goals:current", []),
    ("get", "goals:month", [MONTH]),
    ("get", "goals:plan", [MONTH]),
    ("post", "goals:plan", [MONTH]),
    ("get", "goals:review", [MONTH]),
    ("get", "goals:our_month", [MONTH]),
    ("post", "goals:objective_progress", [MONTH, 1]),
    ("post", "goals:activity_progress", [MONTH, 1]),
    ("post", "goals:toggle_done", [1]),
    ("get", "goals:appreciation", []),
    ("get", "goals:win", []),
    ("post", "goals:win_delete", [1]),
]


@pytest.mark.parametrize(("method", "name", "args"), GOALS_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def build_history(ana, bo, months_back: int, skip_days: int = 0) -> None:
    rituals = [
        RitualFactory(owner=person, visibility="practice", started_on=date(2023, 1, 1))
        for person in (ana, bo, ana)
    ]
    day = date(2026, 11, 18)
    logs, checkins = [], []
    for back in range(skip_days, months_back * 30):
        evening = day - timedelta(days=back)
        logs += [PracticeLog(ritual=r, day=evening, outcome="done") for r in rituals]
        checkins += [
            CheckInFactory.build(owner=person, evening=evening, share_feeling=True)
            for person in (ana, bo)
        ]
    PracticeLog.objects.bulk_create(logs)
    from checkins.models import CheckIn

    CheckIn.objects.bulk_create(checkins)
    from goals.months import shift

    for back in range(months_back):
        month = shift(date(2026, 11, 1), -back)
        PersonalObjective.objects.get_or_create(owner=ana, month=month, defaults={"text": "o"})
        Win.objects.create(owner=bo, month=month, text="w", shared=True)
        Appreciation.objects.create(author=ana, recipient=bo, month=month, text="a")


def count_queries(client, person, django_assert_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(person)
    caches["pages"].clear()  # the page as assembled, not as kept (tests/goals/test_month_cache.py)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("goals:month", args=[MONTH])).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_one_month_or_three_years(
    client, people, frozen_now, django_assert_num_queries
):
    build_history(people.ana, people.bo, months_back=1)
    JointActivity.objects.all().delete()
    one_month = count_queries(client, people.ana, django_assert_num_queries)

    build_history(people.ana, people.bo, months_back=36, skip_days=30)
    three_years = count_queries(client, people.ana, django_assert_num_queries)

    assert one_month == three_years
    assert three_years <= 30


def test_who5_trend_shows_on_the_owners_month_and_never_the_partners(client, people, frozen_now):
    from wellbeing.models import Who5Response

    fields = {f.name for f in Who5Response._meta.get_fields()}
    answers = {name: 4 for name in fields if name.startswith("item")}
    Who5Response.objects.create(owner=people.ana, month=NOVEMBER, **answers)

    assert "My WHO-5 wellbeing self-check" in month_page(client, people.ana)
    assert "20/25 (80%)" in month_page(client, people.ana)
    assert "20/25" not in month_page(client, people.bo)


def test_an_answer_is_hidden_from_its_author_once_the_checkin_is_taken_back(client, people, story):
    assert "I answered 1 evening check-in with warmth" in month_page(client, people.bo)
    taken_back = CheckIn.objects.get(owner=people.ana, evening=date(2026, 11, 4))
    client.force_login(people.ana)
    client.post(reverse("checkins:change_sharing", args=[taken_back.pk]), {})  # nothing ticked

    text = month_page(client, people.bo)

    # Even a count of answers would tell Bo that Ana checked in that evening.
    assert "answered 1 evening check-in" not in text
    assert "Bo answered 1 evening check-in with warmth" in month_page(client, people.ana)
