"""Without ``DATABASE_REPLICA_URL`` the report context changes nothing: all reads stay on the primary."""

import pytest

from privacyregie.core.db import reading_for_reports, replica_configured
from privacyregie.core.models import Organisation


@pytest.mark.django_db
def test_without_a_replica_reports_read_from_the_primary():
    organisation = Organisation.objects.create(name="Gemeente Zonder Replica", slug="zonder-replica")
    assert not replica_configured()
    with reading_for_reports():
        assert Organisation.objects.get(pk=organisation.pk)._state.db == "default"
