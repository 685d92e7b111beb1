"""Whether someone without an account may get one (the host's sign-up policy, in one place).

Single sign-on and proxy login ask here before they make an account for a newcomer: only an
open sign-up lets them, since invite-only and closed both mean the account must exist first.
"""

from django.conf import settings


def signup_allowed() -> bool:
    """True while the host's sign-up policy (settings.SIGNUP_POLICY, "open" if unset) is open."""
    return getattr(settings, "SIGNUP_POLICY", "open") == "open"
