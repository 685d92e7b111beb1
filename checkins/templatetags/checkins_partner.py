from django import template

from checkins.forms import AcknowledgementForm
from checkins.queries import latest_partner_checkin

register = template.Library()


@register.inclusion_tag("checkins/partner_latest.html", takes_context=True)
def partner_checkin_section(context):
    """The partner's latest shared check-in for the Us page, ready to acknowledge."""
    request = context["request"]
    return {
        "view": latest_partner_checkin(request.user),
        "partner": context.get("partner"),
        "ack_form": AcknowledgementForm(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
