import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from privacyregie.core.models import Municipality
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory
from privacyregie.policies import services
from privacyregie.policies.demo import pdf_bytes
from privacyregie.policies.models import Body, Kind


def pdf(name="beleid.pdf", title="Privacybeleid"):
    return SimpleUploadedFile(name, pdf_bytes(title), content_type="application/pdf")


@pytest.fixture
def org(db):
    organisation = OrganisationFactory()
    Municipality.objects.create(organisation=organisation, name="Blaricum")
    return organisation


@pytest.fixture
def officer(org):
    return UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER], first_name="Fatima", last_name="Yilmaz")


@pytest.fixture
def owner(org):
    return UserFactory(organisation=org, roles=[Role.CISO], first_name="Chris", last_name="Jansen")


@pytest.fixture
def make_document(org, owner):
    def _make(title="Privacybeleid", kind=Kind.PRIVACY_POLICY, body=Body.BOARD, adopted_on=None, reference="B-1",
              interval=24, **extra):
        document = services.save_document(org, title=title, kind=kind, owner=owner, adopting_body=body,
                                          scope="organisatie", review_interval_months=interval, **extra)
        if adopted_on is not None:
            services.add_version(document, owner, pdf(), "Eerste versie.", adopted_by=body, adopted_on=adopted_on,
                                 decision_reference=reference)
        return document

    return _make


@pytest.fixture
def adopted(make_document):
    return make_document(adopted_on=datetime.date(2024, 3, 1))
