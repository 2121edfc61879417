"""Demo data of the external-users capability (idempotent).

``huisarts`` is a GP of the register partner "Huisartsenpraktijk Blaricum" who has accepted the
confidentiality statement (the access matrix's external user past the statement). The demo
``ketenpartner`` has not: the demo shows the statement on first login. Grants come with the
demo shares of exchange and data rooms.
"""

import importlib

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from privacyregie.core.demo import DEMO_PASSWORD, totp_key_hex
from privacyregie.core.models import Organisation, RoleAssignment, User
from privacyregie.core.roles import Role
from privacyregie.register.models import ChainPartner

from .models import Acceptance, ExternalAccount, StatementVersion

USERNAME = "huisarts"
PARTNER = "Huisartsenpraktijk Blaricum"


@transaction.atomic
def load() -> None:
    bel = Organisation.objects.get(slug="bel")
    user, created = User.objects.get_or_create(
        username=USERNAME,
        defaults={"first_name": "Hester", "last_name": "Arts", "email": "huisarts@demo.privacyregie.nl",
                  "organisation": bel},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
    user.is_demo = True
    user.save()
    RoleAssignment.objects.get_or_create(user=user, organisation=bel, role=Role.CHAIN_PARTNER)
    TOTPDevice.objects.update_or_create(user=user, name="default",
                                        defaults={"key": totp_key_hex(USERNAME), "confirmed": True})
    partner = ChainPartner.objects.filter(organisation=bel, name=PARTNER).first()
    if partner is not None:
        ExternalAccount.objects.get_or_create(user=user, defaults={"partner": partner})
    current = StatementVersion.objects.current() or _seed_statement()
    if current is not None:
        Acceptance.objects.get_or_create(user=user, version=current)


def _seed_statement() -> StatementVersion:
    """Version 1 of the statement, as its data migration seeds it: a database emptied by a test's flush
    (transactional browser tests) gets it back with the demo data."""
    seeded = importlib.import_module("privacyregie.external.migrations.0002_seed_confidentiality_statement")
    return StatementVersion.objects.create(version=1, text=seeded.TEXT)
