from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from accounts import sessions, throttle  # noqa: F401  (signal receivers)
