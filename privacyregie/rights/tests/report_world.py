"""Test data for the access report and restriction tests: a resident with two cases (one shared with a
partner who answered), documents, notes, consents, and consultations by case workers; an open access
request with verified identity, handled by the privacy officer. Not a conftest: the rights part owns that."""

from __future__ import annotations

import datetime

from django.utils import timezone

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from privacyregie.dossiers.models import CaseDocument, CaseNote, Consent
from privacyregie.dossiers.tests.factories import CaseFactory, ResidentFactory, covered_partner
from privacyregie.rights.models import Channel, RequestKind, SubjectRequest


class FakeRequest:
    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "127.0.0.1"}
        self.trace_id = self.span_id = self.parent_span_id = ""


class ReportWorld:
    def __init__(self):
        from privacyregie.exchange.models import Exchange, ExchangeMessage

        self.org = OrganisationFactory()
        self.youth_team = TeamFactory(organisation=self.org, domain="jeugd", name="Jeugdteam Noord")
        self.wmo_team = TeamFactory(organisation=self.org, domain="wmo", name="Wmo-team")
        self.worker = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[self.youth_team],
                                  username="j.jansen")
        self.wmo_worker = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[self.wmo_team],
                                      username="w.devries")
        self.officer = UserFactory(organisation=self.org, roles=[Role.PRIVACY_OFFICER], username="fg.officer")
        self.resident = ResidentFactory(organisation=self.org, first_name="Sanne", last_name="Bakker",
                                        address="Dorpsstraat 1", postal_code="1261AB", city="Blaricum")
        self.other = ResidentFactory(organisation=self.org, first_name="Piet", last_name="Buurman")
        self.youth_case = CaseFactory(organisation=self.org, team=self.youth_team, reference="J-0001",
                                      title="Opvoedondersteuning", processing_activity="Jeugdhulp",
                                      statutory_basis="Jeugdwet art. 2.3", members=[self.worker],
                                      residents=[self.resident, self.other])
        self.wmo_case = CaseFactory(organisation=self.org, team=self.wmo_team, reference="W-0001",
                                    title="Huishoudelijke hulp", members=[self.wmo_worker], residents=[self.resident])
        self.document = CaseDocument.objects.create(
            case=self.youth_case, uploaded_by=self.worker, title="Gespreksverslag", file_name="verslag.pdf",
            content_type="application/pdf", size=10, sha256="0" * 64, storage_name="x")
        now = timezone.now()
        self.note_plain = CaseNote.objects.create(case=self.youth_case, author=self.worker, text="Huisbezoek gedaan.",
                                                  created_at=now - datetime.timedelta(days=3))
        self.note_third = CaseNote.objects.create(case=self.youth_case, author=self.worker,
                                                  text="Buurman Piet vertelde over zijn schulden.",
                                                  created_at=now - datetime.timedelta(days=2))
        self.note_secret = CaseNote.objects.create(case=self.wmo_case, author=self.wmo_worker,
                                                   text="Melding van een anonieme buur.",
                                                   created_at=now - datetime.timedelta(days=1))
        self.partner = covered_partner(self.org, activity_name="Jeugdhulp", name="Huisarts De Brink")
        self.consent = Consent.objects.create(
            organisation=self.org, resident=self.resident, case=self.youth_case, form="mondeling",
            scope="gegevens delen met de huisarts", given_on=timezone.localdate(), valid_from=timezone.localdate(),
            conversation="keukentafelgesprek", recorded_by=self.worker)
        self.consent.partners.add(self.partner)
        self.exchange = Exchange.objects.create(
            organisation=self.org, case=self.youth_case, partner=self.partner, subject="Verwijzing",
            data_categories=["identificerend"], legal_basis="toestemming", legal_basis_detail="toestemming (mondeling)",
            created_by=self.worker, expires_at=now + datetime.timedelta(days=10))
        ExchangeMessage.objects.create(exchange=self.exchange, author=self.worker, text="x",
                                       direction=ExchangeMessage.Direction.OUT)
        ExchangeMessage.objects.create(exchange=self.exchange, text="antwoord",
                                       direction=ExchangeMessage.Direction.IN)
        self.request = SubjectRequest.objects.create(
            organisation=self.org, reference="V-2026-0001", kind=RequestKind.ACCESS, channel=Channel.WEB_FORM,
            requester_name="Sanne Bakker", resident=self.resident, identity_method="balie_identiteitsbewijs",
            identity_checked_by=self.officer, identity_checked_at=now, handler=self.officer,
            due_on=timezone.localdate() + datetime.timedelta(days=30))

    def consult(self, user, target):
        """A case worker opens something: a consultation in the processing log."""
        from privacyregie.kernel.policy import Action, Purpose
        from privacyregie.kernel.services import access

        return access(FakeRequest(user), Action.VIEW, target, Purpose.CASE_WORK)
