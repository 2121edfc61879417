"""Logboek dataverwerkingen (issue 10, section 5): the standard's fields in every entry, covered by the
entry hash, and the export in the standard's format (OTLP JSON with the dpl.core attributes)."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.middleware import TraceContextMiddleware
from privacyregie.core.models import Application, User
from privacyregie.dossiers.models import Case
from privacyregie.kernel import chain, otlp
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.policy import Action, Purpose
from privacyregie.kernel.services import SERVICE_NAME, access, pseudonymise_bsn, service_version
from privacyregie.kernel.tests.factories import log_entry

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"
# The attribute names of the standard (Logboek dataverwerkingen 1.0, "Component: Logboek", attributes)
STANDARD_REQUIRED = {"dpl.core.processing_activity_id", "dpl.core.data_subject_id", "dpl.core.data_subject_id_type"}
STANDARD_FOREIGN = {"dpl.core.foreign_operation.span_id", "dpl.core.foreign_operation.processor"}


def _case():
    return Case.objects.get(organisation__slug="bel", reference="C-2026-0001")


def _request(user, application=None, **headers):
    """A request that passed the trace-context middleware, as a view sees it."""
    seen = {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7", **{f"HTTP_{k.upper()}": v for k, v in headers.items()})

    def view(r):
        seen["request"] = r
        return HttpResponse()

    TraceContextMiddleware(view)(request)
    request.user = user
    if application is not None:
        request.auth = application
    return seen["request"]


@pytest.mark.django_db
def test_an_entry_carries_the_standards_fields():
    case = _case()
    user = User.objects.get(username="consulent.jeugd")
    request = _request(user, traceparent=f"00-{TRACE}-{PARENT}-00", tracestate="congo=t61rcWkgMzE")
    before = timezone.now()
    access(request, Action.VIEW, case, Purpose.CASE_WORK)
    entries = list(ProcessingLogEntry.objects.filter(trace_id=TRACE))
    assert {e.subject_pseudonym for e in entries} == {pseudonymise_bsn(b) for b in case.subject_bsns()}
    for entry in entries:
        assert entry.operation_name == "view dossiers.case"
        assert entry.occurred_at <= entry.ended_at and entry.ended_at >= before
        assert entry.occurred_at == request.trace_started_at  # start of the operation: the request
        assert (entry.service_name, entry.service_version) == (SERVICE_NAME, service_version()) != (SERVICE_NAME, "")
        assert entry.subject_id_type == "BSN"
        assert entry.trace_flags == "00" and entry.tracestate == "congo=t61rcWkgMzE"
        assert entry.parent_span_id == PARENT
        assert entry.foreign_span_id == "" and entry.foreign_processor == ""  # a person in our own app


@pytest.mark.django_db
def test_a_call_from_another_organisations_application_links_the_foreign_operation():
    case = _case()
    user = User.objects.get(username="consulent.jeugd")
    app = Application(organisation=case.organisation, name="Zaaksysteem Gemeente Laren", scopes=["core.use_app"])
    access(_request(user, app, traceparent=f"00-{TRACE}-{PARENT}-01"), Action.VIEW, case, Purpose.CASE_WORK)
    entry = ProcessingLogEntry.objects.filter(trace_id=TRACE).first()
    assert (entry.foreign_trace_id, entry.foreign_span_id, entry.foreign_processor) == (
        TRACE, PARENT, "Zaaksysteem Gemeente Laren")
    assert entry.application == "Zaaksysteem Gemeente Laren"


@pytest.mark.django_db
def test_an_application_without_incoming_trace_has_no_foreign_operation():
    case = _case()
    app = Application(organisation=case.organisation, name="Zaaksysteem", scopes=["core.use_app"])
    access(_request(User.objects.get(username="consulent.jeugd"), app), Action.VIEW, case, Purpose.CASE_WORK)
    entry = ProcessingLogEntry.objects.order_by("-id").first()
    assert entry.foreign_span_id == entry.foreign_trace_id == entry.foreign_processor == ""
    assert entry.trace_flags == "01"  # a new trace is sampled


# --- the hash covers the new fields ------------------------------------------------------------

NEW_VALUES = {
    "operation_name": "delete dossiers.case", "ended_at": timezone.now() + timedelta(hours=1),
    "service_name": "ander", "service_version": "9.9", "subject_id_type": "personeelsnummer",
    "foreign_trace_id": "1" * 32, "foreign_span_id": "2" * 16, "foreign_processor": "https://elders.example",
    "tracestate": "rojo=1", "trace_flags": "00",
}


def _tamper(pk, **values):
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        ProcessingLogEntry.objects.filter(pk=pk).update(**values)


@pytest.mark.django_db
@pytest.mark.parametrize("field", sorted(NEW_VALUES))
def test_editing_a_new_field_breaks_the_chain(field):
    from privacyregie.core.models import Organisation

    org = Organisation.objects.get(slug="bel")
    entry = log_entry(org, operation_name="view dossiers.case", ended_at=timezone.now(), service_name="privacyregie",
                      service_version="1.0", subject_id_type="BSN", foreign_trace_id=TRACE, foreign_span_id=PARENT,
                      foreign_processor="Zaaksysteem", tracestate="congo=1", trace_flags="01")
    assert chain.verify().ok
    _tamper(entry.pk, **{field: NEW_VALUES[field]})
    result = chain.verify()
    assert not result.ok and result.problem == "edited" and result.entry_id == entry.pk


def _as_v2(entry):
    """Rewrite an entry's hash as an entry written before v3 (v2 hash, no v3 fields)."""
    values = {"id": entry.pk, **{f: getattr(entry, f) for f in chain.HASHED_FIELDS if f not in chain.V3_FIELDS}}
    parts = [chain._canonical(values.get("id"))] + [chain._canonical(values[f]) for f in chain.HASHED_FIELDS
                                                    if f not in chain.V3_FIELDS]
    digest = hashlib.sha256(chain._SEPARATOR.join(["v2", *parts]).encode()).hexdigest()
    return digest


@pytest.mark.django_db
def test_entries_from_before_v3_still_verify_but_filling_in_a_new_field_is_an_edit():
    from privacyregie.core.models import Organisation

    org = Organisation.objects.get(slug="bel")
    entry = log_entry(org, key="solo-subject")
    assert entry.operation_name == "" and entry.ended_at is None
    digest = _as_v2(entry)
    _tamper(entry.pk, entry_hash=digest)
    from privacyregie.kernel.models import ChainHead

    with transaction.atomic():
        ChainHead.objects.filter(chain=entry.chain).update(last_hash=digest)
    assert chain.verify().ok
    _tamper(entry.pk, foreign_processor="https://achteraf.example")
    result = chain.verify()
    assert not result.ok and result.problem == "edited"


# --- the export in the standard's format -------------------------------------------------------


def _traced_entries():
    case = _case()
    user = User.objects.get(username="consulent.jeugd")
    app = Application(organisation=case.organisation, name="Zaaksysteem Gemeente Laren", scopes=["core.use_app"])
    access(_request(user, app, traceparent=f"00-{TRACE}-{PARENT}-01", tracestate="congo=t61rcWkgMzE"),
           Action.VIEW, case, Purpose.CASE_WORK)
    log_entry(case.organisation, key="system-job")  # no trace, no name, no end: an entry written by a job
    return ProcessingLogEntry.objects.filter(organisation=case.organisation).order_by("occurred_at", "id")


@pytest.mark.django_db
def test_otlp_export_round_trips_every_field():
    entries = list(_traced_entries())
    parsed = otlp.parse(json.loads(json.dumps(otlp.export(entries))))
    assert len(parsed) == len(entries)
    # one resourceSpans per system (service): entries of connected applications (hub) come in their own group
    rows = {row["id"]: row for row in parsed}
    for entry in entries:
        row = rows[entry.pk]
        assert row == {field: getattr(entry, field) for field in otlp.FIELDS}
        # from an export alone, every entry's hash can be recomputed
        assert chain.entry_hash({**row, "chain": entry.chain}) == entry.entry_hash


@pytest.mark.django_db
def test_otlp_export_is_an_export_trace_service_request_with_the_standards_attributes():
    entries = list(_traced_entries())
    document = otlp.export(entries)
    spans = [span for rs in document["resourceSpans"] for ss in rs["scopeSpans"] for span in ss["spans"]]
    resources = [{a["key"]: a["value"]["stringValue"] for a in rs["resource"]["attributes"]}
                 for rs in document["resourceSpans"]]
    assert {"service.name": SERVICE_NAME, "service.version": service_version()} in resources
    assert len(spans) == len(entries)
    for span in spans:
        assert {"traceId", "spanId", "name", "startTimeUnixNano", "endTimeUnixNano", "status", "attributes"} <= set(span)
        assert len(span["traceId"]) == 32 and len(span["spanId"]) == 16
        assert int(span["endTimeUnixNano"]) >= int(span["startTimeUnixNano"])
        assert span["status"]["code"] in (otlp.STATUS_OK, otlp.STATUS_ERROR)
    traced = [s for s in spans if s["traceId"] == TRACE]
    assert traced
    for span in traced:
        keys = {a["key"] for a in span["attributes"]}
        assert STANDARD_REQUIRED | STANDARD_FOREIGN <= keys
        values = {a["key"]: a["value"].get("stringValue") for a in span["attributes"]}
        assert values["dpl.core.data_subject_id_type"] == "BSN"
        assert values["dpl.core.foreign_operation.span_id"] == PARENT
        assert span["parentSpanId"] == PARENT and span["traceState"] == "congo=t61rcWkgMzE" and span["flags"] == 1
    # own attributes stay out of the standard's namespace
    for span in spans:
        for attribute in span["attributes"]:
            key = attribute["key"]
            assert not key.startswith("dpl.") or key in STANDARD_REQUIRED | STANDARD_FOREIGN | {otlp.FOREIGN_TRACE_ID}


@pytest.mark.django_db
def test_privacy_officer_downloads_the_filtered_log_as_otlp(client, login):
    _traced_entries()
    login("fg")
    response = client.get(reverse("kernel:log"), {"formaat": "otlp", "action": "view"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert ".otlp.json" in response["Content-Disposition"]
    rows = otlp.parse(json.loads(response.content))
    assert rows and {row["action"] for row in rows} == {"view"}
    page = client.get(reverse("kernel:log"), {"action": "view"})
    assert "formaat=otlp" in page.content.decode() and "action=view" in page.content.decode()


@pytest.mark.django_db
def test_api_serves_the_log_as_otlp_with_the_lists_filters(client, login):
    _traced_entries()
    login("fg")
    response = client.get("/api/v1/verwerkingslogboek/otlp", {"outcome": "allowed"})
    assert response.status_code == 200
    rows = otlp.parse(response.json())
    assert rows and {row["outcome"] for row in rows} == {"allowed"}
    assert {row["organisation_id"] for row in rows} == {_case().organisation_id}
    bad = client.get("/api/v1/verwerkingslogboek/otlp", {"date_from": "gisteren"})
    assert bad.status_code == 400
