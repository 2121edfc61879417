"""Demo data of supplier remote access (idempotent).

Two systems with supplier access: "Regiesysteem Sociaal Domein" (high confidentiality: owner
``informatiemanager`` and the CISO approve) and "Zaaksysteem" (owner ``beheerder``). The demo
``leverancier`` works for SociaalDomein Software B.V., has signed the confidentiality statement,
has an approved window on the Zaaksysteem (open while the demo is loaded, until five hours later),
a refused request on the Regiesysteem, and an imported connection log with one session inside
that window and one outside any window (a security incident for the CISO).
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation, User
from privacyregie.register.models import ChainPartner, InformationSystem

from .models import AccessRequest, Approval, ConnectionLogImport, RemoteAccessSystem, Status, SupplierSettings

SUPPLIER = "SociaalDomein Software B.V."
APPROVED_REFERENCE = "CHG-2026-0412"
REFUSED_REFERENCE = "INC-2026-0877"
LOG_NAME = "jumphost-demo.csv"
SYSTEMS = [
    # system name, access name, owner, high confidentiality, suppliers
    ("Regiesysteem Sociaal Domein", "regiesysteem", "informatiemanager", True, [SUPPLIER]),
    ("Zaaksysteem", "zaaksysteem", "beheerder", False, ["Zaaksysteem Cloud B.V.", SUPPLIER]),
]


@transaction.atomic
def load() -> None:
    bel = Organisation.objects.get(slug="bel")
    SupplierSettings.objects.get_or_create(organisation=bel)
    systems = {}
    for name, access_name, owner, high, suppliers in SYSTEMS:
        system = InformationSystem.objects.filter(organisation=bel, name=name).first()
        if system is None:
            return  # the register's demo data is not loaded
        remote, _created = RemoteAccessSystem.objects.get_or_create(
            organisation=bel, system=system,
            defaults={"access_name": access_name, "owner": User.objects.get(username=owner),
                      "high_confidentiality": high})
        remote.partners.add(*ChainPartner.objects.filter(organisation=bel, name__in=suppliers))
        systems[access_name] = remote
    supplier = _supplier_account(bel)
    now = timezone.now()
    if not AccessRequest.objects.filter(organisation=bel, reference=APPROVED_REFERENCE).exists():
        approved = AccessRequest.objects.create(
            organisation=bel, system=systems["zaaksysteem"], requester=supplier, partner=_partner(bel),
            purpose="Installatie beveiligingsupdate 4.2.1 van het zaaksysteem (koppeling StUF-ZKN).",
            reference=APPROVED_REFERENCE, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=5),
            requested_at=now - timedelta(days=1), status=Status.APPROVED, decided_at=now - timedelta(hours=20))
        Approval.objects.create(request=approved, approver_role=Approval.As.OWNER,
                                user=systems["zaaksysteem"].owner, decision=Approval.Decision.APPROVE,
                                at=now - timedelta(hours=20))
        refused = AccessRequest.objects.create(
            organisation=bel, system=systems["regiesysteem"], requester=supplier, partner=_partner(bel),
            purpose="Analyse van een storing in de rapportagemodule.", reference=REFUSED_REFERENCE,
            starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=4),
            requested_at=now - timedelta(hours=3), status=Status.REFUSED, decided_at=now - timedelta(hours=2),
            refusal_reason="Niet aangemeld in het wijzigingsoverleg; dien de wijziging eerst in.")
        Approval.objects.create(request=refused, approver_role=Approval.As.OWNER,
                                user=systems["regiesysteem"].owner, decision=Approval.Decision.REFUSE,
                                note=refused.refusal_reason, at=now - timedelta(hours=2))
    if not ConnectionLogImport.objects.filter(organisation=bel, file_name=LOG_NAME).exists():
        _import_log(bel, supplier, now)


def _partner(bel):
    return ChainPartner.objects.filter(organisation=bel, name=SUPPLIER).first()


def _supplier_account(bel) -> User:
    """The demo ``leverancier``: works for the supplier and signed the confidentiality statement."""
    from privacyregie.external.models import ExternalAccount
    from privacyregie.external.services import accept_statement, current_statement

    user = User.objects.get(username="leverancier")
    partner = _partner(bel)
    if partner is not None:
        ExternalAccount.objects.get_or_create(user=user, defaults={"partner": partner})
    statement = current_statement()
    if statement is not None:
        accept_statement(user, statement)
    return user


def _import_log(bel, supplier, now) -> None:
    from .connection_log import import_connection_log

    def iso(moment):
        return timezone.localtime(moment).isoformat(timespec="minutes")

    rows = ["gebruiker;systeem;begin;einde",
            f"{supplier.username};zaaksysteem;{iso(now - timedelta(minutes=50))};{iso(now - timedelta(minutes=20))}",
            f"{supplier.username};regiesysteem;{iso(now - timedelta(hours=26))};{iso(now - timedelta(hours=25, minutes=30))}"]
    upload = SimpleUploadedFile(LOG_NAME, "\n".join(rows).encode(), content_type="text/plain")
    result = import_connection_log(None, bel, upload)
    if not result.ok:  # pragma: no cover - the demo file is right
        raise RuntimeError(result.errors)
