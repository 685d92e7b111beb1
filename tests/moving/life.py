"""A person's realistic life in Duet, for exporting and bringing in elsewhere."""

from datetime import date, time, timedelta

from checkins.models import Acknowledgement, SharingDefaults
from couples.models import Boundary
from goals import services as goals
from goals.models import MonthlyReview, ReviewNudge, Win
from notifications.models import KindChoice, QuietHours
from rituals import services as rituals
from rituals.models import Adjustment, PracticeLog
from support import services as support
from tests.factories import CheckInFactory, RitualFactory
from wellbeing.models import Contact, EntryTag, JournalEntry, Who5Response

MONTH = date(2026, 10, 1)


def live(ana, bo) -> None:
    """Ana's own entries (many shared with Bo) and what Bo wrote or addressed to her."""
    ana.pronouns, ana.time_zone, ana.evening_time = "she/her", "America/New_York", time(20, 30)
    ana.save()
    walk = RitualFactory(
        owner=ana, title="Evening walk ünïcode", intention="air", visibility="practice"
    )
    tea = RitualFactory(owner=ana, title="Tea", schedule_kind="weekdays", weekdays=0b0010101)
    for offset in range(5):
        PracticeLog.objects.create(
            ritual=walk,
            day=date(2026, 11, 1) + timedelta(days=offset),
            outcome="done",
            note=f"log note {offset}",
        )
    PracticeLog.objects.create(
        ritual=tea, day=date(2026, 11, 2), outcome="adapted", adaptation="half a cup"
    )
    rituals.pause_ritual(tea, reason="travelling", resume_on=date(2026, 12, 1))
    rituals.reflect(walk, "work", "keep", "long days at work")
    Adjustment.objects.create(
        ritual=walk,
        reason="season",
        note="darker",
        before={"anchor": "evening"},
        after={"anchor": "morning"},
    )
    for offset in range(3):
        CheckInFactory(
            owner=ana,
            evening=date(2026, 11, 10) + timedelta(days=offset),
            note=f"checkin note {offset}",
            share_feeling=True,
            share_note=offset == 0,
            feeling_words=["calm", "grateful"],
        )
    shared = CheckInFactory(owner=ana, evening=date(2026, 11, 14), share_feeling=True)
    Acknowledgement.objects.create(checkin=shared, author=bo, kind="here", note="BO-ack-words")
    SharingDefaults.objects.create(owner=ana, share_feeling=True, share_sleep=True)
    entry = JournalEntry.objects.create(
        owner=ana, written_on=date(2026, 11, 3), title="A storm", body="journal body words"
    )
    EntryTag.objects.create(entry=entry, tag="trigger")
    EntryTag.objects.create(entry=entry, tag="coping")
    Contact.objects.create(
        owner=ana,
        name="Dr Rivera",
        kind="professional",
        reach="555 0100",
        goes_for="talking",
        shared=True,
    )
    Who5Response.objects.create(
        owner=ana, month=MONTH, item1=3, item2=4, item3=2, item4=3, item5=5, shared=True
    )
    objective = goals.set_objective(ana, MONTH, "sleep by eleven", shared=True)
    goals.add_progress(ana, "three nights so far", objective=objective)
    activity = goals.propose_activity(ana, MONTH, "a picnic together")
    goals.add_progress(ana, "booked the park", activity=activity)
    MonthlyReview.objects.create(owner=ana, month=MONTH, went_well="walks", learned="rest")
    Win.objects.create(owner=ana, month=MONTH, text="asked for help", shared=True)
    goals.appreciate(bo, MONTH, "BO-appreciation-words")
    goals.appreciate(ana, MONTH, "thank you for dinner")
    Boundary.objects.create(owner=ana, kind="welcome", text="walks together")
    QuietHours.objects.create(owner=ana, starts=time(22), ends=time(7))
    KindChoice.objects.create(owner=ana, kind="appreciation", email=True)
    ReviewNudge.objects.create(owner=ana)
    support.ask_for_support(ana, "practical", "help with the shopping")
