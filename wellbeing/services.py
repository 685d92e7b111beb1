"""Writes for the support network, journal and WHO-5. Only an entry brought to "revisit
together", and the partner's answer to it, tell the other (never the entry's words)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.localtime import local_today
from notifications.catalogue import answer_and_tell, tell_partner
from notifications.models import Notification
from wellbeing.models import EntryTag, JournalAcknowledgement, JournalEntry, Who5Response


def save_entry(entry: JournalEntry, tags: list[str]) -> JournalEntry:
    """Save a journal entry (new ones dated on the owner's clock) with exactly these tags."""
    with transaction.atomic():
        if entry.pk is None:
            entry.written_on = local_today(entry.owner)
        entry.save()
        entry.tags.exclude(tag__in=tags).delete()
        existing = set(entry.tags.values_list("tag", flat=True))
        EntryTag.objects.bulk_create(
            EntryTag(entry=entry, tag=tag) for tag in tags if tag not in existing
        )
    return entry


def share_entry(entry: JournalEntry) -> None:
    """Bring an entry to "revisit together": the partner sees it from the next request."""
    with transaction.atomic():
        shared = JournalEntry.objects.filter(pk=entry.pk, shared_at__isnull=True).update(
            shared_at=timezone.now()
        )
        if not shared:
            return  # shared already (a double submit): nothing new to tell
        entry.refresh_from_db(fields=["shared_at"])
        # Once per entry: taking it back and bringing it again is not news twice.
        # Worded in the partner's language when they read it (notifications/wording.py).
        tell_partner(
            entry.owner,
            Notification.Kind.JOURNAL_SHARED,
            gettext_noop(
                # Translators: {actor} is filled in later with the person's name; keep
                # it exactly as it is.
                "{actor} brought a journal entry to revisit together, when you both have a moment."
            ),
            reverse("wellbeing:revisit"),
            about=entry,
        )


def unshare_entry(entry: JournalEntry) -> None:
    """Take an entry back: hidden from the partner (with their answers) on the next request."""
    entry.shared_at = None
    entry.save(update_fields=["shared_at"])


def answered_text(kind: str) -> str:
    """The inbox wording for a partner's answer, one whole sentence per kind of answer: an
    English msgid, worded in the reader's language when read (notifications/wording.py)."""
    # Each sentence ends with the answer the partner chose, as the answer form shows it.
    texts = {
        JournalAcknowledgement.Kind.THANKS: gettext_noop(
            # Translators: {actor} is filled in later with the partner's name; keep it as it
            # is. The words after the colon are the answer they chose.
            "{actor} answered the entry you brought to revisit together: "
            "Thank you for bringing this."
        ),
        JournalAcknowledgement.Kind.HEAR: gettext_noop(
            # Translators: {actor} is filled in later with the partner's name; keep it as it
            # is. The words after the colon are the answer they chose.
            "{actor} answered the entry you brought to revisit together: I hear you."
        ),
        JournalAcknowledgement.Kind.PROUD: gettext_noop(
            # Translators: {actor} is filled in later with the partner's name; keep it as it
            # is. The words after the colon are the answer they chose.
            "{actor} answered the entry you brought to revisit together: I'm glad you shared this."
        ),
    }
    return texts[kind]


def acknowledge_entry(entry: JournalEntry, author, kind: str, note: str) -> JournalAcknowledgement:
    """The partner's answer to a shared entry; answering again replaces the earlier one."""
    return answer_and_tell(
        JournalAcknowledgement,
        entry,
        author,
        kind,
        note,
        news=Notification.Kind.JOURNAL_ANSWERED,
        text=answered_text(kind),
        url=reverse("wellbeing:revisit"),
    )


def save_who5(owner, answers: dict) -> Who5Response:
    """Record this local month's WHO-5; answering again in the same month edits it."""
    month = local_today(owner).replace(day=1)
    response, _created = Who5Response.objects.update_or_create(
        owner=owner, month=month, defaults=answers
    )
    return response
