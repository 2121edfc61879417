"""Factories for external users, their partners and grants.

The grant target in these tests is an ``Incident``: the grant model is generic (any model
with ``organisation_id`` and ``uuid``), so the real targets (exchanges, data rooms) behave alike.
"""

from datetime import timedelta

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
from privacyregie.external.models import Acceptance, ExternalGrant, StatementVersion
from privacyregie.incidents.tests.factories import IncidentFactory
from privacyregie.register.models import ChainPartner


class ChainPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainPartner

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Huisartsenpraktijk {n}")
    kind = ChainPartner.Kind.GP
    role = ChainPartner.Role.CONTROLLER


def target(organisation):
    """A grant target of ``organisation`` (see the module docstring)."""
    return IncidentFactory(organisation=organisation)


def external_user(organisation, *, accepted=True, **kwargs):
    user = UserFactory(organisation=organisation, roles=[Role.CHAIN_PARTNER], **kwargs)
    if accepted:
        Acceptance.objects.create(user=user, version=StatementVersion.objects.current())
    return user


def grant(user, grant_target, *, days=14, **kwargs):
    return ExternalGrant.objects.create(
        organisation_id=grant_target.organisation_id, user=user,
        content_type=ContentType.objects.get_for_model(grant_target), object_id=grant_target.pk,
        expires_at=timezone.now() + timedelta(days=days), **kwargs,
    )
