"""Print a new VAPID private key (and its public half) for DUET_VAPID_PRIVATE_KEY."""

from django.core.management.base import BaseCommand

from config.settings import _new_vapid_key
from notifications import vapid


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push (set the private one once, keep it)."

    def handle(self, *args, **options):
        private = _new_vapid_key()
        public = vapid.public_key(private)
        self.stdout.write(f"DUET_VAPID_PRIVATE_KEY={private}\n# its public key: {public}\n")
