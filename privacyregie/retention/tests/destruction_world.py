"""A small world for destruction tests: an organisation with a privacy officer, an information manager,
a second privacy officer, a case past its term (with a note, a document, a consent and a share) and a
case still within its term."""

import datetime
import io

import pytest
from django.test import override_settings
from django.utils import timezone

from privacyregie.core import files
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
from privacyregie.dossiers.models import CaseDocument, CaseNote, Consent
from privacyregie.dossiers.tests.factories import CaseFactory, ResidentFactory
from privacyregie.retention.models import (
    CaseOutcome,
    CaseRetention,
    ProcessType,
    SelectionList,
    SelectionResult,
    Valuation,
)


class FakeRequest:
    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "127.0.0.1"}
        self.trace_id = self.span_id = self.parent_span_id = ""


def selection_result(term="P1Y", valuation=Valuation.DESTROY, number="8.1.2"):
    selection, _ = SelectionList.objects.get_or_create(year=2099, defaults={"name": "Testlijst"})
    process, _ = ProcessType.objects.get_or_create(selection_list=selection, number=8,
                                                   defaults={"source_id": "p8", "name": "Verstrekken"})
    result, _ = SelectionResult.objects.get_or_create(
        selection_list=selection, full_number=number,
        defaults={"process_type": process, "source_id": number, "name": "Verstrekt", "valuation": valuation,
                  "retention_term": term})
    return result


def expired_case(org, worker, *, years_ago=3, term="P1Y", reference=None):
    resident = ResidentFactory(organisation=org)
    case = CaseFactory(organisation=org, members=[worker], residents=[resident],
                       **({"reference": reference} if reference else {}))
    CaseRetention.objects.create(case=case, outcome=CaseOutcome.GRANTED, result=selection_result(term),
                                 term_starts_on=timezone.localdate() - datetime.timedelta(days=365 * years_ago))
    CaseNote.objects.create(case=case, author=worker, text="Gesprek met de inwoner")
    stored = files.store_encrypted_stream(io.BytesIO(b"%PDF-1.4 beschikking"))
    CaseDocument.objects.create(case=case, uploaded_by=worker, title="Beschikking", file_name="b.pdf",
                                content_type="application/pdf", size=stored.size, sha256=stored.sha256,
                                storage_name=stored.storage_name)
    consent_file = files.store_encrypted(b"%PDF-1.4 toestemming")
    Consent.objects.create(organisation=org, resident=resident, case=case, form="schriftelijk", scope="delen",
                           given_on=timezone.localdate(), valid_from=timezone.localdate(), recorded_by=worker,
                           document_storage=consent_file, document_name="t.pdf")
    return case


class World:
    def __init__(self):
        self.org = OrganisationFactory()
        self.officer = UserFactory(organisation=self.org, roles=[Role.PRIVACY_OFFICER])
        self.officer2 = UserFactory(organisation=self.org, roles=[Role.PRIVACY_OFFICER])
        self.manager = UserFactory(organisation=self.org, roles=[Role.INFORMATION_MANAGER])
        self.both = UserFactory(organisation=self.org, roles=[Role.PRIVACY_OFFICER, Role.INFORMATION_MANAGER])
        self.worker = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER])
        self.case = expired_case(self.org, self.worker)
        self.young = expired_case(self.org, self.worker, years_ago=0, term="P20Y")


@pytest.fixture
def dworld(db, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media", FILE_SHRED_KEY_DIR=tmp_path / "keys"):
        yield World()
