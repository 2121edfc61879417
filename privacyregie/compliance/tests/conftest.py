from pathlib import Path

import pytest

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory

SHARED_FRAMEWORKS = Path(__file__).resolve().parents[4] / "shared" / "data" / "frameworks"


@pytest.fixture
def shared_frameworks():
    if not SHARED_FRAMEWORKS.is_dir():
        pytest.skip(f"De publieke normenkaders staan niet in {SHARED_FRAMEWORKS} (../shared/data/frameworks)")
    return SHARED_FRAMEWORKS


@pytest.fixture
def org(db):
    return OrganisationFactory()


@pytest.fixture
def officer(org):
    return UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])


@pytest.fixture
def manager(org):
    return UserFactory(organisation=org, roles=[Role.MANAGEMENT])


@pytest.fixture
def council(org):
    return UserFactory(organisation=org, roles=[Role.COUNCIL])


@pytest.fixture
def norms(db):
    from privacyregie.compliance import frameworks
    from privacyregie.compliance.demo import RK_URN
    from privacyregie.compliance.models import Framework

    frameworks.import_shipped()
    return Framework.objects.get(organisation=None, urn=RK_URN)


@pytest.fixture
def assessment(org, norms):
    from privacyregie.compliance.assessments import create_assessment

    return create_assessment(org, norms, "Stoplicht test", "2026")
