"""The processing log in the format of the Logboek dataverwerkingen standard: OTLP JSON.

An ``ExportTraceServiceRequest`` (OpenTelemetry protocol, JSON encoding): ``resourceSpans`` per
resource (``service.name``, ``service.version``), one ``scopeSpans`` each, one span per log entry
with ``traceId``/``spanId``/``parentSpanId`` (hex), ``name``, ``startTimeUnixNano``,
``endTimeUnixNano``, ``status`` and ``attributes``. The standard's attributes are in the
``dpl.core`` namespace; everything else the log holds (who, why, the hash chain) is in the
``privacyregie`` namespace, so that ``parse`` gives back every field and the entry hash can be
recomputed from an export. An entry without a trace (a system job) gets ids derived from its hash,
marked with ``privacyregie.trace_derived``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .models import ProcessingLogEntry

SCOPE = "privacyregie.kernel"
# dpl.core attributes (Logboek dataverwerkingen 1.0, component Logboek, "attributes")
PROCESSING_ACTIVITY_ID = "dpl.core.processing_activity_id"
DATA_SUBJECT_ID = "dpl.core.data_subject_id"
DATA_SUBJECT_ID_TYPE = "dpl.core.data_subject_id_type"
FOREIGN_SPAN_ID = "dpl.core.foreign_operation.span_id"
FOREIGN_PROCESSOR = "dpl.core.foreign_operation.processor"
FOREIGN_TRACE_ID = "dpl.core.foreign_operation.trace_id"  # in drafts before October 2025
ACTIVITY_URN = "urn:privacyregie:verwerkingsactiviteit:"
STATUS_OK, STATUS_ERROR = 1, 2
_OWN = "privacyregie."
_OWN_FIELDS = (
    "id", "organisation_id", "chain", "seq", "actor_user_id", "actor_username", "actor_roles", "application",
    "action", "target_type", "target_id", "target_label", "processing_activity", "purpose", "legal_basis",
    "legal_basis_detail", "outcome", "reason", "emergency", "origin", "prev_hash", "entry_hash",
)
_INTS = {"id", "organisation_id", "chain", "seq", "actor_user_id"}
# The fields an export carries, and ``parse`` returns.
FIELDS = (
    *_OWN_FIELDS, "occurred_at", "ended_at", "operation_name", "trace_id", "span_id", "parent_span_id",
    "trace_flags", "tracestate", "service_name", "service_version", "subject_pseudonym", "subject_id_type",
    "processing_activity_version_id", "foreign_trace_id", "foreign_span_id", "foreign_processor",
)


def _nanos(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    whole = int(moment.replace(microsecond=0).timestamp())
    return str(whole * 1_000_000_000 + moment.microsecond * 1000)


def _moment(nanos) -> datetime:
    seconds, rest = divmod(int(nanos), 1_000_000_000)
    return datetime.fromtimestamp(seconds, UTC).replace(microsecond=rest // 1000)


def _value(value) -> dict:
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        return {"intValue": str(value)}
    return {"stringValue": str(value)}


def _attribute(key, value) -> dict:
    return {"key": key, "value": _value(value)}


def _plain(value: dict):
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "intValue" in value:
        return int(value["intValue"])
    return value.get("stringValue", "")


def span(entry: ProcessingLogEntry) -> dict:
    derived = not entry.trace_id
    attributes = []
    if entry.processing_activity_version_id:
        attributes.append(_attribute(PROCESSING_ACTIVITY_ID, ACTIVITY_URN + entry.processing_activity_version_id))
    if entry.subject_pseudonym:
        attributes.append(_attribute(DATA_SUBJECT_ID, entry.subject_pseudonym))
        attributes.append(_attribute(DATA_SUBJECT_ID_TYPE, entry.subject_id_type))
    if entry.foreign_span_id:
        attributes += [_attribute(FOREIGN_SPAN_ID, entry.foreign_span_id),
                       _attribute(FOREIGN_PROCESSOR, entry.foreign_processor),
                       _attribute(FOREIGN_TRACE_ID, entry.foreign_trace_id)]
    for field in _OWN_FIELDS:
        value = getattr(entry, field)
        if value is not None:
            attributes.append(_attribute(_OWN + field, value))
    if derived:
        attributes.append(_attribute(_OWN + "trace_derived", True))
    if not entry.operation_name:  # an entry from before the field: the standard requires a name
        attributes.append(_attribute(_OWN + "name_derived", True))
    data = {
        "traceId": entry.trace_id or entry.entry_hash[:32],
        "spanId": entry.span_id or entry.entry_hash[32:48],
        "name": entry.operation_name or f"{entry.action} {entry.target_type}",
        "kind": 2 if entry.trace_id else 1,  # SERVER for a request, INTERNAL for a job
        "startTimeUnixNano": _nanos(entry.occurred_at),
        "endTimeUnixNano": _nanos(entry.ended_at or entry.occurred_at),
        "status": ({"code": STATUS_OK} if entry.outcome == "allowed"
                   else {"code": STATUS_ERROR, "message": entry.reason}),
        "attributes": attributes,
    }
    if entry.parent_span_id:
        data["parentSpanId"] = entry.parent_span_id
    if entry.tracestate:
        data["traceState"] = entry.tracestate
    if entry.trace_flags:
        data["flags"] = int(entry.trace_flags, 16)
    if entry.ended_at is None:
        attributes.append(_attribute(_OWN + "end_unknown", True))
    return data


def export(entries) -> dict:
    """An ExportTraceServiceRequest for the entries, one resourceSpans per service name and version."""
    groups: dict[tuple[str, str], list] = {}
    for entry in entries:
        groups.setdefault((entry.service_name, entry.service_version), []).append(span(entry))
    resource_spans = []
    for (name, version), spans in groups.items():
        resource = [_attribute("service.name", name)] if name else []
        if version:
            resource.append(_attribute("service.version", version))
        resource_spans.append({
            "resource": {"attributes": resource},
            "scopeSpans": [{"scope": {"name": SCOPE}, "spans": spans}],
        })
    return {"resourceSpans": resource_spans}


def parse(document: dict) -> list[dict]:
    """The log entries' fields (``FIELDS``) from an export, in its order."""
    rows = []
    for resource_spans in document.get("resourceSpans", []):
        resource = {a["key"]: _plain(a["value"]) for a in resource_spans.get("resource", {}).get("attributes", [])}
        for scope_spans in resource_spans.get("scopeSpans", []):
            for data in scope_spans.get("spans", []):
                rows.append(_row(data, resource))
    return rows


def _row(data: dict, resource: dict) -> dict:
    attributes = {a["key"]: _plain(a["value"]) for a in data.get("attributes", [])}
    derived = attributes.get(_OWN + "trace_derived", False)
    row = {field: attributes.get(_OWN + field, None if field in _INTS else "") for field in _OWN_FIELDS}
    activity = attributes.get(PROCESSING_ACTIVITY_ID, "")
    row.update({
        "occurred_at": _moment(data["startTimeUnixNano"]),
        "ended_at": None if attributes.get(_OWN + "end_unknown") else _moment(data["endTimeUnixNano"]),
        "operation_name": "" if attributes.get(_OWN + "name_derived") else data.get("name", ""),
        "trace_id": "" if derived else data["traceId"],
        "span_id": "" if derived else data["spanId"],
        "parent_span_id": data.get("parentSpanId", ""),
        "trace_flags": f"{data['flags'] & 0xff:02x}" if "flags" in data else "",
        "tracestate": data.get("traceState", ""),
        "service_name": resource.get("service.name", ""),
        "service_version": resource.get("service.version", ""),
        "subject_pseudonym": attributes.get(DATA_SUBJECT_ID, ""),
        "subject_id_type": attributes.get(DATA_SUBJECT_ID_TYPE, ""),
        "processing_activity_version_id": activity.removeprefix(ACTIVITY_URN),
        "foreign_trace_id": attributes.get(FOREIGN_TRACE_ID, ""),
        "foreign_span_id": attributes.get(FOREIGN_SPAN_ID, ""),
        "foreign_processor": attributes.get(FOREIGN_PROCESSOR, ""),
    })
    return row
