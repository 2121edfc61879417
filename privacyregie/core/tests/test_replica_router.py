"""Council reports read from the replica when one is configured; everything else stays on the primary.

The test adds a ``replica`` alias that points at the test database itself (as ``TEST: MIRROR`` does
for the configured replica), so what is asserted is the routing: which connection each query used.
"""

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from privacyregie.compliance import reports
from privacyregie.core.db import REPLICA, ReportReplicaRouter, reading_for_reports
from privacyregie.core.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica():
    """A second connection to the same test database, registered as the replica (module-scoped: it must
    exist before the database fixture checks the test's ``databases``)."""
    alias_settings = dict(connections["default"].settings_dict)
    connections.settings[REPLICA] = alias_settings
    settings.DATABASES[REPLICA] = alias_settings
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        connections.settings.pop(REPLICA, None)
        settings.DATABASES.pop(REPLICA, None)


def test_scorecard_report_reads_from_the_replica(replica):
    organisation = Organisation.objects.create(name="Gemeente Met Replica", slug="met-replica")
    primary = connections["default"]
    with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
        context = reports.scorecard_context(organisation)
    assert context["rows"], "the scorecard has indicator rows"
    reads_on_replica = [q["sql"] for q in on_replica.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(reads_on_replica) >= 5
    writes_on_replica = [q["sql"] for q in on_replica.captured_queries
                         if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes_on_replica == []
    model_reads_on_primary = [q["sql"] for q in on_primary.captured_queries
                              if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(model_reads_on_primary) < len(reads_on_replica)


def test_outside_reports_reads_and_writes_stay_on_the_primary(replica):
    organisation = Organisation.objects.create(name="Gemeente Primair", slug="primair")
    with CaptureQueriesContext(replica) as on_replica:
        fetched = Organisation.objects.get(pk=organisation.pk)
    assert fetched._state.db == "default"
    assert on_replica.captured_queries == []


def test_a_row_read_from_the_replica_is_saved_on_the_primary(replica):
    organisation = Organisation.objects.create(name="Gemeente Terugschrijven", slug="terugschrijven")
    with reading_for_reports():
        fetched = Organisation.objects.get(pk=organisation.pk)
    assert fetched._state.db == REPLICA
    fetched.name = "Gemeente Teruggeschreven"
    with CaptureQueriesContext(replica) as on_replica:
        fetched.save(update_fields=["name"])
    assert [q for q in on_replica.captured_queries if "UPDATE" in q["sql"].upper()] == []
    assert Organisation.objects.get(pk=organisation.pk).name == "Gemeente Teruggeschreven"


def test_the_replica_is_never_migrated():
    router = ReportReplicaRouter()
    assert router.allow_migrate(REPLICA, "kernel") is False
    assert router.allow_migrate("default", "kernel") is None
