import html

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.dates import day_in_words

register = template.Library()


@register.simple_tag
def rhythm_days(cells, label: str = ""):
    """A strip of days, oldest first; colour is never the only cue, each day has words.

    Rendered in Python rather than with a template loop: it is drawn for every ritual on
    the busiest pages.
    """
    # Each word escaped once, then joined: format_html per square cost more than the rest,
    # and Django's escape() (html.escape behind a check for lazy strings) a third of that.
    days = "".join(
        f'<li class="day day-{html.escape(cell.state)}" title="{words}">'
        f'<span class="visually-hidden">{words}</span></li>'
        for cell in cells
        for words in [html.escape(cell.label)]
    )
    return format_html(
        '<ol class="rhythm" aria-label="{}">{}</ol>',
        label or gettext("The last 4 weeks"),
        mark_safe(days),  # noqa: S308 (every part above is escaped)
    )


@register.simple_tag
def day_axis(cells, every: int = 7):
    """Dates under a strip of days, one slot per day so each date sits over its own square:
    the first day with its month ("1 Nov"), then every `every` days ("8", "15"...)."""
    # Translators: a Django date format for the first date under a strip of days ("1 Nov").
    with_month = gettext("j M")
    return format_html(
        '<div class="day-axis" aria-hidden="true">{}</div>',
        format_html_join(
            "",
            "<span>{}</span>",
            (
                (day_in_words(cell.day, with_month if n == 0 else "j") if n % every == 0 else "",)
                for n, cell in enumerate(cells)
            ),
        ),
    )
