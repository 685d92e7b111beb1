"""`{% answer_form ack_form item_pk answered as form %}`: the answer form for one item.

Several items can be answered on one page (a partner's check-ins, entries brought to
revisit together), so each form gets ids of its own; once the viewer has answered, the form
holds that answer, ready to be changed, instead of opening empty.
"""

from django import template

register = template.Library()


@register.simple_tag
def answer_form(form, item_pk, answered):
    """A bound form (with its errors) as it is; otherwise a fresh one holding the earlier answer."""
    auto_id = f"answer-{item_pk}-%s"
    if form.is_bound:
        form.auto_id = auto_id
        return form
    earlier = answered[-1] if answered else None
    initial = {"kind": earlier.kind, "note": earlier.note} if earlier else None
    return type(form)(initial=initial, auto_id=auto_id)
