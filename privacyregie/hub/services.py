"""Intake of other applications' processing logs (Logboek dataverwerkingen over OTLP/HTTP).

``ingest(application, spans)`` turns received spans into kernel log entries and appends them to the
kernel's hash chains in one transaction (``kernel.services.write_entries`` -> ``chain.append_many``), with
the resident's BSN pseudonymised on arrival by ``kernel.services.pseudonymise_bsn`` (the same key and
function as the kernel's own entries: one resident, one pseudonym across all systems).

Span -> log entry (see docs/hub.md for the full table):

* ``application`` = the sending application (its credential), ``service_name``/``service_version`` = the
  resource's ``service.name``/``service.version``, ``operation_name`` and ``target_label`` = the span name,
  ``target_type`` = ``extern:<service.name>``.
* ``action``: the attribute ``privacyregie.action`` when it is one of the kernel's actions, else the first
  word of the span name (``GET``/``view``/``raadplegen`` -> view, ``POST``/``create`` -> create,
  ``PUT``/``PATCH``/``update`` -> update, ``DELETE`` -> delete, ``share``/``delen`` -> share,
  ``export`` -> export), else view.
* ``outcome``: span status ERROR -> denied (with the status message as reason), otherwise allowed.
* ``dpl.core.processing_activity_id``: a version id of a register activity (with or without the
  ``urn:privacyregie:verwerkingsactiviteit:`` prefix) or an activity's name; resolved to the version in force
  at the span's start. Unknown -> stored, flagged, and listed on the register's checks page.
* ``dpl.core.data_subject_id`` + ``_type``: pseudonymised; an id without its type is rejected.
* ``dpl.core.foreign_operation.*`` -> the foreign operation fields; ``enduser.id``/``enduser.role`` -> who and
  which function in the sending system; ``privacyregie.purpose``/``privacyregie.emergency`` when given.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Q
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.models import Application
from privacyregie.kernel import otlp
from privacyregie.kernel.chain import chain_for, server_bound_cursor
from privacyregie.kernel.models import Outcome, ProcessingLogEntry
from privacyregie.kernel.policy import Action, LegalBasisKind, Purpose
from privacyregie.kernel.services import SERVICE_NAME, pseudonymise_bsn, write_entries

from .intake import ReceivedSpan
from .models import IntakeRefusal, RefusalKind
from .models import ReceivedSpan as ReceivedSpanRow

SCOPE = "hub.write_log"
ORGANISATION_ATTRIBUTE = "privacyregie.organisation"  # optional, on the resource: the organisation's slug or OIN
BSN_TYPES = frozenset({"bsn", "burgerservicenummer"})


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# --- who may send ------------------------------------------------------------------------------

def application_for_token(token: str) -> Application | None:
    if not token:
        return None
    return (Application.objects.select_related("organisation")
            .filter(secret_hash=Application.hash_secret(token), is_active=True).first())


def may_write(application: Application) -> bool:
    return SCOPE in application.scope_set


# --- back-pressure ---------------------------------------------------------------------------

_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def intake_slots() -> threading.BoundedSemaphore:
    """The bounded number of batches processed at once in this process (``HUB_MAX_CONCURRENT_BATCHES``).

    A request that gets no slot within ``HUB_QUEUE_WAIT_MS`` is answered 429 with Retry-After; nothing is
    queued in memory beyond the requests that wait that long."""
    size = setting("HUB_MAX_CONCURRENT_BATCHES", 4)
    with _slots_lock:
        if size not in _slots:
            _slots[size] = threading.BoundedSemaphore(size)
        return _slots[size]


# --- refusals --------------------------------------------------------------------------------

def count_refusal(application: Application | None, kind: str, number: int = 1, message: str = "") -> None:
    """Count refusals per application and kind (a request without a valid credential has no application:
    the security events record it)."""
    if application is None or number <= 0:
        return
    now = timezone.now()
    updated = IntakeRefusal.objects.filter(application=application, kind=kind).update(
        count=F("count") + number, last_at=now, last_message=message[:300])
    if not updated:
        try:
            with transaction.atomic():
                IntakeRefusal.objects.create(application=application, kind=kind, count=number, last_at=now,
                                             last_message=message[:300])
        except IntegrityError:
            IntakeRefusal.objects.filter(application=application, kind=kind).update(
                count=F("count") + number, last_at=now, last_message=message[:300])


# --- span -> log entry -----------------------------------------------------------------------

class OtherOrganisation(Exception):
    """The batch names an organisation other than the credential's."""


@dataclass
class IngestResult:
    accepted: int = 0
    flagged: int = 0
    replayed: int = 0
    rejected: dict = field(default_factory=dict)  # kind -> number
    messages: list = field(default_factory=list)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def reject(self, kind: str, message: str) -> None:
        self.rejected[kind] = self.rejected.get(kind, 0) + 1
        if message not in self.messages and len(self.messages) < 5:
            self.messages.append(message)


_ACTION_WORDS = {
    Action.VIEW: ("get", "head", "view", "read", "raadplegen", "raadpleeg", "lezen", "opvragen", "zoeken", "search"),
    Action.CREATE: ("post", "create", "aanmaken", "toevoegen", "registreren"),
    Action.UPDATE: ("put", "patch", "update", "wijzigen", "bijwerken"),
    Action.DELETE: ("delete", "verwijderen"),
    Action.SHARE: ("share", "delen", "verstrekken", "send", "verzenden"),
    Action.EXPORT: ("export", "exporteren", "download"),
}
_WORD_ACTION = {word: action for action, words in _ACTION_WORDS.items() for word in words}
_ACTIONS = frozenset(Action.values)
_PURPOSES = frozenset(Purpose.values)


def span_action(span: ReceivedSpan) -> str:
    given = str(span.attributes.get("privacyregie.action", "")).lower()
    if given in _ACTIONS:
        return given
    first = span.name.strip().split(" ", 1)[0].split(".", 1)[0].lower() if span.name.strip() else ""
    return _WORD_ACTION.get(first, Action.VIEW)


_HMAC_KEYS: dict[str, tuple] = {}


def _keyed(message: str) -> str:
    """HMAC-SHA256 (RFC 2104) with the kernel's pseudonym key: the same value as ``hmac.new(key, message,
    sha256)``, from the inner and outer SHA-256 states of the key made once per process (a span then costs two
    copies and two short hashes instead of setting up the key again)."""
    key = settings.PSEUDONYM_KEY
    pads = _HMAC_KEYS.get(key)
    if pads is None:
        raw = key.encode()
        if len(raw) > 64:  # the block size of SHA-256
            raw = hashlib.sha256(raw).digest()
        raw = raw.ljust(64, b"\0")
        pads = _HMAC_KEYS[key] = (hashlib.sha256(bytes(b ^ 0x36 for b in raw)),
                                  hashlib.sha256(bytes(b ^ 0x5C for b in raw)))
    inner, outer = pads[0].copy(), pads[1].copy()
    inner.update(message.encode())
    outer.update(inner.digest())
    return outer.hexdigest()


def _pseudonymise_bsn(value: str) -> str:
    """``kernel.services.pseudonymise_bsn``, with a fast path for the form every exporter sends: exactly 9
    ASCII digits that pass the 11-test and are not all zero are already the canonical form of
    ``core.bsn.normalise_bsn``, so their pseudonym is the keyed hash of the text itself. Anything else
    (separators, whitespace, invalid numbers) goes through the kernel's function, which also refuses it."""
    if len(value) == 9 and value.isascii() and value.isdigit() and value != "000000000":
        d = [ord(ch) - 48 for ch in value]
        if (9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6] + 2 * d[7] - d[8]) % 11 == 0:
            return _keyed(value)
    return pseudonymise_bsn(value)


def pseudonymise_subject(subject_id: str, id_type: str) -> str:
    """A BSN through the kernel's function (one resident, one pseudonym in every system); another kind of
    id with the same key, prefixed by its type so that numbers of different kinds never collide."""
    if id_type.strip().lower() in BSN_TYPES:
        return _pseudonymise_bsn(subject_id)
    return _keyed(f"{id_type.strip().lower()}:{subject_id.strip()}")


def _moment(nanos: int) -> datetime:
    seconds, rest = divmod(int(nanos), 1_000_000_000)
    return datetime.fromtimestamp(seconds, UTC).replace(microsecond=rest // 1000)


class _Activities:
    """Resolves ``dpl.core.processing_activity_id`` to the register version in force at a moment (cached per batch)."""

    def __init__(self, organisation_id):
        self.organisation_id = organisation_id
        self.cache: dict[str, list] = {}
        self.bases: dict = {}

    def _versions(self, ref: str) -> list:
        from privacyregie.register.models import ProcessingActivity, ProcessingActivityVersion

        if ref in self.cache:
            return self.cache[ref]
        key = ref.removeprefix(otlp.ACTIVITY_URN).strip()
        activity = None
        if key:
            try:
                version = (ProcessingActivityVersion.objects.select_related("activity")
                           .filter(version_id=key, activity__organisation_id=self.organisation_id).first())
            except ValidationError:
                version = None
            activity = version.activity if version else ProcessingActivity.objects.filter(
                organisation_id=self.organisation_id, name=key).first()
        versions = [] if activity is None else list(activity.versions.order_by("-valid_from", "-number"))
        self.cache[ref] = versions
        return versions

    def prefetch(self, refs) -> None:
        """Resolve every reference of a batch at once: one query for the versions named by id, one for the
        activities named by name, one for all versions of the activities found."""
        from privacyregie.register.models import ProcessingActivity, ProcessingActivityVersion

        keys = {ref: ref.removeprefix(otlp.ACTIVITY_URN).strip() for ref in refs if ref not in self.cache}
        if not keys:
            return
        ids = {}
        for ref, key in keys.items():
            try:
                ids[ref] = uuid.UUID(key)
            except ValueError:
                pass
        by_version = dict(ProcessingActivityVersion.objects.filter(
            version_id__in=set(ids.values()), activity__organisation_id=self.organisation_id)
            .values_list("version_id", "activity_id")) if ids else {}
        by_name: dict[str, int] = {}
        names = {key for key in keys.values() if key}
        for name, pk in (ProcessingActivity.objects.filter(organisation_id=self.organisation_id, name__in=names)
                         .order_by("pk").values_list("name", "pk") if names else []):
            by_name.setdefault(name, pk)
        activity_of = {ref: (by_version.get(ids.get(ref)) or by_name.get(key)) if key else None
                       for ref, key in keys.items()}
        versions: dict[int, list] = {}
        found = {pk for pk in activity_of.values() if pk is not None}
        for version in (ProcessingActivityVersion.objects.filter(activity_id__in=found)
                        .order_by("activity_id", "-valid_from", "-number") if found else []):
            versions.setdefault(version.activity_id, []).append(version)
        for ref, pk in activity_of.items():
            self.cache[ref] = versions.get(pk, []) if pk is not None else []

    def legal_basis(self, version) -> tuple[str, str]:
        key = version.pk if version is not None else None
        if key not in self.bases:
            self.bases[key] = _legal_basis(version)
        return self.bases[key]

    def in_force(self, ref: str, at: datetime):
        for version in self._versions(ref):
            if version.valid_from <= at:
                return version
        return None


def _legal_basis(version) -> tuple[str, str]:
    if version is None or not version.legal_basis:
        return LegalBasisKind.NONE, ""
    kind = LegalBasisKind.CONSENT if version.legal_basis == "toestemming" else LegalBasisKind.STATUTORY_TASK
    detail = str(version.get_legal_basis_display())
    if version.legal_article:
        detail += f" ({version.legal_article})"
    return kind, detail[:300]


def _organisation_named(span: ReceivedSpan) -> str:
    return str(span.resource.get(ORGANISATION_ATTRIBUTE) or span.attributes.get(ORGANISATION_ATTRIBUTE) or "")


def check_organisation(application: Application, spans: list[ReceivedSpan]) -> None:
    own = {application.organisation.slug.lower(), (application.organisation.oin or "").lower()} - {""}
    for span in spans:
        named = _organisation_named(span).strip().lower()
        if named and named not in own:
            raise OtherOrganisation(named)


_ENTRY_DEFAULTS: dict | None = None


def _new_entry(values: dict) -> ProcessingLogEntry:
    """A ``ProcessingLogEntry`` built without the model constructor (a received batch builds hundreds of them):
    the field defaults, then ``values``. Only for fields whose default is a constant (``occurred_at`` is
    always given)."""
    global _ENTRY_DEFAULTS
    if _ENTRY_DEFAULTS is None:
        _ENTRY_DEFAULTS = {f.attname: f.get_default() for f in ProcessingLogEntry._meta.concrete_fields}
    entry = ProcessingLogEntry.__new__(ProcessingLogEntry)
    entry.__dict__.update(_ENTRY_DEFAULTS)
    entry.__dict__.update(values)
    entry._state = ModelState()
    return entry


class _Batch:
    """What is the same for every span of one batch from one application."""

    def __init__(self, application, origin: str):
        self.application = application
        self.organisation_id = application.organisation_id
        self.name = application.name[:200]
        self.origin = origin[:64]
        self.app_key = f"app:{application.pk}"
        self.activities = _Activities(application.organisation_id)
        self.pseudonyms: dict[tuple[str, str], str] = {}

    def pseudonym(self, subject_id: str, id_type: str) -> str:
        key = (subject_id, id_type)
        known = self.pseudonyms.get(key)
        if known is None:
            known = self.pseudonyms[key] = pseudonymise_subject(subject_id, id_type)
        return known


def _entry(batch: _Batch, span: ReceivedSpan, result: IngestResult):
    """The log entry, its chain key and its activity reference for one span; None when the span is rejected."""
    attrs = span.attributes
    resource = span.resource
    subject_id = str(attrs.get(otlp.DATA_SUBJECT_ID, "") or "").strip()
    id_type = str(attrs.get(otlp.DATA_SUBJECT_ID_TYPE, "") or "").strip()
    pseudonym = ""
    if subject_id:
        if not id_type:
            result.reject(RefusalKind.MISSING_ID_TYPE,
                          f"span {span.span_id}: {otlp.DATA_SUBJECT_ID} without {otlp.DATA_SUBJECT_ID_TYPE}")
            return None
        try:
            pseudonym = batch.pseudonym(subject_id, id_type)
        except ValidationError:
            result.reject(RefusalKind.INVALID_SUBJECT, f"span {span.span_id}: the {id_type} is not valid")
            return None
    occurred = _moment(span.start_nanos) if span.start_nanos else timezone.now()
    ended = max(_moment(span.end_nanos), occurred) if span.end_nanos else None
    ref = str(attrs.get(otlp.PROCESSING_ACTIVITY_ID, "") or "").strip()[:200]
    version = batch.activities.in_force(ref, occurred) if ref else None
    basis, basis_detail = batch.activities.legal_basis(version)
    purpose = str(attrs.get("privacyregie.purpose", ""))
    service = str(resource.get("service.name", "") or "")[:100]
    denied = span.status_code == otlp.STATUS_ERROR
    name = span.name[:200]
    entry = _new_entry({
        "organisation_id": batch.organisation_id, "occurred_at": occurred, "ended_at": ended,
        "actor_user_id": None, "actor_username": str(attrs.get("enduser.id", "") or "")[:150],
        "actor_roles": str(attrs.get("enduser.role", "") or "")[:300], "application": batch.name,
        "action": span_action(span), "target_type": f"extern:{service or batch.name}"[:60],
        "target_id": str(attrs.get("privacyregie.target_id", "") or "")[:64], "target_label": name,
        "subject_pseudonym": pseudonym, "subject_id_type": id_type[:30] if pseudonym else "",
        "processing_activity": (version.name if version else ref)[:200],
        "processing_activity_version_id": str(version.version_id) if version else "",
        "purpose": purpose if purpose in _PURPOSES else Purpose.CASE_WORK,
        "legal_basis": basis, "legal_basis_detail": basis_detail,
        "outcome": Outcome.DENIED if denied else Outcome.ALLOWED,
        "reason": (span.status_message if denied else "")[:300],
        "emergency": attrs.get("privacyregie.emergency") is True, "origin": batch.origin,
        "trace_id": span.trace_id, "span_id": span.span_id, "parent_span_id": span.parent_span_id,
        "trace_flags": f"{span.flags & 0xff:02x}" if span.flags else "", "tracestate": span.trace_state[:512],
        # the system's name as the resident's report shows it: never taken for Privacyregie itself
        "operation_name": name,
        "service_name": (service if service and service.lower() != SERVICE_NAME else batch.name)[:100],
        "service_version": str(resource.get("service.version", "") or "")[:50],
        "foreign_trace_id": str(attrs.get(otlp.FOREIGN_TRACE_ID, "") or "")[:32],
        "foreign_span_id": str(attrs.get(otlp.FOREIGN_SPAN_ID, "") or "")[:16],
        "foreign_processor": str(attrs.get(otlp.FOREIGN_PROCESSOR, "") or "")[:200],
    })
    return entry, pseudonym or batch.app_key, ref, version is None


def ingest(application: Application, spans: list[ReceivedSpan], origin: str = "") -> IngestResult:
    """Store the batch's spans once each, in the kernel's chains; count what was rejected, and apart from
    that the duplicates (a span received before is stored once: it is accepted, not rejected).

    Raises ``OtherOrganisation`` (nothing stored) when a span or resource names another organisation."""
    check_organisation(application, spans)
    for attempt in range(2):
        try:
            result = _ingest_once(application, spans, origin)
            break
        except IntegrityError:  # the same span arrived concurrently in another request: count it as a replay
            if attempt:
                raise
    for kind, number in result.rejected.items():
        count_refusal(application, kind, number, "; ".join(result.messages))
    if result.replayed:  # counted under its own kind, shown apart from the refusals (not a rejection)
        count_refusal(application, RefusalKind.REPLAY, result.replayed,
                      _("%(n)s handelingen waren al ontvangen") % {"n": result.replayed})
    return result


def _ingest_once(application, spans, origin) -> IngestResult:
    result = IngestResult()
    organisation_id = application.organisation_id
    unique: dict[tuple[str, str], ReceivedSpan] = {}
    for span in spans:
        if (span.trace_id, span.span_id) in unique:
            result.replayed += 1
        else:
            unique[(span.trace_id, span.span_id)] = span
    with transaction.atomic():
        known = _known(organisation_id, list(unique))
        batch = _Batch(application, origin)
        batch.activities.prefetch({str(span.attributes.get(otlp.PROCESSING_ACTIVITY_ID, "") or "").strip()[:200]
                                   for key, span in unique.items() if key not in known})
        prepared = []
        for key, span in unique.items():
            if key in known:
                result.replayed += 1
                continue
            made = _entry(batch, span, result)
            if made is not None:
                prepared.append(made)
        # Lock the chain heads in one global order (by chain, stable within a chain): two batches that touch the
        # same chains then wait for each other instead of deadlocking.
        prepared.sort(key=lambda item: chain_for(item[1]))
        entries = write_entries([(entry, chain_key) for entry, chain_key, _ref, _flag in prepared])
        _index(application, entries, [(ref, flag) for _e, _k, ref, flag in prepared])
        result.accepted = len(entries)
        result.flagged = sum(1 for *_rest, flag in prepared if flag)
    return result


def _known(organisation_id, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (trace id, span id) of the batch were received before: one query."""
    if not keys:
        return set()
    if connection.vendor != "postgresql":
        return set(ReceivedSpanRow.objects.filter(organisation_id=organisation_id,
                                                  trace_id__in={trace for trace, _span in keys})
                   .values_list("trace_id", "span_id"))
    table = ReceivedSpanRow._meta.db_table
    with server_bound_cursor() as cursor:  # the arrays go as binary parameters, not quoted into the text
        cursor.execute(
            f"SELECT r.trace_id, r.span_id FROM {table} r JOIN unnest(%s::text[], %s::text[]) AS u(t, s) "  # noqa: S608
            "ON r.trace_id = u.t AND r.span_id = u.s WHERE r.organisation_id = %s",
            [[trace for trace, _span in keys], [span for _trace, span in keys], organisation_id])
        return set(cursor.fetchall())


def _index(application, entries, refs) -> None:
    """The idempotency index rows of the batch in one COPY; a span that another request stored in the
    meantime violates ``uniq_hub_span`` (IntegrityError: the whole batch rolls back and is tried again)."""
    now = timezone.now()
    if connection.vendor != "postgresql":
        ReceivedSpanRow.objects.bulk_create([
            ReceivedSpanRow(organisation_id=application.organisation_id, application=application,
                            trace_id=entry.trace_id, span_id=entry.span_id, entry_id=entry.pk,
                            occurred_at=entry.occurred_at, received_at=now, activity_ref=ref, flagged=flag)
            for entry, (ref, flag) in zip(entries, refs, strict=True)
        ])
        return
    if not entries:
        return
    table = ReceivedSpanRow._meta.db_table
    organisation_id, application_id = application.organisation_id, application.pk
    with connection.wrap_database_errors, server_bound_cursor() as cursor:  # a duplicate key: IntegrityError
        with cursor.copy(f"COPY {table} (organisation_id, application_id, trace_id, span_id, entry_id, "
                         "occurred_at, received_at, activity_ref, flagged) FROM STDIN") as copy:
            for entry, (ref, flag) in zip(entries, refs, strict=True):
                copy.write_row((organisation_id, application_id, entry.trace_id, entry.span_id, entry.pk,
                                entry.occurred_at, now, ref, flag))


# --- what the pages show ---------------------------------------------------------------------

def connected_applications(organisation) -> list[dict]:
    """Each application with the logging scope, or that ever sent spans: last entry, volume, flagged, refusals."""
    received = {row["application"]: row for row in (
        ReceivedSpanRow.objects.filter(organisation=organisation).values("application")
        .annotate(volume=Count("id"), flagged=Count("id", filter=Q(flagged=True)), last=Max("occurred_at"),
                  last_received=Max("received_at")))}
    refusals: dict[int, list] = {}
    duplicates: dict[int, IntakeRefusal] = {}
    labels = dict(RefusalKind.choices)
    for row in IntakeRefusal.objects.filter(application__organisation=organisation).order_by("kind"):
        if row.kind == RefusalKind.REPLAY:  # stored once and accepted: duplicates, not refusals
            duplicates[row.application_id] = row
            continue
        refusals.setdefault(row.application_id, []).append(
            {"kind": row.kind, "label": labels.get(row.kind, row.kind), "count": row.count, "last_at": row.last_at})
    rows = []
    for application in Application.objects.filter(organisation=organisation).order_by("name"):
        stats = received.get(application.pk)
        duplicate = duplicates.get(application.pk)
        if stats is None and not may_write(application) and application.pk not in refusals and duplicate is None:
            continue
        rows.append({
            "application": application, "may_write": may_write(application) and application.is_active,
            "volume": stats["volume"] if stats else 0, "flagged": stats["flagged"] if stats else 0,
            "last": stats["last"] if stats else None, "last_received": stats["last_received"] if stats else None,
            "refusals": refusals.get(application.pk, []),
            "refused_total": sum(r["count"] for r in refusals.get(application.pk, [])),
            "duplicate_spans": duplicate.count if duplicate else 0,
            "last_duplicate": duplicate.last_at if duplicate else None,
        })
    return rows


def unregistered_activities(organisation) -> list[dict]:
    """Activity references of flagged spans: per reference the number of spans and the applications."""
    rows = (ReceivedSpanRow.objects.filter(organisation=organisation, flagged=True)
            .values("activity_ref", "application__name").annotate(spans=Count("id"), last=Max("occurred_at"))
            .order_by("activity_ref", "application__name"))
    grouped: dict[str, dict] = {}
    for row in rows:
        item = grouped.setdefault(row["activity_ref"], {"ref": row["activity_ref"], "spans": 0, "applications": []})
        item["spans"] += row["spans"]
        item["applications"].append(row["application__name"])
    return list(grouped.values())


def register_checks(organisation) -> list:
    """Issues for the register's checks page: logged processing without a registered activity."""
    from django.urls import reverse

    from privacyregie.register.services import Issue

    issues = []
    for item in unregistered_activities(organisation):
        issues.append(Issue(
            "logged_without_activity", item["ref"] or _("(geen verwerkingsactiviteit opgegeven)"),
            _("Gelogde verwerking zonder geregistreerde verwerkingsactiviteit: %(n)s handelingen van %(apps)s.")
            % {"n": item["spans"], "apps": ", ".join(item["applications"])},
            reverse("hub:applications"),
        ))
    return issues


