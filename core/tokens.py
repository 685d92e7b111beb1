"""Secret links stored only as a hash: partner invitations, sign-up invitations, calendar feeds."""

import hashlib


def hash_token(token: str) -> str:
    """What is kept of a link's token: a lookup finds the row, a database leak opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()
