"""The vocabulary of access-matrix tests: roles (demo accounts) and routes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# role key -> demo username (privacyregie.core.demo). "no_role" has no role at all.
ROLE_USERS = {
    "case_worker_youth": "consulent.jeugd",
    "case_worker_wmo": "consulent.wmo",
    "team_lead": "teamleider.jeugd",
    "privacy_officer": "fg",
    "ciso": "ciso",
    "functional_admin": "beheerder",
    "information_manager": "informatiemanager",
    "management": "directie",
    "council": "raad",
    "chain_partner": "ketenpartner",
    "supplier": "leverancier",
    "chain_partner_accepted": "huisarts",  # external, confidentiality statement accepted (external.demo)
    "other_org_privacy_officer": "fg.haren",
    "no_role": "zonder.rol",
}
ALL_ROLES = tuple(ROLE_USERS)
# External users (ketenpartner, leverancier). "chain_partner" has not accepted the confidentiality statement;
# "chain_partner_accepted" (external.demo) and "supplier" (suppliers.demo) have. Demo shares give grants.
EXTERNAL_ROLES = ("chain_partner", "supplier", "chain_partner_accepted")
# The demo share of the exchange gives "chain_partner" a grant before it has accepted the statement: every
# page except the statement itself, the incident pages and logging out sends it to the statement first (302).
STATEMENT_PENDING = "chain_partner"


def statement_first(expect: dict) -> dict:
    """``expect`` with the statement-pending external user sent to the confidentiality statement (302)."""
    return {**expect, STATEMENT_PENDING: 302}
ROLES_WITH_ROLE = tuple(r for r in ALL_ROLES if r != "no_role")
INTERNAL_STAFF = (
    "case_worker_youth",
    "case_worker_wmo",
    "team_lead",
    "privacy_officer",
    "ciso",
    "functional_admin",
    "information_manager",
    "management",
    "other_org_privacy_officer",
)


@dataclass
class Route:
    """One URL with the status each role gets.

    ``kwargs`` is a callable returning the URL kwargs (looked up in the demo data).
    ``expect`` maps role key -> status; other roles get ``default``; anonymous users get
    ``anonymous`` (302 to the login page for pages, 401 for the API).
    """

    name: str
    expect: dict[str, int] = field(default_factory=dict)
    kwargs: Callable[[], dict] | None = None
    method: str = "get"
    data: dict | None = None
    default: int = 403
    anonymous: int | None = None
    label: str = ""

    def expected(self, role: str | None) -> int:
        if role is None:
            if self.anonymous is not None:
                return self.anonymous
            return 401 if self.name.startswith("api:") else 302
        return self.expect.get(role, self.default)

    @property
    def id(self) -> str:
        return f"{self.name}{'[' + self.label + ']' if self.label else ''}"
