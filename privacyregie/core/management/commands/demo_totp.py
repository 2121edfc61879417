"""Print the current TOTP code of a demo account (demo mode only), for trying the demo without a phone."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacyregie.core.demo import USERS, totp_key_hex
from privacyregie.core.totp import totp_code


class Command(BaseCommand):
    help = "Show the current second-factor code of a demo account (only with DEMO_MODE=1 or DEBUG=1)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError("Only available in demo mode (DEMO_MODE=1).")
        if username not in {u.username for u in USERS}:
            raise CommandError(f"{username!r} is not a demo account.")
        self.stdout.write(totp_code(totp_key_hex(username)))
