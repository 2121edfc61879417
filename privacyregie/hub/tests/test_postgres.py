"""On PostgreSQL: concurrent batches over the same chains neither deadlock nor break the chains, and a span
that arrives in two batches at once is stored once."""

import threading

import pytest
from django.db import connection, connections

from privacyregie.core.models import Organisation
from privacyregie.dossiers.demo import demo_bsn
from privacyregie.hub import services
from privacyregie.hub.intake import JSON, decode
from privacyregie.hub.models import ReceivedSpan
from privacyregie.kernel import chain

from .helpers import body, connected_application, document, span

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (make test runs the suite on PostgreSQL as well)")


def test_concurrent_batches_over_the_same_chains(transactional_db):
    organisation = Organisation.objects.create(name="Gemeente Gelijktijdig", slug="gelijktijdig")
    application, _token = connected_application(organisation)
    residents = [demo_bsn(700 + n) for n in range(40)]
    shared = span(bsn=residents[0], span_id="00000000000000ff")  # sent in every batch
    batches = []
    for b in range(4):
        spans = [span(bsn=residents[(b * 7 + i) % len(residents)]) for i in range(30)]
        spans = spans[::-1] if b % 2 else spans  # opposite orders over the chains
        batches.append(decode(body(document([*spans, shared])), JSON))
    errors = []

    def run(spans):
        try:
            services.ingest(application, spans)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(spans,)) for spans in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReceivedSpan.objects.filter(application=application).count() == 4 * 30 + 1
    assert chain.verify().ok
