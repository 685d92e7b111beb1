"""`|moment`: Django's `date` filter for the moments of a long page (the inbox), remembered
per moment, format, language and time zone (core.dates.moment_in_words)."""

from django import template

from core.dates import moment_in_words

register = template.Library()


@register.filter
def moment(value, format: str) -> str:
    """`{{ item.created_at|moment:format }}`: as `|date:format` words it, on the reader's clock."""
    return moment_in_words(value, format) if value else ""
