"""Factories for residents' requests: ``SubjectRequestFactory(organisation=org, received_at=...)``."""

import factory
from django.utils import timezone

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.rights import deadlines
from privacyregie.rights.models import Channel, RequestKind, SubjectRequest


class SubjectRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectRequest

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"V-2026-{n + 9000:04d}")
    kind = RequestKind.ACCESS
    channel = Channel.LETTER
    received_at = factory.LazyFunction(timezone.now)
    requester_name = "Anna de Vries"
    due_on = factory.LazyAttribute(lambda o: deadlines.answer_due(o.received_at))
