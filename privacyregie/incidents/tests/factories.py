"""Factories for incident records."""

from datetime import timedelta

import factory
from django.utils import timezone

from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
from privacyregie.incidents.models import Incident, IncidentType, Measure


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    organisation = factory.SubFactory(OrganisationFactory)
    receipt_number = factory.Sequence(lambda n: f"T-{n:06d}")
    type = IncidentType.SECURITY_INCIDENT
    title = "Testincident"
    description = "Er ging iets mis."
    discovered_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    reported_at = factory.LazyFunction(timezone.now)


class BreachFactory(IncidentFactory):
    """A confirmed breach whose 72-hour clock started ``awareness_at``."""

    type = IncidentType.DATA_BREACH
    is_breach = True
    status = "in_behandeling"
    awareness_at = factory.LazyAttribute(lambda o: o.discovered_at)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    incident = factory.SubFactory(IncidentFactory)
    kind = Measure.Kind.CORRECTIVE
    description = "Maatregel"


__all__ = ["OrganisationFactory", "UserFactory", "IncidentFactory", "BreachFactory", "MeasureFactory"]
