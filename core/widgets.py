"""Form widgets every app may use.

The kind-language coach reads what a person writes to their partner while they type. Its
widgets render their own polite live region, so no form or template has to remember it.
The coach endpoint belongs to the support app; it is named here only as a URL.
"""

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html

COACH_LIVE_REGION = '<div class="coach" aria-live="polite"></div>'


class _Coached:
    """Posts the text to the coach as it is typed (HTMX, debounced) and renders the live
    region its suggestions land in, right after the field."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "hx-post": reverse_lazy("support:coach"),
                "hx-trigger": "input changed delay:700ms",
                "hx-target": "next .coach",
                "hx-swap": "innerHTML",
                **(attrs or {}),
            }
        )

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        return format_html("{}" + COACH_LIVE_REGION, field)


class CoachedTextInput(_Coached, forms.TextInput):
    pass


class CoachedTextarea(_Coached, forms.Textarea):
    pass
