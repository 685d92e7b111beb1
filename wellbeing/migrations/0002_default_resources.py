"""Ship a small default set of clearly labelled international directories as editable data.

The host edits, hides or adds to them in the admin; nothing in the app is hard-coded. The
list lives in wellbeing/shipped.py, which the outage pages fall back on.
"""

from django.db import migrations

from wellbeing.shipped import SHIPPED_RESOURCES as DEFAULTS


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
