import html

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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
