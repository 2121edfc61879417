"""Demo organisations, teams and one account per role (``make run``).

Demo accounts have a published password and fixed TOTP secrets so that a person can
try them with an authenticator app and tests can compute codes. They are created only
in demo mode, DEBUG, or with an explicit flag, and ``check --deploy`` warns when they
exist. Loading twice changes nothing.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Domain, Municipality, Organisation, RoleAssignment, Team, TeamMembership, User
from .roles import Role

DEMO_PASSWORD = "Demo-wachtwoord-2026"

ORGANISATIONS = [
    {
        "slug": "bel",
        "name": "BEL Combinatie",
        "oin": "00000001820994768000",
        "shared": True,
        "municipalities": [("Blaricum", "0376"), ("Eemnes", "0317"), ("Laren", "0417")],
        "teams": [
            ("Jeugdteam BEL", Domain.YOUTH),
            ("Wmo-team BEL", Domain.SOCIAL_SUPPORT),
            ("Team Participatie BEL", Domain.PARTICIPATION),
            ("Schuldhulp BEL", Domain.DEBT_RELIEF),
        ],
    },
    {
        "slug": "haren",
        "name": "Gemeente Haren",
        "oin": "00000001001579000000",
        "shared": False,
        "municipalities": [("Haren", "0017")],
        "teams": [("WIJZ-team Haren", Domain.ACCESS), ("Jeugdteam Haren", Domain.YOUTH)],
    },
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str
    roles: tuple[str, ...]
    teams: tuple[str, ...] = ()
    lead_of: tuple[str, ...] = ()


USERS = [
    DemoUser("consulent.jeugd", "Jasmijn", "de Vries", "bel", (Role.CASE_WORKER,), ("Jeugdteam BEL",)),
    DemoUser("consulent.jeugd2", "Karim", "El Amrani", "bel", (Role.CASE_WORKER,), ("Jeugdteam BEL",)),
    DemoUser("consulent.wmo", "Wouter", "Bakker", "bel", (Role.CASE_WORKER,), ("Wmo-team BEL",)),
    DemoUser("consulent.schuldhulp", "Sanne", "Visser", "bel", (Role.CASE_WORKER,), ("Schuldhulp BEL",)),
    DemoUser("teamleider.jeugd", "Tessa", "Mulder", "bel", (Role.TEAM_LEAD,), ("Jeugdteam BEL",), ("Jeugdteam BEL",)),
    DemoUser("teamleider.wmo", "Thijs", "Smit", "bel", (Role.TEAM_LEAD,), ("Wmo-team BEL",), ("Wmo-team BEL",)),
    DemoUser("fg", "Fatima", "Yilmaz", "bel", (Role.PRIVACY_OFFICER,)),
    DemoUser("ciso", "Chris", "Jansen", "bel", (Role.CISO,)),
    DemoUser("beheerder", "Bram", "de Boer", "bel", (Role.FUNCTIONAL_ADMIN,)),
    DemoUser("informatiemanager", "Iris", "Peters", "bel", (Role.INFORMATION_MANAGER,)),
    # the archivist approves destruction lists next to the privacy officer (retention)
    DemoUser("archivaris", "Arjen", "Kramer", "bel", (Role.INFORMATION_MANAGER,)),
    DemoUser("directie", "Dirk", "Hendriks", "bel", (Role.MANAGEMENT,)),
    DemoUser("raad", "Roos", "van Dijk", "bel", (Role.COUNCIL,)),
    DemoUser("ketenpartner", "Kees", "Dekker", "bel", (Role.CHAIN_PARTNER,)),
    DemoUser("leverancier", "Lotte", "Vos", "bel", (Role.SUPPLIER,)),
    DemoUser("zonder.rol", "Zora", "Rolloos", "bel", ()),
    DemoUser("consulent.haren", "Hanna", "Brouwer", "haren", (Role.CASE_WORKER,), ("WIJZ-team Haren",)),
    DemoUser("fg.haren", "Hugo", "Kok", "haren", (Role.PRIVACY_OFFICER,)),
]


def totp_key_hex(username: str) -> str:
    """The fixed demo TOTP secret of a demo account (20 bytes, hex)."""
    return hashlib.sha1(f"privacyregie-demo:{username}".encode(), usedforsecurity=False).hexdigest()


def totp_key_base32(username: str) -> str:
    """The same secret as an authenticator app wants it (base32)."""
    return base64.b32encode(bytes.fromhex(totp_key_hex(username))).decode()


@transaction.atomic
def load() -> None:
    orgs = {}
    for spec in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            slug=spec["slug"], defaults={"name": spec["name"], "oin": spec["oin"], "is_shared_service": spec["shared"]}
        )
        orgs[spec["slug"]] = org
        munis = [
            Municipality.objects.update_or_create(organisation=org, name=name, defaults={"cbs_code": code})[0]
            for name, code in spec["municipalities"]
        ]
        for name, domain in spec["teams"]:
            team, _ = Team.objects.update_or_create(organisation=org, name=name, defaults={"domain": domain})
            team.municipalities.set(munis)

    for spec in USERS:
        org = orgs[spec.organisation]
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@demo.privacyregie.nl",
                "organisation": org,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_demo = True
        user.organisation = org
        user.save()
        for role in spec.roles:
            RoleAssignment.objects.get_or_create(user=user, organisation=org, role=role)
        for team_name in spec.teams:
            team = Team.objects.get(organisation=org, name=team_name)
            TeamMembership.objects.update_or_create(user=user, team=team, defaults={"is_lead": team_name in spec.lead_of})
        TOTPDevice.objects.update_or_create(
            user=user, name="default", defaults={"key": totp_key_hex(spec.username), "confirmed": True}
        )


def organisation(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def user(username: str) -> User:
    return User.objects.get(username=username)
