from django.db import migrations


def make_joint_copies_private(apps, schema_editor):
    """Copies used to be made visible ("exists") for the partner without anyone choosing it.

    Copies from couples that ended are detached and private, as ending a couple now does;
    copies still at the old automatic "exists" become private. A copy its owner moved to
    "practice" was shared on purpose, within a couple still together, and stays so.
    """
    Ritual = apps.get_model("rituals", "Ritual")
    Ritual.objects.filter(joint__couple__ended_at__isnull=False).update(
        joint=None, visibility="private"
    )
    Ritual.objects.filter(joint__isnull=False, visibility="exists").update(visibility="private")


class Migration(migrations.Migration):
    dependencies = [
        ("rituals", "0003_encrypt_private_text"),
        ("couples", "0004_encrypt_private_text"),
    ]

    operations = [migrations.RunPython(make_joint_copies_private, migrations.RunPython.noop)]
