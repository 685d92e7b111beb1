"""`manage.py createinvite [--email ADDRESS] [--days N]`: print a one-time sign-up link."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from accounts import invites


class Command(BaseCommand):
    help = (
        "Make a one-time sign-up invitation and print its link (for DUET_SIGNUP=invite; it "
        "works under every policy but closed). Only a hash of it is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default="", help="only this address may use it")
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SIGNUP_INVITE_DAYS,
            help=f"how many days it works (default {settings.SIGNUP_INVITE_DAYS})",
        )

    def handle(self, *args, email: str, days: int, **options):
        if not 1 <= days <= 365:
            raise CommandError("--days must be between 1 and 365.")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"{email!r} is not an email address.") from None
        invitation, token = invites.create_invitation(email=email, days=days)
        self.stdout.write(invites.invitation_link(token))
        who = f" for {email}" if email else ""
        self.stderr.write(
            f"Works once{who}, until {invitation.expires_at:%Y-%m-%d %H:%M} UTC. "
            f"Sign-up policy now: {invites.policy()}."
        )
