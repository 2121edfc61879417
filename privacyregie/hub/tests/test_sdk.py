"""A real OpenTelemetry SDK (opentelemetry-sdk + its OTLP/HTTP exporter) sends spans to the live server.

The spans appear in "who consulted this resident" and verify in the hash chain; a replay is stored once;
a burst against a busy receiver gets 429 with Retry-After and loses nothing that was accepted.
"""

import json
import threading

import pytest
import requests
from django.test import override_settings

from privacyregie.core.models import Organisation
from privacyregie.hub import services
from privacyregie.hub.models import IntakeRefusal, ReceivedSpan
from privacyregie.kernel import chain
from privacyregie.kernel.services import consultations_for_resident
from privacyregie.register.services import save_activity
from privacyregie.register.tests.factories import BASE

from .helpers import BSN, OTHER_BSN, body, connected_application, document, span


@pytest.fixture
def organisation(transactional_db):
    return Organisation.objects.create(name="Gemeente Proefdorp", slug="proefdorp")


def _sdk_spans(resource_name, activity, subjects):
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    memory = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": resource_name, "service.version": "2.1"}))
    provider.add_span_processor(SimpleSpanProcessor(memory))
    tracer = provider.get_tracer("zaaksysteem.logboek")
    with tracer.start_as_current_span("GET /zaken/42"):
        for bsn in subjects:
            with tracer.start_as_current_span("raadplegen persoonsgegevens", attributes={
                "dpl.core.processing_activity_id": activity, "dpl.core.data_subject_id": bsn,
                "dpl.core.data_subject_id_type": "BSN", "enduser.role": "Consulent",
            }):
                pass
    provider.shutdown()
    return memory.get_finished_spans()


def _exporter(url, token):
    from opentelemetry.exporter.otlp.proto.http import Compression
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter(endpoint=f"{url}/v1/traces", headers={"Authorization": f"Bearer {token}"},
                            compression=Compression.Gzip, timeout=20)


def test_the_sdk_exporter_sends_protobuf_spans_that_appear_in_who_consulted_and_verify(live_server, organisation):
    from opentelemetry.sdk.trace.export import SpanExportResult

    application, token = connected_application(organisation, name="Zaaksysteem")
    version = save_activity(organisation, {**BASE, "name": "Wmo-ondersteuning"})
    spans = _sdk_spans("zaaksysteem", "Wmo-ondersteuning", [BSN, OTHER_BSN])
    exporter = _exporter(live_server.url, token)
    assert exporter.export(spans) == SpanExportResult.SUCCESS
    resident = list(consultations_for_resident(organisation, BSN))
    assert len(resident) == 1
    entry = resident[0]
    assert entry.application == "Zaaksysteem" and entry.service_name == "zaaksysteem"
    assert entry.processing_activity_version_id == str(version.version_id)
    assert entry.operation_name == "raadplegen persoonsgegevens" and entry.actor_roles == "Consulent"
    assert entry.parent_span_id  # the SDK's parent span
    assert consultations_for_resident(organisation, OTHER_BSN).count() == 1
    # the request span without a resident is stored too (flagged: it names no activity)
    assert ReceivedSpan.objects.filter(application=application).count() == 3
    assert ReceivedSpan.objects.filter(application=application, flagged=True).count() == 1
    result = chain.verify()
    assert result.ok and result.entries_checked >= 3
    # the exporter retries what it thinks failed: the same spans again are stored once
    assert exporter.export(spans) == SpanExportResult.SUCCESS
    assert ReceivedSpan.objects.filter(application=application).count() == 3
    assert IntakeRefusal.objects.get(application=application, kind="replay").count == 3
    exporter.shutdown()


def test_json_over_http_to_the_live_server(live_server, organisation):
    application, token = connected_application(organisation)
    response = requests.post(f"{live_server.url}/v1/traces", data=body(document([span(bsn=BSN)])), timeout=20,
                             headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert consultations_for_resident(organisation, BSN).get().application == application.name


def test_a_burst_gets_back_pressure_and_loses_nothing_that_was_accepted(live_server, organisation):
    application, token = connected_application(organisation)
    statuses = []
    lock = threading.Lock()
    batches = [body(document([span(bsn=BSN) for _ in range(20)])) for _ in range(8)]

    def send(data):
        response = requests.post(f"{live_server.url}/v1/traces", data=data, timeout=60,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        with lock:
            statuses.append((response.status_code, response.headers.get("Retry-After")))

    with override_settings(HUB_MAX_CONCURRENT_BATCHES=1, HUB_QUEUE_WAIT_MS=0, HUB_RETRY_AFTER_SECONDS=1):
        slots = services.intake_slots()
        slots.acquire()  # a long batch holds the only slot while the burst arrives
        try:
            threads = [threading.Thread(target=send, args=(data,)) for data in batches[:4]]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            slots.release()
        # busy: 429 (on the in-memory SQLite of the tests a request can find the table locked first: 503)
        assert all(s in (429, 503) and retry == "1" for s, retry in statuses) and (429, "1") in statuses
        assert not ReceivedSpan.objects.filter(application=application).exists()
        threads = [threading.Thread(target=send, args=(data,)) for data in batches[4:]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    # busy (429) or, when the database itself is locked, unavailable (503): both with Retry-After
    accepted = [s for s, _retry in statuses[4:] if s == 200]
    assert all(s in (200, 429, 503) for s, _retry in statuses[4:])
    assert all(retry == "1" for s, retry in statuses if s != 200)
    assert ReceivedSpan.objects.filter(application=application).count() == 20 * len(accepted)
    # counted per application (on SQLite a count can lose the race for the table lock; on PostgreSQL it cannot)
    refused = IntakeRefusal.objects.get(application=application, kind="back_pressure").count
    assert 0 < refused <= sum(1 for s, _retry in statuses if s == 429)
    assert chain.verify().ok
    # the exporter's retry of a refused batch is accepted once the receiver is free
    retry = requests.post(f"{live_server.url}/v1/traces", data=batches[0], timeout=20, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert retry.status_code == 200
    assert json.loads(retry.content)["partialSuccess"]["rejectedSpans"] == "0"
