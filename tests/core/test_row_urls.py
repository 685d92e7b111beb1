"""`{% row_url %}` gives each row the very address `{% url %}` gives, at the cost of one
reverse a route."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.template import engines
from django.urls import NoReverseMatch, path, reverse, set_script_prefix

from core.templatetags.row_urls import _around_key

# Every route a template gives to {% row_url %}.
ROUTES = [
    "rituals:log",
    "rituals:detail",
    "checkins:change_sharing",
    "checkins:acknowledge",
    "wellbeing:entry_acknowledge",
    "wellbeing:entry_edit",
    "wellbeing:entry_share",
    "notifications:mark_read",
    "support:reminder_snooze",
    "support:reminder_stop",
]


# Another set of routes, for the test that changes ROOT_URLCONF to this module.
urlpatterns = [path("elsewhere/<int:key>/", lambda request, key: HttpResponse(), name="elsewhere")]


def draw(route: str, key) -> str:
    template = engines["django"].from_string("{% load row_urls %}{% row_url route key %}")
    return template.render({"route": route, "key": key})


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("key", [1, 42, 9081726354, 10**12])
def test_each_row_has_the_address_reverse_gives(route, key):
    assert draw(route, key) == reverse(route, args=[key])


def test_under_a_script_prefix_the_address_is_still_the_one_reverse_gives():
    try:
        set_script_prefix("/duet/")
        assert draw("wellbeing:entry_edit", 7) == reverse("wellbeing:entry_edit", args=[7])
        assert draw("wellbeing:entry_edit", 7).startswith("/duet/")
    finally:
        set_script_prefix("/")
    assert draw("wellbeing:entry_edit", 7) == "/wellbeing/journal/7/edit/"


def test_another_root_urlconf_gives_its_own_addresses(settings):
    assert draw("wellbeing:entry_edit", 7) == "/wellbeing/journal/7/edit/"

    settings.ROOT_URLCONF = __name__

    assert draw("elsewhere", 7) == "/elsewhere/7/"
    with pytest.raises(NoReverseMatch):
        draw("wellbeing:entry_edit", 7)


def test_a_route_without_a_key_is_refused_as_url_refuses_it():
    with pytest.raises(NoReverseMatch):
        draw("wellbeing:journal", 7)


def test_a_route_whose_address_repeats_the_key_is_refused(monkeypatch):
    monkeypatch.setattr(
        "core.templatetags.row_urls.reverse", lambda *args, **kwargs: "/9081726354/9081726354/"
    )
    _around_key.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured):
            draw("wellbeing:entry_edit", 7)
    finally:
        _around_key.cache_clear()


def test_a_key_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        draw("wellbeing:entry_edit", "7/../../admin")
