"""A small world for supplier-access tests: an organisation with a supplier (signed processor agreement),
a system with remote access, its owner, a CISO and a supplier user who signed the statement."""

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
from privacyregie.external.models import Acceptance, ExternalAccount, StatementVersion
from privacyregie.register.models import Agreement, ChainPartner, InformationSystem
from privacyregie.suppliers.models import AccessRequest, RemoteAccessSystem, Status


@dataclass
class World:
    org: object
    partner: object
    agreement: object
    system: RemoteAccessSystem
    owner: object
    ciso: object
    supplier: object


def supplier_user(org, partner, *, signed=True):
    user = UserFactory(organisation=org, roles=[Role.SUPPLIER])
    ExternalAccount.objects.create(user=user, partner=partner)
    if signed:
        Acceptance.objects.create(user=user, version=StatementVersion.objects.current())
    return user


def world(*, high=False, agreement_status=Agreement.Status.SIGNED) -> World:
    org = OrganisationFactory()
    partner = ChainPartner.objects.create(organisation=org, name="Leverancier B.V.", kind=ChainPartner.Kind.SUPPLIER,
                                          role=ChainPartner.Role.PROCESSOR)
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        organisation=org, partner=partner, kind=Agreement.Kind.PROCESSOR_AGREEMENT, title="VO Leverancier",
        status=agreement_status, starts_on=today - timedelta(days=365), ends_on=today + timedelta(days=365))
    info = InformationSystem.objects.create(organisation=org, name="Regiesysteem", supplier=partner,
                                            processor_agreement=agreement, confidentiality="hoog" if high else "")
    owner = UserFactory(organisation=org, roles=[Role.INFORMATION_MANAGER])
    ciso = UserFactory(organisation=org, roles=[Role.CISO])
    system = RemoteAccessSystem.objects.create(organisation=org, system=info, access_name="regiesysteem",
                                               owner=owner, high_confidentiality=high)
    system.partners.add(partner)
    return World(org, partner, agreement, system, owner, ciso, supplier_user(org, partner))


def as_request(user):
    """A stand-in for an HTTP request by ``user`` (services take the request for logging)."""
    return SimpleNamespace(user=user, META={}, headers={}, path="/test/")


def approved_window(w: World, starts_at, ends_at, *, user=None) -> AccessRequest:
    return AccessRequest.objects.create(organisation=w.org, system=w.system, requester=user or w.supplier,
                                        partner=w.partner, purpose="Onderhoud", reference="CHG-1",
                                        starts_at=starts_at, ends_at=ends_at, status=Status.APPROVED,
                                        decided_at=timezone.now())
