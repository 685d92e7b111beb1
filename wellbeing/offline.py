"""The crisis resources as last read, for pages that must work while the database is down.

Whenever the host's list is read or saved, a plain copy goes into the cache (files under
DATA_DIR by default, so no database is needed to read it back). The outage pages show
that copy, or the directories Duet ships with if no copy was kept yet.

The copy holds the data only (the kind as its key, the words as stored), never words in
some reader's language: `readable()` names the kind and translates the shipped words for
whoever reads the page, so a German reader never leaves German in an English reader's copy.
"""

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wellbeing.models import Resource
from wellbeing.shipped import SHIPPED_RESOURCES, in_readers_language

logger = logging.getLogger(__name__)

CACHE_KEY = "wellbeing:listed-resources"
FIELDS = ["name", "kind", "description", "phone", "url", "region", "hours", "shipped_default"]


def remember(resources: Iterable[Resource]) -> list[dict]:
    """Keep a plain copy of the listed resources and return it as the reader reads it."""
    copy = [{field: getattr(r, field) for field in FIELDS} for r in resources]
    try:
        if cache.get(CACHE_KEY) != copy:  # most reads change nothing: spare the write
            cache.set(CACHE_KEY, copy, timeout=None)
    except Exception:  # a shared cache (REDIS_URL) that is down: the list still shows
        logger.warning("Could not keep a copy of the resources in the cache", exc_info=True)
    return readable(copy)


def remembered() -> list[dict]:
    """The last copy kept, or the shipped directories, as the reader reads them; never
    touches the database."""
    try:
        copy = cache.get(CACHE_KEY)
    except Exception:  # the cache is down too: the shipped directories are better than nothing
        logger.warning("Could not read the resources' copy from the cache", exc_info=True)
        copy = None
    if copy is None:
        copy = [
            {"hours": "", "phone": "", **values, "shipped_default": True}
            for values in SHIPPED_RESOURCES
        ]
    return readable(copy)


def readable(copy: list[dict]) -> list[dict]:
    """The copy as the template reads it, in the active language: each kind named, and a
    shipped directory's words translated while the host left them as shipped."""
    return [_readable(values) for values in copy]


def _readable(values: dict) -> dict:
    shown = dict(values)
    shipped = bool(values.get("shipped_default"))
    for field in ("name", "description", "region"):
        shown[field] = in_readers_language(field, values.get(field, ""), shipped_default=shipped)
    if values.get("kind") in Resource.Kind.values:
        shown["get_kind_display"] = Resource.Kind(values["kind"]).label
    # A copy kept before kinds were kept as keys has the English name of the kind only.
    shown.setdefault("get_kind_display", "")
    return shown


@receiver([post_save, post_delete], sender=Resource)
def _remember_after_a_change(**kwargs) -> None:
    transaction.on_commit(lambda: remember(Resource.objects.listed()))
