"""The OTLP/HTTP receiver (``POST /v1/traces``), the connected-applications page and the OTLP export.

The receiver follows the OTLP/HTTP specification: the response is an ``ExportTraceServiceResponse`` in the
request's encoding (with ``partialSuccess`` when spans were rejected); a refused request gets a
``google.rpc.Status``: 400 malformed, 401 no valid credential, 403 no logging scope or another organisation,
413 too large, 415 wrong content type, 429 (busy) and 503 (database unavailable) with ``Retry-After``.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from privacyregie.core.access import public, requires
from privacyregie.core.models import SecurityEvent
from privacyregie.core.security import record_event
from privacyregie.kernel import services as kernel_services
from privacyregie.kernel.policy import Action
from privacyregie.kernel.queries import filtered_entries
from privacyregie.kernel.views import otlp_download

from . import intake, services
from .forms import ExportForm
from .models import RefusalKind

log = logging.getLogger(__name__)

# gRPC status codes for google.rpc.Status
_INVALID_ARGUMENT, _PERMISSION_DENIED, _RESOURCE_EXHAUSTED, _UNAVAILABLE, _UNAUTHENTICATED = 3, 7, 8, 14, 16


def _status(kind: str, http_status: int, code: int, message: str, retry_after: int | None = None) -> HttpResponse:
    kind = kind if kind in (intake.JSON, intake.PROTOBUF) else intake.JSON
    response = HttpResponse(intake.status_body(kind, code, message), status=http_status, content_type=kind)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    if http_status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def _token(request) -> str:
    header = request.headers.get("Authorization", "")
    parts = header.split()
    return parts[1] if len(parts) == 2 and parts[0] == "Bearer" else ""


@public  # authenticated below with the sending application's bearer token (not a browser session)
@csrf_exempt
def receive_traces(request):
    kind = intake.media_type(request.headers.get("Content-Type", ""))
    try:
        return _receive_traces(request, kind)
    except DatabaseError:  # locked or unreachable: the exporter retries later (OTLP: 503 + Retry-After)
        log.exception("OTLP intake: the database is not available")
        retry = services.setting("HUB_RETRY_AFTER_SECONDS", 2)
        return _status(kind, 503, _UNAVAILABLE, "the processing log is not available; retry later", retry)


def _receive_traces(request, kind: str) -> HttpResponse:
    if request.method != "POST":
        response = _status(kind, 405, _INVALID_ARGUMENT, "only POST is supported")
        response["Allow"] = "POST"
        return response
    application = services.application_for_token(_token(request))
    if application is None:
        record_event(request, SecurityEvent.Kind.API_AUTH_FAILED, detail="OTLP intake: unknown or inactive token")
        return _status(kind, 401, _UNAUTHENTICATED, "a valid application token (Bearer) is required")
    if not services.may_write(application):
        return _status(kind, 403, _PERMISSION_DENIED, f"the application lacks the scope {services.SCOPE}")
    if kind not in (intake.JSON, intake.PROTOBUF):
        services.count_refusal(application, RefusalKind.CONTENT_TYPE, message=kind[:100])
        return _status(intake.JSON, 415, _INVALID_ARGUMENT,
                       "Content-Type must be application/json or application/x-protobuf")
    limit = services.setting("HUB_MAX_BODY_BYTES", 4 * 1024 * 1024)
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        services.count_refusal(application, RefusalKind.TOO_LARGE, message=f"{declared} bytes")
        return _status(kind, 413, _RESOURCE_EXHAUSTED, f"the body is larger than {limit} bytes")
    slots = services.intake_slots()
    if not slots.acquire(timeout=services.setting("HUB_QUEUE_WAIT_MS", 200) / 1000):
        retry = services.setting("HUB_RETRY_AFTER_SECONDS", 2)
        # The count is bookkeeping: whatever goes wrong with it must not turn "busy, retry" into a 500,
        # or the exporter drops the batch instead of retrying it. (Seen on the tests' in-memory SQLite,
        # where the live server's threads share one connection and an INSERT can come back empty.)
        try:
            services.count_refusal(application, RefusalKind.BACK_PRESSURE, message="no intake slot free")
        except Exception:  # noqa: BLE001 - logged with its traceback; the answer stays 429
            log.exception("OTLP intake: could not count a back-pressure refusal")
        return _status(kind, 429, _RESOURCE_EXHAUSTED, "too many batches at once; retry later", retry)
    try:
        return _receive(request, application, kind, limit)
    finally:
        slots.release()


def _receive(request, application, kind: str, limit: int) -> HttpResponse:
    body = request.read(limit + 1)
    if len(body) > limit:
        services.count_refusal(application, RefusalKind.TOO_LARGE, message=f"more than {limit} bytes")
        return _status(kind, 413, _RESOURCE_EXHAUSTED, f"the body is larger than {limit} bytes")
    try:
        data = intake.decompress(body, request.headers.get("Content-Encoding", ""), limit)
        spans = intake.decode(data, kind)
    except intake.PayloadTooLarge as exc:
        services.count_refusal(application, RefusalKind.TOO_LARGE, message=str(exc))
        return _status(kind, 413, _RESOURCE_EXHAUSTED, str(exc))
    except intake.MalformedPayload as exc:
        services.count_refusal(application, RefusalKind.MALFORMED, message=str(exc))
        return _status(kind, 400, _INVALID_ARGUMENT, str(exc))
    max_spans = services.setting("HUB_MAX_SPANS_PER_BATCH", 10_000)
    if len(spans) > max_spans:
        services.count_refusal(application, RefusalKind.TOO_LARGE, message=f"{len(spans)} spans")
        return _status(kind, 413, _RESOURCE_EXHAUSTED, f"more than {max_spans} spans in one batch")
    try:
        result = services.ingest(application, spans, origin=request.META.get("REMOTE_ADDR", ""))
    except services.OtherOrganisation:
        services.count_refusal(application, RefusalKind.OTHER_ORGANISATION,
                               message="the batch names another organisation")
        return _status(kind, 403, _PERMISSION_DENIED,
                       "the application may only write the processing log of its own organisation")
    notes = list(result.messages)
    if result.replayed:
        notes.append(f"{result.replayed} spans were already received and are stored once")
    if result.flagged:
        notes.append(f"{result.flagged} spans name no registered processing activity (stored, flagged)")
    # a replayed span is stored (once): accepted, so not in rejected_spans; the message says it
    return HttpResponse(intake.success_body(kind, result.rejected_total, "; ".join(notes)),
                        status=200, content_type=kind)


@requires("hub.view_applications")
def applications(request):
    """Aangesloten applicaties: per application its last entry, volume, flagged spans and refusals."""
    organisation = request.user.organisation
    can_export = "kernel.view_processing_log" in request.user.privacy_permissions
    return render(request, "hub/applications.html", {
        "rows": services.connected_applications(organisation),
        "unregistered": services.unregistered_activities(organisation),
        "scope": services.SCOPE, "form": ExportForm(organisation=organisation) if can_export else None,
        "refusal_kinds": RefusalKind.choices,
    })


@requires("hub.view_applications", "kernel.view_processing_log")
def export(request):
    """The received entries in OTLP JSON (the standard's format), per period and/or per resident, through the
    kernel's export (a look-up by BSN is logged with its purpose)."""
    organisation = request.user.organisation
    form = ExportForm(request.GET or None, organisation=organisation)
    if not form.is_bound or not form.is_valid():
        if form.is_bound:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("hub:applications")
    data = form.cleaned_data
    entries = filtered_entries(organisation, bsn=data["bsn"] or "", date_from=data["date_from"],
                               date_to=data["date_to"]).exclude(application="")
    if data["application"]:
        entries = entries.filter(application=data["application"].name)
    if data["bsn"]:
        kernel_services.record_subject_lookup(request, data["bsn"], Action.EXPORT, purpose=data["purpose"])
    return otlp_download(entries)
