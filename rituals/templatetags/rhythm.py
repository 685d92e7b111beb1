from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def rhythm_days(cells, label: str = "The last 4 weeks"):
    """A strip of days, oldest first; colour is never the only cue, each day has words.

    Rendered in Python rather than with a template loop: it is drawn for every ritual on
    the busiest pages.
    """
    return format_html(
        '<ol class="rhythm" aria-label="{}">{}</ol>',
        label,
        format_html_join(
            "",
            '<li class="day day-{}" title="{}"><span class="visually-hidden">{}</span></li>',
            ((cell.state, cell.label, cell.label) for cell in cells),
        ),
    )
