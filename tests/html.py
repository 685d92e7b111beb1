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


def drawn(client, url: str, **query) -> tuple[str, int]:
    """The page at `url`, and how many queries drew it (fewer: parts of it were kept)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        text = client.get(url, query).text
    return text, len(queries)
