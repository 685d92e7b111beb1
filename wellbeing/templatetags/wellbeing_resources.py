from django import template

from wellbeing import offline
from wellbeing.models import Resource

register = template.Library()


@register.inclusion_tag("wellbeing/resource_list.html")
def resource_list():
    """The host's listed resources, for any page that offers them (check-in support page)."""
    return {"resources": offline.remember(Resource.objects.listed())}


@register.inclusion_tag("wellbeing/resource_list.html")
def remembered_resource_list():
    """The resources as last read, for pages that must render while the database is down."""
    return {"resources": offline.remembered()}
