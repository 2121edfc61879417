"""Building OTLP requests for the hub's tests (JSON and protobuf), and a connected application."""

import itertools
import json
import secrets
from datetime import UTC, datetime, timedelta

from privacyregie.core.models import Application, Organisation
from privacyregie.dossiers.demo import demo_bsn
from privacyregie.kernel import otlp

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_numbers = itertools.count(1)


def connected_application(organisation=None, name=None, scopes=("hub.write_log",)):
    organisation = organisation or Organisation.objects.get(slug="bel")
    application = Application(organisation=organisation, name=name or f"App {secrets.token_hex(4)}",
                              scopes=list(scopes))
    token = application.issue_secret()
    application.save()
    return application, token


def nanos(moment: datetime) -> str:
    return str((moment - EPOCH) // timedelta(microseconds=1) * 1000)


def span(*, bsn=None, id_type="BSN", activity="", name="raadplegen zaakdossier", at=None, trace_id=None,
         span_id=None, extra=None, status=1):
    at = at or datetime.now(UTC) - timedelta(minutes=5)
    attributes = {}
    if activity:
        attributes[otlp.PROCESSING_ACTIVITY_ID] = activity
    if bsn:
        attributes[otlp.DATA_SUBJECT_ID] = bsn
        if id_type:
            attributes[otlp.DATA_SUBJECT_ID_TYPE] = id_type
    attributes.update(extra or {})
    return {
        "traceId": trace_id or secrets.token_hex(16), "spanId": span_id or f"{next(_numbers):016x}",
        "name": name, "kind": 2, "startTimeUnixNano": nanos(at), "endTimeUnixNano": nanos(at + timedelta(seconds=1)),
        "status": {"code": status},
        "attributes": [{"key": k, "value": {"boolValue": v} if isinstance(v, bool) else {"stringValue": v}}
                       for k, v in attributes.items()],
    }


def document(spans, service="zaaksysteem", resource_extra=None) -> dict:
    resource = [{"key": "service.name", "value": {"stringValue": service}},
                {"key": "service.version", "value": {"stringValue": "1.0"}}]
    for key, value in (resource_extra or {}).items():
        resource.append({"key": key, "value": {"stringValue": value}})
    return {"resourceSpans": [{"resource": {"attributes": resource},
                               "scopeSpans": [{"scope": {"name": "test"}, "spans": list(spans)}]}]}


def body(doc) -> bytes:
    return json.dumps(doc).encode()


def protobuf(doc) -> bytes:
    """The same request in the protobuf encoding."""
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    request = ExportTraceServiceRequest()
    for rs in doc["resourceSpans"]:
        out = request.resource_spans.add()
        for attribute in rs["resource"]["attributes"]:
            kv = out.resource.attributes.add(key=attribute["key"])
            kv.value.string_value = attribute["value"]["stringValue"]
        for ss in rs["scopeSpans"]:
            scope = out.scope_spans.add()
            for data in ss["spans"]:
                item = scope.spans.add(trace_id=bytes.fromhex(data["traceId"]), span_id=bytes.fromhex(data["spanId"]),
                                       name=data["name"], kind=data["kind"],
                                       start_time_unix_nano=int(data["startTimeUnixNano"]),
                                       end_time_unix_nano=int(data["endTimeUnixNano"]))
                item.status.code = data["status"]["code"]
                for attribute in data["attributes"]:
                    kv = item.attributes.add(key=attribute["key"])
                    if "boolValue" in attribute["value"]:
                        kv.value.bool_value = attribute["value"]["boolValue"]
                    else:
                        kv.value.string_value = attribute["value"]["stringValue"]
    return request.SerializeToString()


BSN = demo_bsn(901)
OTHER_BSN = demo_bsn(902)
