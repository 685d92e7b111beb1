"""Daylio's CSV export as evening check-ins (and, by choice, practice logs).

Daylio writes one row per entry: full_date,date,weekday,time,mood,activities,note_title,note
(older versions have no note_title). Its dates and times are the person's own wall clock,
so each entry's evening follows Duet's one rule for evenings (accounts.localtime: until
04:00 the next morning). Several entries in one evening become one check-in: the latest
mood, every chosen word and every note. The whole file is checked before anything is
saved; one bad row refuses the file, with every bad row named.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.localtime import EVENING_ENDS_AT_HOUR, local_today, wall_clock_instant
from checkins.forms import MAX_FEELING_WORDS
from checkins.models import CheckIn
from checkins.vocabulary import QUADRANTS
from core import dates
from core.forms import strip_controls
from moving.problems import ImportProblem
from rituals.models import Outcome, PracticeLog, Ritual

REQUIRED = ["full_date", "time", "mood"]
COLUMNS = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
MAX_ROWS = 50_000
MAX_NAME = 60
NOTE_LIMIT = CheckIn._meta.get_field("note").max_length
TIME_FORMATS = ["%H:%M", "%I:%M %p", "%H:%M:%S", "%I:%M:%S %p"]
# Daylio's five standard moods, placed on the mood meter (pleasantness, energy).
STANDARD_MOODS = {"rad": (5, 4), "good": (4, 3), "meh": (3, 3), "bad": (2, 2), "awful": (1, 2)}
WORDS = [word for _label, words in QUADRANTS.values() for word in words]
SHOWN_BAD_ROWS = 10
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]{0,200}>")

# Where an activity goes: its words in the note, a feeling word, a ritual's practice, nowhere.
NOTE, LEAVE = "note", "leave"


@dataclass
class Entry:
    line: int
    day: date
    at: time
    mood: str
    activities: list[str]
    title: str
    note: str

    @property
    def evening(self) -> date:
        return self.day - timedelta(days=1) if self.at.hour < EVENING_ENDS_AT_HOUR else self.day


@dataclass
class Preview:
    entries: list[Entry]
    moods: Counter = field(default_factory=Counter)
    activities: Counter = field(default_factory=Counter)

    @property
    def evenings(self) -> list[date]:
        return sorted({entry.evening for entry in self.entries})


def _text(value: str) -> str:
    value = html.unescape(TAG.sub("", BREAK.sub("\n", value or "")))
    return strip_controls(value, multiline=True).strip()


def _time(value: str) -> time | None:
    value = (value or "").strip().upper()
    for layout in TIME_FORMATS:
        try:
            return datetime.strptime(value, layout).time()
        except ValueError:
            continue
    return None


def parse(data: bytes, person) -> Preview:
    """Every entry of the file, or ImportProblem naming each bad row; nothing is saved."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(
            _("I couldn't read this file as text (UTF-8). Is it the CSV Daylio exported?")
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (StopIteration, csv.Error):
        raise ImportProblem(_("This file is empty, so there was nothing to import.")) from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportProblem(
            ngettext(
                "This doesn't look like Daylio's CSV export: I couldn't find the column "
                "%(missing)s. Daylio's begins with %(columns)s.",
                "This doesn't look like Daylio's CSV export: I couldn't find the columns "
                "%(missing)s. Daylio's begins with %(columns)s.",
                len(missing),
            )
            % {"missing": ", ".join(missing), "columns": ",".join(COLUMNS)}
        )
    today = local_today(person)
    preview, bad = Preview(entries=[]), []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(preview.entries) + len(bad) >= MAX_ROWS:
                raise ImportProblem(
                    _("This file has more than %(limit)s entries, more than one import takes.")
                    % {"limit": number_format(MAX_ROWS, force_grouping=True)}
                )
            entry, why = _entry(dict(zip(header, row, strict=False)), len(row), len(header), line)
            if entry and not dates.in_range(entry.day):
                why = _(
                    "its date %(day)s is outside the years Duet keeps (%(first)s to %(last)s)"
                ) % {"day": entry.day, "first": dates.FIRST_YEAR, "last": dates.LAST_YEAR}
            elif entry and entry.day > today:
                why = _("its date %(day)s is after today") % {"day": entry.day}
            if why:
                bad.append(_("Line %(line)s: %(why)s.") % {"line": line, "why": why})
                continue
            preview.entries.append(entry)
            preview.moods[entry.mood] += 1
            preview.activities.update(entry.activities)
    except csv.Error as error:
        bad.append(
            _("Line %(line)s: the CSV itself is broken (%(error)s).")
            % {"line": reader.line_num, "error": error}
        )
    if bad:
        shown = bad[:SHOWN_BAD_ROWS]
        if len(bad) > SHOWN_BAD_ROWS:
            shown.append(_("…and %(count)s more.") % {"count": len(bad) - SHOWN_BAD_ROWS})
        raise ImportProblem(
            ngettext(
                "%(count)s row of this file I couldn't read, so nothing was imported. Would you "
                "fix or remove it and try again?",
                "%(count)s rows of this file I couldn't read, so nothing was imported. Would you "
                "fix or remove them and try again?",
                len(bad),
            )
            % {"count": len(bad)},
            details=shown,
        )
    if not preview.entries:
        raise ImportProblem(_("This file has no entries, so there was nothing to import."))
    return preview


def _entry(cells: dict, width: int, expected: int, line: int) -> tuple[Entry | None, str]:
    if width != expected:
        return None, _("it has %(width)s columns where the header has %(expected)s") % {
            "width": width,
            "expected": expected,
        }
    try:
        day = date.fromisoformat((cells.get("full_date") or "").strip())
    except ValueError:
        return None, _("“%(value)s” isn't a date like 2024-03-05") % {
            "value": cells.get("full_date", "")[:20]
        }
    at = _time(cells.get("time", ""))
    if at is None:
        return None, _("“%(value)s” isn't a time like 21:30 or 9:30 PM") % {
            "value": cells.get("time", "")[:20]
        }
    mood = _text(cells.get("mood", ""))
    if not mood:
        return None, _("it has no mood")
    activities = [_text(part) for part in (cells.get("activities") or "").split("|")]
    activities = list(dict.fromkeys(part for part in activities if part))
    long = [name for name in [mood, *activities] if len(name) > MAX_NAME]
    if long:
        return None, _("a mood or activity is longer than %(limit)s characters") % {
            "limit": MAX_NAME
        }
    title, note = _text(cells.get("note_title", "")), _text(cells.get("note", ""))
    return Entry(line, day, at, mood, activities, title, note), ""


def default_place(mood: str) -> tuple[int, int]:
    return STANDARD_MOODS.get(mood.strip().lower(), (3, 3))


def default_target(activity: str, rituals: list[Ritual], words=()) -> str:
    """Where an activity goes unless the person says otherwise: a feeling word of the same
    name (one of `words`, the person's visible ones, by key or as they call it), a ritual of
    the same title, else the note."""
    name = activity.strip().lower()
    for word in words:
        if name in (word.key, word.label.strip().lower()):
            return f"word:{word.key}"
    if not words and name in WORDS:
        return f"word:{name}"
    for ritual in rituals:
        if ritual.title.strip().lower() == name:
            return f"ritual:{ritual.pk}"
    return NOTE


def import_entries(person, preview: Preview, mapping: dict, progress) -> dict:
    """Save the entries as the person chose, in the caller's transaction; the summary."""
    zone = person.zone
    rituals = {str(ritual.pk): ritual for ritual in Ritual.objects.owned_by(person)}
    moods, targets = mapping.get("moods", {}), mapping.get("activities", {})
    by_evening: dict[date, list[Entry]] = {}
    for entry in sorted(preview.entries, key=lambda e: (e.evening, e.day, e.at, e.line)):
        by_evening.setdefault(entry.evening, []).append(entry)
    existing = set(CheckIn.objects.owned_by(person).values_list("evening", flat=True))
    logged = set(PracticeLog.objects.owned_by(person).values_list("ritual_id", "day"))
    added = Counter()
    skipped = Counter()
    shortened = merged = 0
    shared_practice: set[int] = set()  # rituals, by number: the summary holds no words
    total = len(by_evening)
    for done, (evening, entries) in enumerate(by_evening.items()):
        if done % 50 == 0:
            progress(_("check-ins"), done, total)
        latest = entries[-1]
        for entry in entries:
            for activity in entry.activities:
                target = targets.get(activity, NOTE)
                if not target.startswith("ritual:"):
                    continue
                ritual = rituals.get(target.removeprefix("ritual:"))
                if ritual is None:
                    skipped[(_("practice"), _("that ritual is no longer here"))] += 1
                elif (ritual.pk, entry.day) in logged:
                    skipped[(_("practice"), _("that day was already noted"))] += 1
                else:
                    PracticeLog.objects.create(
                        ritual=ritual,
                        day=entry.day,
                        outcome=Outcome.DONE,
                        created_at=wall_clock_instant(entry.day, entry.at, zone),
                    )
                    logged.add((ritual.pk, entry.day))
                    added[_("practice logs")] += 1
                    if ritual.visibility != Ritual.Visibility.PRIVATE:
                        shared_practice.add(ritual.pk)
        if evening in existing:
            skipped[(_("check-ins"), _("you already had one that evening, and yours stayed"))] += 1
            continue
        if latest.mood not in moods:
            raise ImportProblem(
                _("I have no place on the mood meter for “%(mood)s”.") % {"mood": latest.mood}
            )
        pleasantness, energy = moods[latest.mood]
        words = []
        for entry in entries:
            for activity in entry.activities:
                target = targets.get(activity, NOTE)
                if target.startswith("word:") and target[5:] not in words:
                    words.append(target[5:])
        note = _note(entries, targets)
        if len(note) > NOTE_LIMIT:
            note = note[: NOTE_LIMIT - 1] + "…"
            shortened += 1
        merged += len(entries) > 1
        checkin = CheckIn(
            owner=person,
            evening=evening,
            pleasantness=pleasantness,
            feeling_energy=energy,
            feeling_words=words[:MAX_FEELING_WORDS],
            note=note,
            created_at=wall_clock_instant(latest.day, latest.at, zone),
        )
        checkin.full_clean()
        checkin.save()
        existing.add(evening)
        added[_("check-ins")] += 1
    progress(_("done"), total, total)
    notes = [_("The check-ins came in private: nothing is shared until you choose.")]
    if merged:
        notes.append(
            ngettext(
                "%(count)s evening had more than one entry: it became one check-in with the "
                "latest mood and every note.",
                "%(count)s evenings had more than one entry: each became one check-in with the "
                "latest mood and every note.",
                merged,
            )
            % {"count": merged}
        )
    if shortened:
        limit = number_format(NOTE_LIMIT, force_grouping=True)
        notes.append(
            ngettext(
                "%(count)s note ran past %(limit)s characters and was shortened.",
                "%(count)s notes ran past %(limit)s characters and were shortened.",
                shortened,
            )
            % {"count": shortened, "limit": limit}
        )
    if shared_practice:
        notes.append(
            ngettext(
                "The practice noted on a ritual whose practice you share is seen by your "
                "partner, like the rest of its practice.",
                "The practice noted on %(count)s rituals whose practice you share is seen by "
                "your partner, like the rest of its practice.",
                len(shared_practice),
            )
            % {"count": len(shared_practice)}
        )
    return {
        "added": [[label, count] for label, count in added.items()],
        "skipped": [[label, count, why] for (label, why), count in skipped.items()],
        "notes": notes,
    }


def _note(entries: list[Entry], targets: dict) -> str:
    pieces = []
    for entry in entries:
        lines = [part for part in (entry.title, entry.note) if part]
        noted = [a for a in entry.activities if targets.get(a, NOTE) == NOTE]
        if noted:
            lines.append(_("Activities: %(activities)s") % {"activities": ", ".join(noted)})
        if lines and len(entries) > 1:
            lines[0] = f"{entry.at:%H:%M} {lines[0]}"
        pieces.append("\n".join(lines))
    return "\n\n".join(piece for piece in pieces if piece)
