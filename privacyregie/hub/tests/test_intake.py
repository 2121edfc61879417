"""The OTLP/HTTP receiver through Django's test client: encodings, mapping, refusals, idempotency, back-pressure."""

import gzip
import json
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from privacyregie.core.models import Organisation
from privacyregie.hub import services
from privacyregie.hub.models import IntakeRefusal, ReceivedSpan
from privacyregie.kernel import chain
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.services import consultations_for_resident, pseudonymise_bsn
from privacyregie.kernel.tests.factories import tamper
from privacyregie.register.services import checks, save_activity
from privacyregie.register.tests.factories import BASE

from .helpers import BSN, OTHER_BSN, body, connected_application, document, protobuf, span

pytestmark = pytest.mark.django_db
URL = "/v1/traces"


def post(client, token, data, content_type="application/json", **headers):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(URL, data=data, content_type=content_type, **auth, **headers)


def refusals(application) -> dict:
    return {r.kind: r.count for r in IntakeRefusal.objects.filter(application=application)}


def test_the_receiver_is_at_the_otlp_path():
    assert reverse("otlp:traces") == URL


def test_json_spans_become_log_entries_of_the_resident_and_verify_in_the_chain(client):
    application, token = connected_application()
    organisation = application.organisation
    activity = save_activity(organisation, {**BASE, "name": "Wmo-ondersteuning"},
                             valid_from=datetime.now(UTC) - timedelta(days=30))
    doc = document([span(bsn=BSN, activity="Wmo-ondersteuning", extra={"enduser.role": "Consulent Wmo"}),
                    span(bsn=BSN, activity="Wmo-ondersteuning", name="PUT /zaken/12", status=2)])
    response = post(client, token, body(doc))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {}
    entries = list(consultations_for_resident(organisation, BSN))
    assert len(entries) == 2
    first, second = entries
    assert first.application == application.name
    assert first.service_name == "zaaksysteem" and first.service_version == "1.0"
    assert first.subject_pseudonym == pseudonymise_bsn(BSN) and first.subject_id_type == "BSN"
    assert BSN not in json.dumps([e.__dict__ for e in entries], default=str)  # never the BSN itself
    assert first.processing_activity_version_id == str(activity.version_id)
    assert first.processing_activity == "Wmo-ondersteuning"
    assert first.actor_roles == "Consulent Wmo" and first.action == "view" and first.outcome == "allowed"
    assert second.action == "update" and second.outcome == "denied"
    assert not ReceivedSpan.objects.filter(application=application, flagged=True).exists()
    assert chain.verify().ok


def test_protobuf_and_gzip_are_accepted_and_answered_in_protobuf(client):
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceResponse

    application, token = connected_application()
    doc = document([span(bsn=BSN), span(bsn=OTHER_BSN)])
    response = post(client, token, gzip.compress(protobuf(doc)), content_type="application/x-protobuf",
                    HTTP_CONTENT_ENCODING="gzip")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/x-protobuf"
    answer = ExportTraceServiceResponse.FromString(response.content)
    # no registered activity named: stored, flagged, said in partialSuccess (no span rejected)
    assert answer.partial_success.rejected_spans == 0
    assert "no registered processing activity" in answer.partial_success.error_message
    assert ReceivedSpan.objects.filter(application=application).count() == 2
    assert consultations_for_resident(application.organisation, OTHER_BSN).count() == 1


def test_the_version_in_force_at_the_spans_time_is_named():
    application, _token = connected_application()
    organisation = application.organisation
    now = datetime.now(UTC)
    first = save_activity(organisation, {**BASE, "name": "Bijstand"}, valid_from=now - timedelta(days=10))
    second = save_activity(organisation, {**BASE, "name": "Bijstand"}, activity=first.activity,
                           valid_from=now - timedelta(days=2))
    from privacyregie.hub.intake import JSON, decode

    doc = document([span(bsn=BSN, activity=str(second.version_id), at=now - timedelta(days=5)),
                    span(bsn=BSN, activity=f"urn:privacyregie:verwerkingsactiviteit:{first.version_id}",
                         at=now - timedelta(hours=1)),
                    span(bsn=BSN, activity="Bijstand", at=now - timedelta(days=20))])
    services.ingest(application, decode(body(doc), JSON))
    entries = list(ProcessingLogEntry.objects.filter(application=application.name).order_by("occurred_at"))
    assert [e.processing_activity_version_id for e in entries] == ["", str(first.version_id), str(second.version_id)]
    assert ReceivedSpan.objects.get(entry_id=entries[0].pk).flagged  # before the activity existed


def test_an_unknown_activity_is_stored_flagged_and_shown_on_the_register_checks(client):
    application, token = connected_application()
    response = post(client, token, body(document([span(bsn=BSN, activity="Geheime verwerking")])))
    assert response.status_code == 200
    assert "1 spans name no registered" in json.loads(response.content)["partialSuccess"]["errorMessage"]
    assert ReceivedSpan.objects.get(application=application).flagged
    issues = [i for i in checks(application.organisation) if i.kind == "logged_without_activity"]
    mine = [i for i in issues if i.label == "Geheime verwerking"]
    assert len(mine) == 1 and application.name in mine[0].message
    assert "zonder geregistreerde verwerkingsactiviteit" in mine[0].message


def test_a_replayed_batch_is_stored_once(client):
    application, token = connected_application()
    data = body(document([span(bsn=BSN), span(bsn=BSN)]))
    assert post(client, token, data).status_code == 200
    before = ProcessingLogEntry.objects.count()
    response = post(client, token, data)
    assert response.status_code == 200
    partial = json.loads(response.content)["partialSuccess"]
    # stored once: accepted, not rejected; the message says so and the page counts the duplicates apart
    assert partial["rejectedSpans"] == "0" and "2 spans were already received" in partial["errorMessage"]
    assert ProcessingLogEntry.objects.count() == before
    assert ReceivedSpan.objects.filter(application=application).count() == 2
    assert refusals(application) == {"replay": 2}
    assert chain.verify().ok


def test_an_application_that_sent_spans_cannot_be_deleted(client):
    """The index has no database constraint (ADR 0130): Django's PROTECT still keeps its rows' application."""
    from django.db.models import ProtectedError

    application, token = connected_application()
    assert post(client, token, body(document([span(bsn=BSN)]))).status_code == 200
    with pytest.raises(ProtectedError):
        application.delete()
    assert ReceivedSpan.objects.filter(application=application).count() == 1


def test_a_span_without_the_subject_id_type_is_rejected_and_the_rest_stored(client):
    application, token = connected_application()
    doc = document([span(bsn=BSN, id_type=""), span(bsn=BSN)])
    response = post(client, token, body(doc))
    assert response.status_code == 200
    partial = json.loads(response.content)["partialSuccess"]
    assert partial["rejectedSpans"] == "1" and "dpl.core.data_subject_id_type" in partial["errorMessage"]
    assert ReceivedSpan.objects.filter(application=application).count() == 1
    assert refusals(application) == {"missing_id_type": 1}


def test_an_invalid_bsn_is_rejected():
    application, _token = connected_application()
    from privacyregie.hub.intake import JSON, decode

    result = services.ingest(application, decode(body(document([span(bsn="123456789")])), JSON))
    assert result.accepted == 0 and result.rejected == {"invalid_subject": 1}


@pytest.mark.parametrize(("data", "content_type", "status", "kind"), [
    (b"{not json", "application/json", 400, "malformed"),
    (b'{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz", "spanId": "1"}]}]}]}',
     "application/json", 400, "malformed"),
    (b"\xff\xff\xff\xff", "application/x-protobuf", 400, "malformed"),
    (b"<xml/>", "application/xml", 415, "content_type"),
    (b"resourceSpans", "text/plain", 415, "content_type"),
])
def test_malformed_payloads_and_wrong_content_types_are_refused_and_counted(client, data, content_type, status, kind):
    application, token = connected_application()
    before = ProcessingLogEntry.objects.count()
    response = post(client, token, data, content_type=content_type)
    assert response.status_code == status
    if content_type == "application/x-protobuf":  # a google.rpc.Status in the request's encoding
        from google.rpc.status_pb2 import Status

        assert Status.FromString(response.content).code == 3
    else:
        assert json.loads(response.content)["message"]
    assert ProcessingLogEntry.objects.count() == before
    assert refusals(application) == {kind: 1}


def test_oversized_bodies_and_batches_are_refused_with_413(client):
    application, token = connected_application()
    before = ProcessingLogEntry.objects.count()
    big = body(document([span(bsn=BSN) for _ in range(30)]))
    with override_settings(HUB_MAX_BODY_BYTES=len(big) - 1):
        assert post(client, token, big).status_code == 413
        # a small gzip body that inflates beyond the limit (a zip bomb) is refused too
        assert post(client, token, gzip.compress(big), HTTP_CONTENT_ENCODING="gzip").status_code == 413
    with override_settings(HUB_MAX_SPANS_PER_BATCH=10):
        assert post(client, token, big).status_code == 413
    assert ProcessingLogEntry.objects.count() == before
    assert refusals(application) == {"too_large": 3}


def test_credentials_and_organisations(client):
    application, token = connected_application()
    other_org = Organisation.objects.exclude(pk=application.organisation_id).first()
    data = body(document([span(bsn=BSN)]))
    assert post(client, None, data).status_code == 401
    assert post(client, "not-a-token", data).status_code == 401
    _reader, reader_token = connected_application(scopes=("register.view",))
    assert post(client, reader_token, data).status_code == 403
    # a batch that names another organisation is refused whole, and counted
    before = ProcessingLogEntry.objects.count()
    response = post(client, token, body(document([span(bsn=BSN)], resource_extra={
        services.ORGANISATION_ATTRIBUTE: other_org.slug})))
    assert response.status_code == 403
    assert ProcessingLogEntry.objects.count() == before
    assert refusals(application) == {"other_organisation": 1}
    # the own organisation may be named; another organisation's credential writes only its own log
    assert post(client, token, body(document([span(bsn=BSN)], resource_extra={
        services.ORGANISATION_ATTRIBUTE: application.organisation.slug}))).status_code == 200
    foreign, foreign_token = connected_application(organisation=other_org)
    assert post(client, foreign_token, body(document([span(bsn=BSN)]))).status_code == 200
    assert consultations_for_resident(application.organisation, BSN).count() == 1
    assert consultations_for_resident(other_org, BSN).get().application == foreign.name


def test_back_pressure_429_with_retry_after_when_no_slot_is_free(client):
    application, token = connected_application()
    data = body(document([span(bsn=BSN)]))
    with override_settings(HUB_MAX_CONCURRENT_BATCHES=1, HUB_QUEUE_WAIT_MS=0, HUB_RETRY_AFTER_SECONDS=3):
        slots = services.intake_slots()
        assert slots.acquire(blocking=False)  # another batch is being processed
        try:
            responses = [post(client, token, data) for _ in range(3)]
        finally:
            slots.release()
        assert [r.status_code for r in responses] == [429, 429, 429]
        assert all(r["Retry-After"] == "3" for r in responses)
        assert not ReceivedSpan.objects.filter(application=application).exists()
        assert post(client, token, data).status_code == 200
    assert refusals(application) == {"back_pressure": 3}


@pytest.mark.parametrize("failure", [DatabaseError("table is locked"), TypeError("INSERT returned nothing")])
def test_back_pressure_stays_429_when_counting_the_refusal_fails(client, failure):
    """The count is bookkeeping: the exporter must still get 'busy, retry' and keep its batch."""
    _application, token = connected_application()
    data = body(document([span(bsn=BSN)]))
    with override_settings(HUB_MAX_CONCURRENT_BATCHES=1, HUB_QUEUE_WAIT_MS=0, HUB_RETRY_AFTER_SECONDS=2):
        slots = services.intake_slots()
        assert slots.acquire(blocking=False)
        try:
            with mock.patch.object(services, "count_refusal", side_effect=failure):
                response = post(client, token, data)
        finally:
            slots.release()
    assert response.status_code == 429
    assert response["Retry-After"] == "2"


def test_a_get_is_not_allowed(client):
    _application, token = connected_application()
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 405


def test_verification_finds_an_edited_received_entry(client):
    application, token = connected_application()
    assert post(client, token, body(document([span(bsn=BSN), span(bsn=OTHER_BSN)]))).status_code == 200
    assert chain.verify().ok
    received = ReceivedSpan.objects.filter(application=application).first()
    tamper(received.entry_id, target_label="iets anders")
    result = chain.verify()
    assert not result.ok and result.entry_id == received.entry_id


def test_a_batch_costs_the_same_few_hub_queries_whatever_its_size():
    """Known span ids, the activities named and the idempotency index: a fixed number of queries per batch."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    from privacyregie.dossiers.demo import demo_bsn
    from privacyregie.hub.intake import JSON, decode

    application, _token = connected_application()
    organisation = application.organisation
    week_ago = datetime.now(UTC) - timedelta(days=7)
    names = [f"Activiteit {n}" for n in range(12)]
    versions = [save_activity(organisation, {**BASE, "name": name}, valid_from=week_ago) for name in names]

    def hub_queries(count):
        spans = [span(bsn=demo_bsn(900 + n), activity=str(versions[n % 12].version_id) if n % 2 else names[n % 12])
                 for n in range(count)]
        with CaptureQueriesContext(db) as captured:
            result = services.ingest(application, decode(body(document(spans)), JSON))
        assert result.accepted == count and result.flagged == 0
        return [q["sql"] for q in captured.captured_queries
                if "register_" in q["sql"] or ReceivedSpan._meta.db_table in q["sql"]]

    assert len(hub_queries(3)) == len(hub_queries(60)) <= 5
    entries = ProcessingLogEntry.objects.filter(organisation=organisation, application=application.name)
    assert {e.processing_activity for e in entries} == set(names)


@pytest.mark.parametrize("key", ["k", "x" * 64, "y" * 65])
def test_the_hub_pseudonym_is_the_kernels_for_every_form_of_a_bsn(key):
    from django.core.exceptions import ValidationError

    from privacyregie.dossiers.demo import demo_bsn

    with override_settings(PSEUDONYM_KEY=key):
        numbers = [demo_bsn(n) for n in range(50)] + [BSN, OTHER_BSN, f"{BSN[:4]}.{BSN[4:6]}.{BSN[6:]}",
                                                      f"{BSN[:3]} {BSN[3:6]} {BSN[6:]}"]
        for number in numbers:
            assert services.pseudonymise_subject(number, "BSN") == pseudonymise_bsn(number)
            assert services.pseudonymise_subject(number, "burgerservicenummer") == pseudonymise_bsn(number)
        for refused in ("000000000", "123456789", f"{BSN}0", BSN[:8], f"{BSN[:8]}x", "１２３４５６７８２"):
            with pytest.raises(ValidationError):
                pseudonymise_bsn(refused)
            with pytest.raises(ValidationError):
                services.pseudonymise_subject(refused, "BSN")
        # another kind of id: the same key, prefixed by its type
        import hashlib
        import hmac
        expected = hmac.new(key.encode(), b"vreemdelingennummer:V123", hashlib.sha256).hexdigest()
        assert services.pseudonymise_subject("V123", "Vreemdelingennummer") == expected
