from django import template

from rituals.queries import partner_rituals

register = template.Library()


@register.inclusion_tag("rituals/partner_rituals.html", takes_context=True)
def partner_rituals_section(context):
    """The partner's shared rituals for the Us page, at each one's level of sharing."""
    request = context["request"]
    return {"shared": partner_rituals(request.user), "partner": context.get("partner")}
