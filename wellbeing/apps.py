from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "wellbeing"
    verbose_name = _("Wellbeing beyond the couple")

    def ready(self):
        from notifications.catalogue import about_still_visible
        from notifications.consent import register_check
        from notifications.models import Notification
        from wellbeing import offline  # noqa: F401 (keeps the outage copy of resources fresh)

        # An entry taken back (or deleted) before a copy went out is not told of.
        register_check(Notification.Kind.JOURNAL_SHARED, about_still_visible)
        register_check(Notification.Kind.JOURNAL_ANSWERED, about_still_visible)
