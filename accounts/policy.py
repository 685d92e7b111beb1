"""Whether someone without an account may get one (the host's sign-up policy, in one place).

Single sign-on and proxy login ask here before they make an account for a newcomer: only an
open sign-up lets them, since invite-only and closed both mean the account must exist first.
"""

from accounts import invites


def signup_allowed() -> bool:
    """True while the sign-up policy in force (the admin's choice, else DUET_SIGNUP) is open."""
    return invites.policy() == "open"
