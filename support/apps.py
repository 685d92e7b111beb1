from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"

    def ready(self):
        from core.scheduler import register_periodic
        from support.tasks import deliver_partner_reminders

        register_periodic(deliver_partner_reminders)
