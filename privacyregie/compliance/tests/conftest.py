from pathlib import Path

import pytest

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory

SHARED_FRAMEWORKS = Path(__file__).resolve().parents[4] / "shared" / "data" / "frameworks"


@pytest.fixture
def shared_frameworks():
    if not SHARED_FRAMEWORKS.is_dir():
        pytest.skip(f"De publieke normenkaders staan niet in {SHARED_FRAMEWORKS} (../shared/data/frameworks)")
    return SHARED_FRAMEWORKS


@pytest.fixture
def council(org):
    return UserFactory(organisation=org, roles=[Role.COUNCIL])
