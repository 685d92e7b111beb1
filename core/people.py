"""The fields by which a row names a person (the user model), one for each way it can.

What happens to the row when the person deletes their account is the choice that matters:
`person` and `one_per_person` go with them (it is theirs, or about them), `optional_person`
outlives them with the link emptied (a trail, or a shared thing they once touched).
"""

from django.conf import settings
from django.db import models


def person(related_name: str, **options) -> models.ForeignKey:
    """A person the row belongs to or comes from; it is deleted with their account."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=related_name, **options
    )


def one_per_person(related_name: str) -> models.OneToOneField:
    """A person's single row of its kind (a setting, a secret); deleted with their account."""
    return models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=related_name
    )


def optional_person(related_name: str = "+", **options) -> models.ForeignKey:
    """Someone the row may name, e.g. who last changed it: it stays when their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        **options,
    )
