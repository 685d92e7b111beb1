"""Today's partner news beyond the check-in: only what the privacy querysets let me see, at
most three lines, never a former partner's, in a bounded number of queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from checkins.models import Acknowledgement
from goals.models import Appreciation, PersonalObjective, ProgressNote, Win
from rituals.models import PracticeLog
from tests.factories import CheckInFactory, JournalEntryFactory, RitualFactory
from tests.html import without_tokens
from tests.instance.test_page_queries import MOST_QUERIES
from wellbeing.models import JournalAcknowledgement

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)  # conftest.NOW
MONTH = date(2026, 11, 1)
TODAY_URL = reverse("rituals:today")


def news(client, person) -> str:
    """The partner-news lines on Today ("" when there are none)."""
    client.force_login(person)
    text = client.get(TODAY_URL).text
    if '<ul class="news"' not in text:
        return ""
    start = text.index('<ul class="news"')
    return text[start : text.index("</ul>", start)]


def practised(owner, title: str, visibility: str = "practice", day: date = TODAY) -> None:
    ritual = RitualFactory(owner=owner, title=title, visibility=visibility)
    PracticeLog.objects.create(ritual=ritual, day=day, outcome="done")


def test_today_shows_what_the_partner_shared_lately(client, people, frozen_now):
    ana, bo = people.ana, people.bo
    practised(bo, "Evening walk")
    mine = CheckInFactory(owner=ana, evening=TODAY, share_feeling=True)
    Acknowledgement.objects.create(checkin=mine, author=bo, kind="warmth", note="")
    objective = PersonalObjective.objects.create(owner=bo, month=MONTH, text="x", shared=True)
    ProgressNote.objects.create(owner=bo, objective=objective, text="twice this week")

    lines = news(client, ana)

    assert "Bo practised “Evening walk”" in lines
    assert "Bo answered your check-in: Sending warmth" in lines
    assert "Bo noted progress on their objective" in lines
    assert lines.count("<li>") == 3


def test_wins_thanks_and_answers_to_an_entry_show_with_the_partners_pronouns(
    client, people, frozen_now
):
    ana, bo = people.ana, people.bo
    bo.pronouns = "he/him"
    bo.save()
    Win.objects.create(owner=bo, month=MONTH, text="Said no to an extra project", shared=True)
    Appreciation.objects.create(author=bo, recipient=ana, month=MONTH, text="the tea")
    entry = JournalEntryFactory(owner=ana, shared_at="2026-11-18T10:00Z")
    JournalAcknowledgement.objects.create(entry=entry, author=bo, kind="hear")

    lines = news(client, ana)

    assert "Bo shared a win: “Said no to an extra project”" in lines
    assert "Bo appreciates you: “the tea”" in lines
    assert "Bo answered the entry you brought: I hear you" in lines


def test_what_the_partner_did_not_share_never_appears(client, people, frozen_now):
    ana, bo = people.ana, people.bo
    practised(bo, "Private-ritual-xyz", visibility="private")
    practised(bo, "Exists-only-xyz", visibility="exists")  # shared by name, not its practice
    objective = PersonalObjective.objects.create(owner=bo, month=MONTH, text="x", shared=False)
    ProgressNote.objects.create(owner=bo, objective=objective, text="private-progress-xyz")
    Win.objects.create(owner=bo, month=MONTH, text="private-win-xyz", shared=False)
    # Bo's answer to someone else's check-in, and Bo's own check-in answered by me.
    theirs = CheckInFactory(owner=people.dee, evening=TODAY, share_feeling=True)
    Acknowledgement.objects.create(checkin=theirs, author=bo, kind="here", note="")
    bos = CheckInFactory(owner=bo, evening=TODAY, share_feeling=True)
    Acknowledgement.objects.create(checkin=bos, author=ana, kind="here", note="")

    assert news(client, ana) == ""
    client.force_login(ana)
    text = client.get(TODAY_URL).text
    assert "xyz" not in text and "answered your check-in" not in text


def test_a_former_partners_news_never_appears(client, people, frozen_now):
    """Cy was Ana's partner before Bo: nothing Cy shared or addressed to Ana shows."""
    ana, cy = people.ana, people.cy
    practised(cy, "Cy-ritual-xyz")
    Win.objects.create(owner=cy, month=MONTH, text="cy-win-xyz", shared=True)
    Appreciation.objects.create(author=cy, recipient=ana, month=MONTH, text="cy-thanks-xyz")
    mine = CheckInFactory(owner=ana, evening=TODAY, share_feeling=True)
    Acknowledgement.objects.create(checkin=mine, author=cy, kind="warmth", note="cy-ack-xyz")

    client.force_login(ana)
    text = client.get(TODAY_URL).text

    assert "xyz" not in text and "Cy " not in text
    assert news(client, ana) == ""


def test_news_older_than_a_few_days_rests(client, people, frozen_now):
    practised(people.bo, "Long ago", day=TODAY - timedelta(days=5))

    assert news(client, people.ana) == ""


def test_at_most_three_lines_in_the_same_queries_however_much_news(
    client, people, frozen_now, django_assert_max_num_queries
):
    ana, bo = people.ana, people.bo
    for n in range(6):
        practised(bo, f"Practice {n}")
        Win.objects.create(owner=bo, month=MONTH, text=f"win {n}", shared=True)
        Appreciation.objects.create(author=bo, recipient=ana, month=MONTH, text=f"thanks {n}")
    client.force_login(ana)

    with django_assert_max_num_queries(MOST_QUERIES):
        response = client.get(TODAY_URL)

    assert response.status_code == 200
    lines = news(client, ana)
    # Three lines, three different things: the newest of each kind.
    assert lines.count("<li>") == 3
    assert lines.count("practised") == lines.count("shared a win") == 1
    assert lines.count("appreciates you") == 1
    assert "· today</span>" in lines


def test_news_kept_for_a_moment_never_outlives_a_change_of_sharing(client, people, frozen_now):
    from django.test import Client

    from tests.rituals.test_views import make_private

    ana, bo = people.ana, people.bo
    practised(bo, "Evening walk")
    ritual = bo.rituals.get()
    assert "Evening walk" in news(client, ana)  # kept now

    as_bo = Client()
    as_bo.force_login(bo)
    made_private = make_private(as_bo, ritual)

    assert made_private.status_code == 302
    assert "Evening walk" not in news(client, ana)  # the very next request


def test_the_kept_check_in_and_proposals_never_outlive_a_change(client, people, frozen_now):
    """Today keeps the partner's latest check-in and their proposals with the news: taking a
    check-in's sharing back, or leaving, shows on the very next request."""
    from django.test import Client

    from rituals.models import JointRitual
    from tests.checkins.test_views import answers

    ana, bo = people.ana, people.bo
    as_bo = Client()
    as_bo.force_login(bo)
    as_bo.post(reverse("checkins:evening"), answers(feeling_words=["calm"], wish="company"))
    JointRitual.objects.create(
        couple=bo.memberships.get().couple, proposed_by=bo, invitee=ana, title="Sunday walk"
    )
    client.force_login(ana)
    text = client.get(TODAY_URL).text  # kept now
    assert "Bo shared tonight" in text and "calm" in text and "Sunday walk" in text

    taken_back = as_bo.post(
        reverse("checkins:evening"), answers(share_feeling=None, share_wish=None)
    )
    assert taken_back.status_code == 302
    text = client.get(TODAY_URL).text
    assert "Bo shared tonight" not in text and "calm" not in text
    assert "Sunday walk" in text  # still kept only as long as nothing changed

    as_bo.post(reverse("checkins:evening"), answers(feeling_words=["calm"]))
    assert "calm" in client.get(TODAY_URL).text
    as_bo.post(reverse("couples:leave"))
    text = without_tokens(client.get(TODAY_URL).text)
    assert "calm" not in text and "Sunday walk" not in text and "Bo" not in text
