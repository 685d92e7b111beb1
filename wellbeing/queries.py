"""Reads for the support network, journal and WHO-5: page data built on `visible_to`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Prefetch

from accounts.localtime import local_today
from couples import privacy
from wellbeing.models import Contact, JournalAcknowledgement, JournalEntry, Who5Response

# WHO-5 guidance: a percentage below 50 suggests low wellbeing worth talking over with
# someone; 28 or below is where the WHO-5 literature suggests seeing a professional.
WHO5_LOW_BELOW = 50
WHO5_VERY_LOW_AT_MOST = 28


def network(viewer) -> dict:
    """The viewer's own contacts, and the ones their current partner shares."""
    partner = privacy.partner_of(viewer)
    return {
        "contacts": list(Contact.objects.owned_by(viewer)),
        "partner": partner,
        "partner_contacts": list(Contact.objects.from_partner(viewer)),
    }


JOURNAL_PAGE = 50


@dataclass
class JournalPage:
    """One page of the journal, newest first, as it is drawn: plain values, so it can be
    kept (a Django Page holds its queryset)."""

    entries: list[JournalEntry]
    number: int
    pages: int

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def previous_page_number(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next_page_number(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def journal(owner, words: str = "", tag: str = "", page: int = 1):
    """The owner's own entries (never anyone else's), narrowed by words and a tag; without
    a search, one JournalPage of JOURNAL_PAGE at a time, newest first (years of entries make
    a page nobody scrolls; one past the last is the last).

    Words are matched here rather than in SQL: titles and bodies are encrypted at rest.
    """
    entries = JournalEntry.objects.owned_by(owner).with_tags()
    if tag:
        entries = entries.tagged(tag)
    if not (words or tag):
        found = Paginator(entries, JOURNAL_PAGE).get_page(page)
        return JournalPage(list(found), found.number, found.paginator.num_pages)
    if not words:
        return list(entries)
    needle = words.casefold()
    return [
        entry
        for entry in entries
        if needle in entry.title.casefold() or needle in entry.body.casefold()
    ]


@dataclass
class Together:
    partner: object | None
    mine: list[JournalEntry] = field(default_factory=list)
    theirs: list[JournalEntry] = field(default_factory=list)


def revisit_together(viewer) -> Together:
    """Entries each partner chose to bring, side by side, each with its visible answers."""
    partner = privacy.partner_of(viewer)
    if partner is None:
        return Together(partner=None)
    answers = Prefetch(
        "acknowledgements",
        queryset=JournalAcknowledgement.objects.visible_to(viewer).select_related("author"),
        to_attr="visible_answers",
    )
    shared = (
        JournalEntry.objects.visible_to(viewer)
        .shared()
        .select_related("owner")
        .with_tags()
        .prefetch_related(answers)
        .order_by("-shared_at")
    )
    entries = list(shared)
    return Together(
        partner=partner,
        mine=[entry for entry in entries if entry.owner_id == viewer.pk],
        theirs=[entry for entry in entries if entry.owner_id == partner.pk],
    )


@dataclass(frozen=True)
class MonthScore:
    month: date
    raw: int | None
    percentage: int | None


def months_back(today: date, count: int) -> list[date]:
    """The first days of the last `count` months, oldest first, this month last."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def who5_trend(owner, months: int = 12) -> list[MonthScore]:
    """The owner's WHO-5 scores over their last `months` local months, oldest first; months
    without a self-check have None. Private: only ever pass the person asking."""
    if not getattr(owner, "is_authenticated", False) or months < 1:
        return []
    wanted = months_back(local_today(owner), months)
    by_month = {
        response.month: response
        for response in Who5Response.objects.owned_by(owner).filter(month__gte=wanted[0])
    }
    trend = []
    for month in wanted:
        response = by_month.get(month)
        trend.append(
            MonthScore(
                month,
                response.raw_score if response else None,
                response.percentage if response else None,
            )
        )
    return trend


def this_months_who5(owner) -> Who5Response | None:
    month = local_today(owner).replace(day=1)
    return Who5Response.objects.owned_by(owner).filter(month=month).first()


def partner_who5(viewer) -> list[Who5Response]:
    """The current partner's WHO-5 results they chose to share, newest first."""
    partner = privacy.partner_of(viewer)
    if partner is None:
        return []
    return list(Who5Response.objects.from_partner(viewer)[:12])
