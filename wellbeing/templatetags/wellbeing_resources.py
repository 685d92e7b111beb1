from django import template

from wellbeing.models import Resource

register = template.Library()


@register.inclusion_tag("wellbeing/resource_list.html")
def resource_list():
    """The host's listed resources, for any page that offers them (check-in support page)."""
    return {"resources": Resource.objects.listed()}
