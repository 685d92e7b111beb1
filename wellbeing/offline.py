"""The crisis resources as last read, for pages that must work while the database is down.

Whenever the host's list is read or saved, a plain copy goes into the cache (files under
DATA_DIR by default, so no database is needed to read it back). The outage pages show
that copy, or the directories Duet ships with if no copy was kept yet.
"""

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wellbeing.models import Resource
from wellbeing.shipped import SHIPPED_RESOURCES

logger = logging.getLogger(__name__)

CACHE_KEY = "wellbeing:listed-resources"
FIELDS = ["name", "description", "phone", "url", "region", "hours", "shipped_default"]


def remember(resources: Iterable[Resource]) -> list[dict]:
    """Keep a plain copy of the listed resources (as the template reads them) and return it."""
    copy = [
        {**{field: getattr(r, field) for field in FIELDS}, "get_kind_display": r.get_kind_display()}
        for r in resources
    ]
    try:
        if cache.get(CACHE_KEY) != copy:  # most reads change nothing: spare the write
            cache.set(CACHE_KEY, copy, timeout=None)
    except Exception:  # a shared cache (REDIS_URL) that is down: the list still shows
        logger.warning("Could not keep a copy of the resources in the cache", exc_info=True)
    return copy


def remembered() -> list[dict]:
    """The last copy kept, or the shipped directories; never touches the database."""
    try:
        copy = cache.get(CACHE_KEY)
    except Exception:  # the cache is down too: the shipped directories are better than nothing
        logger.warning("Could not read the resources' copy from the cache", exc_info=True)
        copy = None
    if copy is not None:
        return copy
    return [
        {"hours": "", "phone": "", **values, "shipped_default": True}
        | {"get_kind_display": Resource.Kind(values["kind"]).label}
        for values in SHIPPED_RESOURCES
    ]


@receiver([post_save, post_delete], sender=Resource)
def _remember_after_a_change(**kwargs) -> None:
    transaction.on_commit(lambda: remember(Resource.objects.listed()))
