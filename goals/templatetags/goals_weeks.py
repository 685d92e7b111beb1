"""The dates under a month's strip of days, with weeks as the reader's language counts them.

A German or Spanish reader's weeks begin on Monday (Django's FIRST_DAY_OF_WEEK for their
locale), so the strip marks the 1st and then each day a week begins. English keeps the
month's own rhythm it always had: the 1st, 8th, 15th, 22nd and 29th.
"""

from django import template
from django.utils import formats, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import pgettext

from core.dates import day_in_words

register = template.Library()

# How many day slots the first label ("1 Nov") covers on a phone: a week beginning in them
# is left unmarked rather than drawn over it.
FIRST_LABEL_SLOTS = 4
# Languages whose month strip keeps the month's own seven-day rhythm (1, 8, 15…).
MONTH_RHYTHM_LANGUAGES = {"en"}


def first_weekday() -> int:
    """The day a week begins in the active language, as date.weekday() counts (Monday = 0).
    Django's FIRST_DAY_OF_WEEK counts from Sunday = 0."""
    return (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7


def marks_week_starts() -> bool:
    language = (translation.get_language() or "en").split("-")[0]
    return language not in MONTH_RHYTHM_LANGUAGES


def axis_labels(days) -> list[str]:
    """One label per day ("" for most): the first day with its month, then each week's start
    in the reader's language (or every seventh day, for English), none too close to the first."""
    # Translators: a Django date format, a day and its short month's name ("1 Nov").
    with_month = pgettext("date format", "j M")
    starts_week = marks_week_starts()
    week_begins = first_weekday()
    labels = []
    for n, day in enumerate(days):
        if n == 0:
            labels.append(day_in_words(day, with_month))
        elif n < FIRST_LABEL_SLOTS:
            labels.append("")  # the first label ("1 Nov") still takes these slots
        elif (day.weekday() == week_begins) if starts_week else (n % 7 == 0):
            labels.append(day_in_words(day, "j"))
        else:
            labels.append("")
    return labels


@register.simple_tag
def month_axis(cells):
    """Dates under a month's strip of days, one slot per day (see the module docstring)."""
    labels = axis_labels([cell.day for cell in cells])
    return format_html(
        '<div class="day-axis" aria-hidden="true">{}</div>',
        format_html_join("", "<span>{}</span>", ((label,) for label in labels)),
    )
