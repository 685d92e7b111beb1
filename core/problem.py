"""The shared problem page: a request that is well formed but can't be used now gets a kind
sentence and a way back, never a bare error."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def problem_page(
    request: HttpRequest,
    problem: str,
    *,
    heading: str,
    title: str,
    back_url: str,
    back_label: str,
    status: int = 400,
) -> HttpResponse:
    """Render the problem page; it is never cached, since the problem may pass."""
    response = render(
        request,
        "core/problem.html",
        {
            "problem": problem,
            "heading": heading,
            "title": title,
            "back_url": back_url,
            "back_label": back_label,
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response
