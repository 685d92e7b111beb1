"""`{% answer_form ack_form item_pk answered as form %}`: the answer form for one item, and
`{% answer_fields form as fields %}`: its fields drawn, by name.

Several items can be answered on one page (a partner's check-ins, entries brought to
revisit together), so each form gets ids of its own; once the viewer has answered, the form
holds that answer, ready to be changed, instead of opening empty.
"""

from django import template
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

AUTO_ID = "answer-{}-%s"
# The ids of a form drawn once for every item on a page: "item" stands for the item's key.
ANY_ITEM = AUTO_ID.format("item")


@register.simple_tag
def answer_form(form, item_pk, answered):
    """A bound form (with its errors) as it is; otherwise a fresh one holding the earlier answer."""
    auto_id = AUTO_ID.format(item_pk)
    if form.is_bound:
        form.auto_id = auto_id
        return form
    earlier = answered[-1] if answered else None
    initial = {"kind": earlier.kind, "note": earlier.note} if earlier else None
    fresh = type(form)(initial=initial, auto_id=auto_id)
    fresh.opens_empty = earlier is None
    return fresh


@register.simple_tag(takes_context=True)
def answer_fields(context, form) -> dict[str, SafeString]:
    """The form's fields as field groups, by name.

    A form that opens empty is the same for every item on the page but for the ids, which
    hold the item's key: it is drawn once a page (kept on the request; 0.3 ms a form, 60
    evenings on a partner's check-ins page) and each item gets it with its own key put in.
    """
    request = context.get("request")
    if not getattr(form, "opens_empty", False) or request is None:
        return _drawn(form)
    kept = request.__dict__.setdefault("_duet_empty_answer_fields", {})
    key = (type(form), translation.get_language())
    if key not in kept:
        kept[key] = _drawn(type(form)(auto_id=ANY_ITEM))
    anyone, own = ANY_ITEM.removesuffix("%s"), escape(form.auto_id.removesuffix("%s"))
    # Safe: Django drew `html`, and the item's ids go in escaped.
    return {name: mark_safe(html.replace(anyone, own)) for name, html in kept[key].items()}  # noqa: S308


def _drawn(form) -> dict[str, SafeString]:
    return {field.name: field.as_field_group() for field in form}
