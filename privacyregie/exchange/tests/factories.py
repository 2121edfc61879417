"""Factories and a small world for exchange tests: a case worker on a case, a chain partner with a
signed covenant covering the case's activity, and a partner user."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from privacyregie.dossiers.tests.factories import CaseFactory
from privacyregie.register.models import Agreement, ChainPartner, ProcessingActivity


def _letter_pdf() -> bytes:
    """A valid PDF with a short letter without personal data (the check before sending reads it, finds nothing)."""
    from privacyregie.core.pdf import html_to_pdf

    return html_to_pdf("<html lang='nl'><body><p>Verwijzing ter afstemming van de aanpak.</p></body></html>")


PDF = _letter_pdf()


class ChainPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainPartner

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Huisartsenpraktijk {n}")
    kind = "huisarts"
    role = "verantwoordelijke"


def agreement(partner, activity_name, *, ends_on=None):
    activity = ProcessingActivity.objects.create(organisation_id=partner.organisation_id, name=activity_name)
    today = timezone.localdate()
    created = Agreement.objects.create(organisation_id=partner.organisation_id, partner=partner, kind="convenant",
                                       title=f"Convenant {partner.name}", status="getekend",
                                       starts_on=today - timedelta(days=100),
                                       ends_on=ends_on or today + timedelta(days=300),
                                       data_categories=["identificerend", "gezin", "ondersteuning"])
    created.activities.set([activity])
    return created


def upload(name="brief.pdf", data=PDF):
    return SimpleUploadedFile(name, data)


class World:
    def __init__(self):
        self.org = OrganisationFactory()
        self.team = TeamFactory(organisation=self.org, domain="jeugd")
        self.worker = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[self.team])
        self.colleague = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[self.team])
        self.case = CaseFactory(organisation=self.org, team=self.team, members=[self.worker],
                                processing_activity="Jeugdhulp toewijzen", statutory_basis="Jeugdwet art. 2.3")
        self.partner = ChainPartnerFactory(organisation=self.org)
        self.agreement = agreement(self.partner, "Jeugdhulp toewijzen")
        self.gp = UserFactory(organisation=self.org, roles=[Role.CHAIN_PARTNER])
        self.other_gp = UserFactory(organisation=self.org, roles=[Role.CHAIN_PARTNER])
        for user in (self.gp, self.other_gp):
            accept_statement(user)


def accept_statement(user):
    """With external users installed, partner users have accepted the confidentiality statement."""
    from django.apps import apps

    if apps.is_installed("privacyregie.external"):
        from privacyregie.external import services as external

        version = external.current_statement()
        if version is not None:
            external.accept_statement(user, version)


def FakeRequest(user, auth=None):  # noqa: N802 - reads like the request class it builds
    """A real request (RequestFactory) as the services need it: a user, metadata, the API's auth."""
    from django.test import RequestFactory

    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    request.user, request.auth = user, auth
    return request
