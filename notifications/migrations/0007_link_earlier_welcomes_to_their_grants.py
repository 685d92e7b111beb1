from datetime import timedelta

from django.db import migrations

# How far apart a permission's "given" entry and its welcome were made (the same request).
CLOSE = timedelta(minutes=1)


def link(apps, schema_editor):
    """Welcomes made before notifications named their subject get their grant's "given"
    entry as subject, so withdrawing that grant later rewords them too (not "welcomes you"
    for ever). One that can't be matched surely is left as it was."""
    Notification = apps.get_model("notifications", "Notification")
    GrantEvent = apps.get_model("support", "GrantEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    given_type, _ = ContentType.objects.get_or_create(app_label="support", model="grantevent")
    welcomes = Notification.objects.filter(
        kind="grant", subject_id__isnull=True, actor__isnull=False
    )
    for welcome in welcomes.iterator():
        candidates = list(
            GrantEvent.objects.filter(
                action="given",
                grant__owner_id=welcome.actor_id,
                grant__partner_id=welcome.recipient_id,
                grant__ritual_id=welcome.ritual_id,
                at__gte=welcome.created_at - CLOSE,
                at__lte=welcome.created_at + CLOSE,
            ).values_list("pk", flat=True)
        )
        if len(candidates) == 1:
            Notification.objects.filter(pk=welcome.pk).update(
                subject_type=given_type, subject_id=candidates[0]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0006_widen_kinds_and_refer_to_event_subjects"),
        ("support", "0002_encrypt_private_text"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
