"""The one form-view idiom (STYLE.md, "Views"): a form is bound only to what was posted, and
the page around it answers 400 while the form has errors, so nothing was saved."""

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to: what was posted, or nothing on a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest, template_name: str, form: forms.BaseForm, context: dict | None = None
) -> HttpResponse:
    """Render the page around `form`: 400 while it has errors, otherwise 200."""
    return render(
        request,
        template_name,
        {"form": form, **(context or {})},
        status=400 if form.errors else 200,
    )
