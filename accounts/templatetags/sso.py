"""What the login page needs to know about single sign-on, without each view passing it."""

from django import template

from accounts import oidc

register = template.Library()


@register.inclusion_tag("accounts/sso_button.html")
def sso_button(next_url: str = "", only_way: bool = False):
    """The "Log in with <provider>" link, or nothing while single sign-on is off."""
    return {
        "enabled": oidc.enabled(),
        "name": oidc.provider_name(),
        "next": next_url,
        "only_way": only_way,
    }
