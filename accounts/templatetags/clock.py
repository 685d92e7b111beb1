"""`{{ moment|on_my_clock:"j M Y" }}`: like the `date` filter, on the viewer's clock, but a
moment at the very end of the calendar (a grant "until 9999-12-31" stored before forms had
bounds) is shown as stored instead of overflowing into year 10000 and failing the page."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date

from accounts.localtime import on_clock

register = template.Library()


@register.filter(expects_localtime=False)
def on_my_clock(moment, pattern: str = "j M Y") -> str:
    if not moment:
        return ""
    return format_date(on_clock(moment, timezone.get_current_timezone()), pattern)
