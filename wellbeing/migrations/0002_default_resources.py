"""Ship a small default set of clearly labelled international directories as editable data.

The host edits, hides or adds to them in the admin; nothing in the app is hard-coded.
"""

from django.db import migrations

DEFAULTS = [
    {
        "name": "Find A Helpline",
        "kind": "directory",
        "description": (
            "An international directory of free, confidential helplines, searchable by "
            "country and topic."
        ),
        "url": "https://findahelpline.com/",
        "region": "International directory",
        "position": 10,
    },
    {
        "name": "Befrienders Worldwide",
        "kind": "directory",
        "description": "Emotional support centres around the world, listed by country.",
        "url": "https://www.befrienders.org/",
        "region": "International directory",
        "position": 20,
    },
    {
        "name": "IASP crisis centres and helplines",
        "kind": "directory",
        "description": (
            "The International Association for Suicide Prevention's list of crisis centres, "
            "by country."
        ),
        "url": "https://www.iasp.info/crisis-centres-helplines/",
        "region": "International directory",
        "position": 30,
    },
]


def add_defaults(apps, schema_editor):
    Resource = apps.get_model("wellbeing", "Resource")
    for values in DEFAULTS:
        Resource.objects.get_or_create(
            name=values["name"], defaults={**values, "shipped_default": True}
        )


def remove_defaults(apps, schema_editor):
    Resource = apps.get_model("wellbeing", "Resource")
    Resource.objects.filter(
        shipped_default=True, name__in=[values["name"] for values in DEFAULTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("wellbeing", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
