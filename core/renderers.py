"""Duet's form renderer: Django's own form markup, without a template per option.

Django draws one radio button through three templates (the option, the input, its
attributes), a field group through two more (the label, the error list), a menu's option
through two: the check-in form alone took about 200 template renders, 39% of its page, and
the settings page's time zones about 1,000. This renderer writes the same markup in Python
for the few plain templates below and hands every other template to the engine as before.
A template from the list that an app overrides (its file is not the one this module
mirrors) goes to the engine too, so an override is never silently ignored;
tests/core/test_renderer.py compares both renderers' output field by field.
"""

from __future__ import annotations

import html
from pathlib import Path

import django
from django.conf import settings
from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise
from django.utils.safestring import SafeData

DJANGO_FORMS = Path(django.__file__).parent / "forms" / "templates"
INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in ["text", "number", "hidden", "checkbox", "email", "password", "date", "url"]
}
OPTIONS = {
    "django/forms/widgets/radio_option.html",
    "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/input_option.html",
}
RADIO = "django/forms/widgets/radio.html"  # Duet's own (templates/), without "---------"
CHOICES = {RADIO, "django/forms/widgets/checkbox_select.html"}
SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"
LABEL = "django/forms/label.html"
FIELD = "django/forms/field.html"
ERRORS = {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}
MIRRORED = INPUTS | OPTIONS | CHOICES | ERRORS | {SELECT, SELECT_OPTION, LABEL, FIELD}


def _escape(value) -> str:
    """Django's conditional_escape(value), as a plain string: Django's own passes through
    keep_lazy's check for lazy arguments on each of the several calls an option makes."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _text(value) -> str:
    """What `{{ value|stringformat:'s' }}` prints: escaped unless already safe."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {_escape(name)}")
        else:
            out.append(f' {_escape(name)}="{_text(value)}"')
    return "".join(out)


def input_html(widget: dict) -> str:
    """django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{_escape(widget["type"])}" '
        f'name="{_escape(widget["name"])}"{value}{attrs_html(widget["attrs"])}>'
    )


def option_html(option: dict) -> str:
    """django/forms/widgets/input_option.html."""
    if not option.get("wrap_label"):
        return input_html(option)
    target = option["attrs"].get("id")
    label_for = f' for="{_escape(target)}"' if target else ""
    return f"<label{label_for}>{input_html(option)} {_escape(option['label'])}</label>"


def choices_html(widget: dict, skip_blank_when_required: bool) -> str | None:
    """django/forms/widgets/multiple_input.html (and Duet's radio.html, which leaves out the
    blank choice of a required answer). None when an option has a template of its own."""
    attrs = widget["attrs"]
    out = ["<div"]
    if attrs.get("id"):
        out.append(f' id="{_escape(attrs["id"])}"')
    if attrs.get("class"):
        out.append(f' class="{_escape(attrs["class"])}"')
    out.append(">")
    required = widget.get("required")
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_escape(group)}</label>")
        for option in options:
            if option["template_name"] not in OPTIONS:
                return None
            if skip_blank_when_required and required and option["value"] == "":
                continue
            out.append(f"<div>\n    {option_html(option)}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


def select_option_html(option: dict) -> str:
    """django/forms/widgets/select_option.html."""
    return (
        f'<option value="{_text(option["value"])}"{attrs_html(option["attrs"])}>'
        f"{_escape(option['label'])}</option>"
    )


def select_html(widget: dict) -> str | None:
    """django/forms/widgets/select.html (a time zone menu has some 600 options: a template
    each took most of the settings page). None when an option has a template of its own."""
    out = [f'<select name="{_escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f'\n  <optgroup label="{_escape(group)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION:
                return None
            out.append(f"\n  {select_option_html(option)}")
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def label_html(context: dict) -> str:
    """django/forms/label.html."""
    label = _escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = context["tag"]
    return f"<{tag}{attrs_html(context['attrs'])}>{label}</{tag}>"


def errors_html(context: dict) -> str:
    """django/forms/errors/list/ul.html."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    described = f' id="{_escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_escape(error)}</li>" for error in errors)
    return f'<ul class="{_escape(context["error_class"])}"{described}>{items}</ul>'


def field_html(context: dict) -> str:
    """django/forms/field.html."""
    field = context["field"]
    out = []
    if field.use_fieldset:
        described = field.aria_describedby
        aria = f' aria-describedby="{_escape(described)}"' if described else ""
        out.append(f"<fieldset{aria}>\n  ")
        if field.label:
            out.append(str(field.legend_tag()))
        out.append("\n")
    elif field.label:
        out.append(str(field.label_tag()) + "\n")
    if field.help_text:
        helptext_id = f' id="{field.auto_id}_helptext"' if field.auto_id else ""
        out.append(f'<div class="helptext"{helptext_id}>{field.help_text}</div>')
    out.append(f"\n{field.errors}\n{field}")
    if field.use_fieldset:
        out.append("</fieldset>")
    return "".join(out)


class LightRenderer(TemplatesSetting):
    """TemplatesSetting, with Django's plain form templates written out in Python."""

    _mirrored: dict[str, bool]

    def __init__(self):
        super().__init__()
        self._mirrored = {}

    def mirrors(self, template_name: str) -> bool:
        """True while the template the engine would use is the file this module copies."""
        if template_name not in self._mirrored:
            origin = Path(self.get_template(template_name).origin.name)
            own = Path(settings.BASE_DIR) / "templates" / template_name
            expected = own if template_name == RADIO else DJANGO_FORMS / template_name
            self._mirrored[template_name] = origin == expected
        return self._mirrored[template_name]

    def render(self, template_name, context, request=None):
        html = None
        if template_name in MIRRORED and self.mirrors(template_name):
            html = self._python(template_name, context)
        if html is None:
            return super().render(template_name, context, request)
        return html.strip()

    def _python(self, template_name: str, context: dict) -> str | None:
        if template_name in INPUTS:
            return input_html(context["widget"])
        if template_name in OPTIONS:
            return option_html(context["widget"])
        if template_name in CHOICES:
            return choices_html(context["widget"], skip_blank_when_required=template_name == RADIO)
        if template_name == SELECT:
            return select_html(context["widget"])
        if template_name == SELECT_OPTION:
            return select_option_html(context["widget"])
        if template_name == LABEL:
            return label_html(context)
        if template_name in ERRORS:
            return errors_html(context)
        return field_html(context)
