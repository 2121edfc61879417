"""Decoding an OTLP/HTTP trace export (JSON or protobuf, optionally gzip) into plain spans.

The two encodings of ``ExportTraceServiceRequest`` give the same ``ReceivedSpan`` records: hex trace and span
ids, start and end in nanoseconds, the span's status and its attributes and its resource's attributes as
plain Python values. A payload that is not a valid request raises ``MalformedPayload`` (HTTP 400);
one that is too large raises ``PayloadTooLarge`` (HTTP 413). Nothing here touches the database.
"""

from __future__ import annotations

import binascii
import gzip
import json
import re
import zlib
from dataclasses import dataclass, field

JSON = "application/json"
PROTOBUF = "application/x-protobuf"


class MalformedPayload(ValueError):
    pass


class PayloadTooLarge(ValueError):
    pass


@dataclass
class ReceivedSpan:
    trace_id: str
    span_id: str
    parent_span_id: str
    name: str
    start_nanos: int
    end_nanos: int
    status_code: int
    status_message: str
    flags: int
    trace_state: str
    attributes: dict = field(default_factory=dict)
    resource: dict = field(default_factory=dict)


def decompress(body: bytes, encoding: str, limit: int) -> bytes:
    """The body without its Content-Encoding (gzip, deflate or none), never more than ``limit`` bytes."""
    encoding = (encoding or "identity").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "deflate"):
        raise MalformedPayload(f"unsupported Content-Encoding {encoding!r}")
    inflater = zlib.decompressobj(wbits=31 if encoding == "gzip" else 15)
    try:
        data = inflater.decompress(body, limit + 1)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise MalformedPayload(f"the {encoding} body cannot be decompressed") from exc
    if len(data) > limit or inflater.unconsumed_tail:
        raise PayloadTooLarge(f"the decompressed body is larger than {limit} bytes")
    return data


def media_type(content_type: str) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def decode(body: bytes, content_type: str) -> list[ReceivedSpan]:
    kind = media_type(content_type)
    if kind == JSON:
        return _from_json(body)
    if kind == PROTOBUF:
        return _from_protobuf(body)
    raise ValueError(kind)  # the view answers 415 before it gets here


# --- JSON (OTLP/JSON: lowerCamelCase keys, hex ids, enums as numbers, 64-bit ints as strings) --------

def _json_value(value):
    if not isinstance(value, dict):
        raise MalformedPayload("an attribute value is not an AnyValue object")
    if "stringValue" in value:
        return str(value["stringValue"])
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "intValue" in value:
        try:
            return int(value["intValue"])
        except (TypeError, ValueError) as exc:
            raise MalformedPayload("an intValue is not an integer") from exc
    if "doubleValue" in value:
        return value["doubleValue"]
    if "arrayValue" in value:
        return [_json_value(v) for v in (value["arrayValue"] or {}).get("values", [])]
    return ""


def _json_attributes(items) -> dict:
    if not isinstance(items, list):
        raise MalformedPayload("attributes is not a list")
    result = {}
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise MalformedPayload("an attribute has no key")
        result[item["key"]] = _json_value(item.get("value") or {})
    return result


_HEX_ID = {32: re.compile("[0-9a-f]{32}"), 16: re.compile("[0-9a-f]{16}")}


def _hex_id(value, length: int, what: str, required: bool = True) -> str:
    value = (value or "").lower() if isinstance(value, str) else value
    if not value and not required:
        return ""
    if not isinstance(value, str) or not _HEX_ID[length].fullmatch(value) or not value.strip("0"):
        raise MalformedPayload(f"{what} is not a valid {length}-digit hex id")
    return value


def _int(value, what: str) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError) as exc:
        raise MalformedPayload(f"{what} is not an integer") from exc


def _from_json(body: bytes) -> list[ReceivedSpan]:
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedPayload("the body is not valid JSON") from exc
    if not isinstance(document, dict) or not isinstance(document.get("resourceSpans", []), list):
        raise MalformedPayload("the body is not an ExportTraceServiceRequest")
    spans = []
    try:
        for resource_spans in document.get("resourceSpans", []):
            resource = _json_attributes((resource_spans.get("resource") or {}).get("attributes", []))
            for scope_spans in resource_spans.get("scopeSpans", []):
                for data in scope_spans.get("spans", []):
                    status = data.get("status") or {}
                    spans.append(ReceivedSpan(
                        trace_id=_hex_id(data.get("traceId"), 32, "traceId"),
                        span_id=_hex_id(data.get("spanId"), 16, "spanId"),
                        parent_span_id=_hex_id(data.get("parentSpanId"), 16, "parentSpanId", required=False),
                        name=str(data.get("name") or ""),
                        start_nanos=_int(data.get("startTimeUnixNano"), "startTimeUnixNano"),
                        end_nanos=_int(data.get("endTimeUnixNano"), "endTimeUnixNano"),
                        status_code=_int(status.get("code"), "status.code"),
                        status_message=str(status.get("message") or ""),
                        flags=_int(data.get("flags"), "flags"),
                        trace_state=str(data.get("traceState") or ""),
                        attributes=_json_attributes(data.get("attributes", [])),
                        resource=resource,
                    ))
    except (AttributeError, TypeError) as exc:
        raise MalformedPayload("the body is not an ExportTraceServiceRequest") from exc
    return spans


# --- protobuf ----------------------------------------------------------------------------------

def _proto_value(value):
    kind = value.WhichOneof("value")
    if kind is None:
        return ""
    if kind == "array_value":
        return [_proto_value(v) for v in value.array_value.values]
    if kind in ("kvlist_value", "bytes_value"):
        return ""
    return getattr(value, kind)


def _proto_attributes(items) -> dict:
    return {item.key: _proto_value(item.value) for item in items}


def _bytes_id(value: bytes, length: int, what: str, required: bool = True) -> str:
    if not value and not required:
        return ""
    if len(value) != length // 2 or not any(value):
        raise MalformedPayload(f"{what} is not a valid {length // 2}-byte id")
    return binascii.hexlify(value).decode()


def _from_protobuf(body: bytes) -> list[ReceivedSpan]:
    from google.protobuf.message import DecodeError
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    try:
        request = ExportTraceServiceRequest.FromString(body)
    except (DecodeError, ValueError, RuntimeError) as exc:
        raise MalformedPayload("the body is not a protobuf ExportTraceServiceRequest") from exc
    spans = []
    for resource_spans in request.resource_spans:
        resource = _proto_attributes(resource_spans.resource.attributes)
        for scope_spans in resource_spans.scope_spans:
            for data in scope_spans.spans:
                spans.append(ReceivedSpan(
                    trace_id=_bytes_id(data.trace_id, 32, "trace_id"),
                    span_id=_bytes_id(data.span_id, 16, "span_id"),
                    parent_span_id=_bytes_id(data.parent_span_id, 16, "parent_span_id", required=False),
                    name=data.name, start_nanos=data.start_time_unix_nano, end_nanos=data.end_time_unix_nano,
                    status_code=data.status.code, status_message=data.status.message, flags=data.flags,
                    trace_state=data.trace_state, attributes=_proto_attributes(data.attributes), resource=resource,
                ))
    return spans


# --- responses -------------------------------------------------------------------------------

def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte = number & 0x7F
        number >>= 7
        if number:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def success_body(kind: str, rejected: int = 0, message: str = "") -> bytes:
    """An ExportTraceServiceResponse, with partialSuccess when spans were rejected or a message is given."""
    if kind == PROTOBUF:
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceResponse

        response = ExportTraceServiceResponse()
        if rejected or message:
            response.partial_success.rejected_spans = rejected
            response.partial_success.error_message = message
        return response.SerializeToString()
    data = {}
    if rejected or message:
        data["partialSuccess"] = {"rejectedSpans": str(rejected), "errorMessage": message}
    return json.dumps(data).encode()


def status_body(kind: str, code: int, message: str) -> bytes:
    """A google.rpc.Status (``code`` is the gRPC code), in the request's encoding (JSON when unknown)."""
    if kind == PROTOBUF:
        return _varint(1 << 3 | 0) + _varint(code) + _field(2, message.encode())
    return json.dumps({"code": code, "message": message}).encode()
