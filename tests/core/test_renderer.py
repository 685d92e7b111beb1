"""The light form renderer (core/renderers.py) writes exactly what Django's templates would."""

import re
from types import SimpleNamespace

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.urls import reverse

from checkins.forms import CheckInForm
from checkins.models import CheckIn
from core.renderers import LightRenderer
from tests.core.test_forms import duet_forms
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def same_markup(html: str) -> str:
    """Whitespace between tags and runs of spaces carry no meaning in this markup."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def drawn(form: forms.BaseForm, renderer) -> list[str]:
    form.renderer = renderer
    return [same_markup(str(form[name].as_field_group())) for name in form.fields] + [
        same_markup(str(form[name])) for name in form.fields
    ]


def instances():
    """Every Duet form that can be made without arguments, empty and with bad input."""
    made = []
    for form_class in duet_forms():
        if form_class is CheckInForm:
            continue  # a fresh submission key each time: drawn below with a fixed one
        for data in (None, dict.fromkeys(form_class.base_fields, "\x00" * 3)):
            try:
                made.append((form_class, data))
                form_class(data)
            except Exception:  # noqa: BLE001 (forms that need a person or a row)
                made.pop()
    return made


@pytest.mark.parametrize(("form_class", "data"), instances())
def test_every_field_looks_the_same_with_the_light_renderer(form_class, data):
    light, templates = form_class(data), form_class(data)
    if data:
        light.is_valid(), templates.is_valid()

    assert drawn(light, LightRenderer()) == drawn(templates, TemplatesSetting())


@pytest.mark.parametrize("data", [None, {"pleasantness": "9", "feeling_words": ["x"] * 9}])
def test_the_checkin_form_looks_the_same_with_the_light_renderer(data):
    def form():
        made = CheckInForm(data, instance=CheckIn(owner=UserFactory.build(), share_feeling=True))
        made.fields["submission_key"].initial = "5b0f6d5e-4b39-4d4e-9f39-0a4d3e2f1c11"
        if data:
            made.is_valid()
        return made

    light = drawn(form(), LightRenderer())

    assert light == drawn(form(), TemplatesSetting())
    assert any('type="radio"' in html for html in light)


def test_a_template_an_app_overrides_is_drawn_by_the_engine_again(monkeypatch):
    renderer = LightRenderer()
    assert renderer.mirrors("django/forms/widgets/radio.html")
    assert renderer.mirrors("django/forms/label.html")

    overridden = SimpleNamespace(origin=SimpleNamespace(name="/app/templates/label.html"))
    monkeypatch.setattr(renderer, "get_template", lambda name: overridden)
    renderer._mirrored.clear()

    assert not renderer.mirrors("django/forms/label.html")


class Menus(forms.Form):
    """Menus as Django draws them: grouped, several chosen, words that need escaping."""

    grouped = forms.ChoiceField(
        choices=[("Europe", [("Europe/Paris", "Paris"), ("Europe/Rome", "<b>Rome</b>")])]
        + [("", "Elsewhere"), ("UTC", 'UTC "zero"')],
        widget=forms.Select(attrs={"class": "wide", "data-x": True}),
    )
    several = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two & three")])
    maybe = forms.NullBooleanField()


@pytest.mark.parametrize(
    "data", [None, {"grouped": "Europe/Rome", "several": ["1", "2"], "maybe": "true"}]
)
def test_menus_look_the_same_with_the_light_renderer(data):
    light = drawn(Menus(data, initial={"grouped": "UTC"}), LightRenderer())

    assert light == drawn(Menus(data, initial={"grouped": "UTC"}), TemplatesSetting())
    assert any("<optgroup" in html and "selected" in html for html in light)
    assert any("&lt;b&gt;Rome&lt;/b&gt;" in html for html in light)


def test_the_settings_page_draws_its_menus_without_a_template_per_option(client):
    person = UserFactory(time_zone="America/Los_Angeles", language="de")
    client.force_login(person)

    page = client.get(reverse("accounts:profile"))

    assert re.search(r'<option value="America/Los_Angeles"[^>]* selected>', page.text)
    assert re.search(r'<option value="de" selected>', page.text)
    # The test client records every template the engine draws, includes too.
    drawn_templates = {template.name for template in page.templates}
    assert "accounts/profile.html" in drawn_templates
    assert "django/forms/widgets/select_option.html" not in drawn_templates
