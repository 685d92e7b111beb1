"""Reading a page's HTML in tests."""

import re

# What differs on every response and is random text: the CSP nonce and the CSRF token (in
# the forms' hidden input and in the body's hx-headers).
TOKENS = re.compile(
    r'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"'
)


def without_tokens(html: str) -> str:
    """The page without its random tokens: a short name such as "Bo" can turn up inside
    one by chance (a 22-character nonce, a 64-character token), and a check that a page
    doesn't name someone must not fail on that."""
    return TOKENS.sub("", html)
