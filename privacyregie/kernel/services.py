"""The privacy kernel's entry point: ``access()`` decides, checks the legal basis and logs.

Every read or change of residents' personal data and case contents passes ``access()``:
pages, API, exports and jobs alike. It never serves a read that cannot be logged: the
log entry is written in the caller's transaction and a failing write raises. Refusals
are logged as well; when the refusal happens inside a transaction that will roll back,
``KernelDenialMiddleware`` writes the refusal after the rollback (ADR 0011).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import tomllib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.bsn import normalise_bsn
from privacyregie.core.prepared import PreparedCount, PreparedQuery

from . import chain
from .models import Deviation, Outcome, ProcessingLogEntry, VerificationRun
from .policy import Action, Decision, LegalBasisKind, Purpose, decide

log = logging.getLogger(__name__)

MIN_DEVIATION_MOTIVATION = 20
# Sent after every decision (allowed or denied); tests use it to prove views pass the kernel.
access_decided = Signal()


class AccessDenied(PermissionDenied):
    def __init__(self, decision: Decision, pending=None):
        super().__init__(decision.reason)
        self.decision = decision
        self.pending = pending or []  # log entries not yet written (caller's transaction will roll back)

    def __str__(self):
        return self.decision.reason


def pseudonymise_bsn(bsn: str) -> str:
    """Keyed hash (HMAC-SHA256) of a BSN's canonical form (the one BSN rule, ``core.bsn``), so every
    accepted representation of a number gets the same pseudonym; a refused one raises
    ``ValidationError``. The key lives outside the database."""
    canonical = normalise_bsn(bsn)
    return hmac.new(settings.PSEUDONYM_KEY.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def _actor(request, user):
    user = user if user is not None else getattr(request, "user", None)
    application = getattr(request, "auth", None) if request is not None else None
    app_name = getattr(application, "name", "") if application is not None and hasattr(application, "scopes") else ""
    return user, app_name


SUBJECT_ID_TYPE = "BSN"  # dpl.core.data_subject_id_type of the (pseudonymised) id
SERVICE_NAME = "privacyregie"


@functools.cache
def service_version() -> str:
    """The resource's service.version: the project's version from pyproject.toml."""
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])[:50]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return ""


def trace_fields(request, app_name: str = "") -> dict:
    """The trace context, the end time and the resource of a log entry (Logboek dataverwerkingen).

    When an API client application of another organisation continued its own trace (an incoming
    ``traceparent``), its trace and operation are recorded as the foreign operation.
    """
    trace_id = getattr(request, "trace_id", "") if request is not None else ""
    parent = getattr(request, "parent_span_id", "") if request is not None else ""
    sampled = getattr(request, "trace_sampled", True) if request is not None else True
    foreign = bool(app_name and parent)
    return {
        "trace_id": trace_id,
        "span_id": getattr(request, "span_id", "") if request is not None else "",
        "parent_span_id": parent,
        "trace_flags": ("01" if sampled else "00") if trace_id else "",
        "tracestate": (getattr(request, "tracestate", "") if request is not None else "")[:512],
        "ended_at": timezone.now(),
        "service_name": SERVICE_NAME,
        "service_version": service_version(),
        "foreign_trace_id": trace_id if foreign else "",
        "foreign_span_id": parent if foreign else "",
        "foreign_processor": app_name[:200] if foreign else "",
    }


def target_id(target) -> str:
    """How the log names the target: its public id (UUID) where it has one, else its key."""
    return str(getattr(target, "uuid", None) or target.pk or "")


def _entries(request, user, app_name, action, target, purpose, decision: Decision, occurred_at=None, label=""):
    roles = ",".join(getattr(user, "roles", []) or [])
    common = {
        "organisation_id": target.organisation_id,
        "occurred_at": occurred_at or timezone.now(),  # start; the end is ended_at (trace_fields)
        "actor_user_id": getattr(user, "pk", None),
        "actor_username": getattr(user, "username", "") or "",
        "actor_roles": roles[:300],
        "application": app_name[:200],
        "action": action,
        "target_type": target._meta.label_lower,
        "target_id": target_id(target),
        "target_label": (label or str(getattr(target, "log_label", "") or ""))[:200],
        "processing_activity": decision.processing_activity[:200],
        "processing_activity_version_id": decision.processing_activity_version_id[:64],
        "purpose": purpose if purpose in Purpose.values else Purpose.CASE_WORK,
        "legal_basis": decision.legal_basis,
        "legal_basis_detail": decision.legal_basis_detail[:300],
        "outcome": Outcome.ALLOWED if decision.allowed else Outcome.DENIED,
        "reason": decision.reason[:300],
        "emergency": decision.emergency,
        "origin": (request.META.get("REMOTE_ADDR", "") if request is not None else "systeem")[:64],
        "operation_name": f"{action} {target._meta.label_lower}"[:200],
        **trace_fields(request, app_name),
    }
    if occurred_at is None and request is not None and getattr(request, "trace_started_at", None) is not None:
        common["occurred_at"] = min(request.trace_started_at, common["ended_at"])
    common["ended_at"] = max(common["ended_at"], common["occurred_at"])
    subjects = decision.subjects or ("",)
    entries = []
    for bsn in subjects:
        pseudonym = pseudonymise_bsn(bsn) if bsn else ""
        entry = ProcessingLogEntry(subject_pseudonym=pseudonym, subject_id_type=SUBJECT_ID_TYPE if bsn else "",
                                   **common)
        entries.append((entry, pseudonym or f"actor:{common['actor_user_id']}"))
    return entries


def write_entries(entries) -> list[ProcessingLogEntry]:
    return chain.append_many(entries)


def access(request, action: str, target, purpose: str, *, user=None, deviation_motivation: str = "",
           occurred_at=None, refine=None, label: str = "") -> Decision:
    """Decide, check the legal basis, log; raise AccessDenied when not allowed.

    ``refine(decision) -> Decision`` lets a capability narrow an allowed decision before the legal-basis
    check and the log (the sharing decision adds the partner's agreement and a partner-specific basis);
    it is called only when the policy allowed. ``label`` replaces the target's ``log_label`` in the log
    entry and any deviation (e.g. to name the partner and the data categories of a share).
    """
    user, app_name = _actor(request, user)
    decision = decide(user, action, target, purpose)
    if decision.allowed and refine is not None:
        decision = refine(decision)
    if decision.allowed and action in (Action.SHARE, Action.EXPORT) and decision.legal_basis == LegalBasisKind.NONE:
        motivation = (deviation_motivation or "").strip()
        if len(motivation) < MIN_DEVIATION_MOTIVATION:
            decision = Decision(
                False,
                _("Delen of exporteren zonder grondslag is niet toegestaan. Er is geen wettelijke taak of "
                  "toestemming; leg een gemotiveerde afwijking vast (minimaal %(n)s tekens).") % {"n": MIN_DEVIATION_MOTIVATION},
                processing_activity=decision.processing_activity,
                processing_activity_version_id=decision.processing_activity_version_id,
                subjects=decision.subjects,
            )
        else:
            Deviation.objects.create(
                organisation_id=target.organisation_id, actor_user_id=getattr(user, "pk", None),
                actor_username=getattr(user, "username", ""), action=action, purpose=purpose,
                target_type=target._meta.label_lower, target_id=target_id(target), motivation=motivation,
                target_label=(label or str(getattr(target, "log_label", "") or ""))[:200],
            )
            decision = Decision(
                True, decision.reason, LegalBasisKind.DEVIATION, motivation[:300], decision.emergency,
                decision.processing_activity, decision.processing_activity_version_id, decision.subjects,
            )
    entries = _entries(request, user, app_name, action, target, purpose, decision, occurred_at, label)
    access_decided.send(sender=access, request=request, action=action, target=target, decision=decision)
    write_entries(entries)  # in the caller's transaction: no log, no access
    if decision.allowed:
        return decision
    # The refusal is logged now; if the caller's transaction rolls back, the entries are written
    # again afterwards (KernelDenialMiddleware, the API exception handler, or write_pending_denial).
    raise AccessDenied(decision, pending=entries)


def review_deviation(user, deviation: Deviation, verdict: str, comment: str = "") -> Deviation:
    """The privacy officer's verdict on a motivated deviation: 'terecht' or 'onterecht' (with a comment)."""
    from django.core.exceptions import ValidationError

    comment = (comment or "").strip()
    if deviation.organisation_id != getattr(user, "organisation_id", None):
        raise ValidationError(_("Dit gegeven bestaat niet of is niet voor u beschikbaar."))
    if verdict not in ("terecht", "onterecht"):
        raise ValidationError(_("Kies 'terecht' of 'onterecht'."))
    if verdict == "onterecht" and not comment:
        raise ValidationError({"comment": _("Licht toe waarom de afwijking onterecht was.")})
    with transaction.atomic():
        updated = Deviation.objects.filter(pk=deviation.pk, review="open").update(
            review=verdict, review_comment=comment, reviewed_by=user, reviewed_at=timezone.now())
    if not updated:
        raise ValidationError(_("Deze afwijking is al beoordeeld."))
    deviation.refresh_from_db()
    return deviation


def write_pending_denial(exc: AccessDenied) -> None:
    """Write refusals that were rolled back with the caller's transaction (idempotent)."""
    missing = [(entry, key) for entry, key in exc.pending
               if entry.pk is None or not ProcessingLogEntry.objects.filter(pk=entry.pk).exists()]
    if missing:
        try:
            with transaction.atomic():
                for entry, key in missing:
                    entry.pk = None
                    chain.append(entry, key)
        except Exception:  # noqa: BLE001 - a refusal stays a refusal even when it cannot be logged
            log.exception("could not log a refused access")
    exc.pending = []


def log_entries_for_subject(organisation, bsn: str):
    return ProcessingLogEntry.objects.filter(organisation=organisation, subject_pseudonym=pseudonymise_bsn(bsn))


def emergency_entries(organisation_id, actor_user_id, start, end) -> list[dict]:
    """The emergency trail of one user in a period: each logged step once, with the number of
    residents it concerned (the log writes one line per resident), oldest first."""
    from django.db.models import Count, Q

    rows = (ProcessingLogEntry.objects
            .filter(organisation_id=organisation_id, actor_user_id=actor_user_id, emergency=True,
                    occurred_at__gte=start, occurred_at__lte=end)
            .values("occurred_at", "action", "target_type", "target_id", "target_label", "outcome")
            .annotate(residents=Count("subject_pseudonym", filter=~Q(subject_pseudonym="")))
            .order_by("occurred_at", "target_type"))
    actions = dict(Action.choices)
    outcomes = dict(Outcome.choices)
    return [{**row, "action_label": actions.get(row["action"], row["action"]),
             "outcome_label": outcomes.get(row["outcome"], row["outcome"])} for row in rows]


def scorecard_figures(organisation, start, end) -> dict:
    entries = ProcessingLogEntry.objects.filter(organisation=organisation, occurred_at__gte=start, occurred_at__lt=end)
    last_run = last_verification()
    return {
        "denied_accesses": entries.filter(outcome=Outcome.DENIED).count(),
        "log_entries": entries.count(),
        "log_verified_ok": last_run.ok if last_run else None,
        "emergency_accesses": entries.filter(emergency=True, outcome=Outcome.ALLOWED).values("target_id").distinct().count(),
    }


def verify_and_record(workers: int = 1, witness_path=None, partition=None) -> chain.VerificationResult:
    result = chain.verify(workers=workers, witness_path=witness_path, partition=partition)
    VerificationRun.objects.create(ok=result.ok, entries_checked=result.entries_checked,
                                   problem="" if result.ok else result.describe())
    return result


# What the privacy officer may state when looking up a resident in the processing log.
LOOKUP_PURPOSES = (Purpose.SUBJECT_REQUEST, Purpose.INCIDENT_INVESTIGATION, Purpose.CHECK)
LOOKUP_TARGET = "kernel.processinglog"
_LOOKUP_LEGAL_BASIS = {
    Purpose.SUBJECT_REQUEST: "AVG art. 15 (recht op inzage)",
    Purpose.INCIDENT_INVESTIGATION: "AVG art. 33 (onderzoek en documentatie van een inbreuk)",
    Purpose.CHECK: "AVG art. 5 lid 2 en art. 32 (verantwoording en beveiliging)",
}


def record_subject_lookup(request, bsn: str, action: str = Action.VIEW,
                          purpose: str = Purpose.SUBJECT_REQUEST) -> None:
    """Log that the privacy officer looked up a resident in the processing log, with the stated purpose."""
    from .policy import LegalBasisKind as LB

    if purpose not in LOOKUP_PURPOSES:
        raise ValueError(f"not a purpose for a look-up in the processing log: {purpose!r}")
    user = request.user
    entry = ProcessingLogEntry(
        organisation_id=user.organisation_id, occurred_at=timezone.now(), actor_user_id=user.pk,
        actor_username=user.username, actor_roles=",".join(user.roles)[:300], action=action,
        target_type=LOOKUP_TARGET, target_label=_("wie heeft de gegevens van een inwoner geraadpleegd"),
        subject_pseudonym=pseudonymise_bsn(bsn), purpose=purpose, legal_basis=LB.STATUTORY_TASK,
        legal_basis_detail=_LOOKUP_LEGAL_BASIS[purpose], outcome=Outcome.ALLOWED,
        reason=str(Purpose(purpose).label), origin=request.META.get("REMOTE_ADDR", "")[:64],
        operation_name=f"{action} kernel.processinglog", subject_id_type=SUBJECT_ID_TYPE, **trace_fields(request),
    )
    if getattr(request, "trace_started_at", None) is not None:
        entry.occurred_at = min(request.trace_started_at, entry.ended_at)
    write_entries([(entry, entry.subject_pseudonym)])


def consultations_for_resident(organisation, bsn: str):
    """The processing of a resident's data to report to them (AVG art. 15), oldest first.

    Leaves out the look-ups made to answer their access request (the privacy officer's own
    look-ups and exports for that purpose): those are not processing of the resident's case."""
    return (log_entries_for_subject(organisation, bsn)
            .exclude(target_type=LOOKUP_TARGET, purpose=Purpose.SUBJECT_REQUEST)
            .order_by("occurred_at", "id"))


def system_name(entry) -> str:
    """The system that logged the entry: Privacyregie itself, or a connected application (processing-log hub)."""
    if entry.service_name and entry.service_name != SERVICE_NAME:
        return entry.service_name
    return "Privacyregie"


def systems_of(entries) -> list[str]:
    """The systems the entries come from, each once, in order of first appearance."""
    names: list[str] = []
    for entry in entries:
        name = system_name(entry)
        if name not in names:
            names.append(name)
    return names


def actor_descriptions(entries) -> dict:
    """Per actor: their function(s) at the time and their team(s), never the username.

    Returns ``{entry.pk: "Consulent / medewerker (Team Jeugd)"}``."""
    from privacyregie.core.models import TeamMembership
    from privacyregie.core.roles import Role

    entries = list(entries)
    user_ids = {e.actor_user_id for e in entries if e.actor_user_id}
    teams: dict[int, list[str]] = {}
    for membership in TeamMembership.objects.filter(user_id__in=user_ids).select_related("team").order_by("team__name"):
        teams.setdefault(membership.user_id, []).append(membership.team.name)
    described = {}
    for e in entries:
        if not e.actor_user_id:
            # a connected application names the function of its user (enduser.role), never the name
            described[e.pk] = (f"{e.actor_roles} ({e.application})" if e.actor_roles and e.application
                               else e.application or _("systeem"))
            continue
        roles = [str(Role(r).label) for r in e.actor_roles.split(",") if r in Role.values]
        text = ", ".join(roles) or _("medewerker")
        if teams.get(e.actor_user_id):
            text += " (" + ", ".join(teams[e.actor_user_id]) + ")"
        described[e.pk] = text
    return described


_OPEN_DEVIATIONS = PreparedCount(
    lambda organisation_id: Deviation.objects.filter(organisation_id=organisation_id, review="open"),
    organisation_id=(Deviation._meta.get_field("organisation").target_field, -917_381))


def open_deviations_count(organisation_id) -> int:
    """How many motivated deviations of the organisation the privacy officer has still to judge (R4): on
    every start page of a privacy officer, so compiled once (``core.prepared``)."""
    return _OPEN_DEVIATIONS.run(organisation_id=organisation_id)


_LAST_VERIFICATION = PreparedQuery(lambda: VerificationRun.objects.order_by("-checked_at", "-pk")[:1])


def last_verification() -> VerificationRun | None:
    """The newest verification of the processing log's chains (``verify_processing_log``), or ``None``: on
    every page of the log viewer and in the figures of the start page and the scorecard, compiled once
    (``core.prepared``)."""
    found = _LAST_VERIFICATION.run()
    return found[0] if found else None
