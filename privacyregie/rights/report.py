"""The access report (AVG art. 15): one document that answers a resident's access request completely.

``build_access_report(http_request, resident, *, subject_request)`` collects, for one resident:
the personal data held across all their cases (the resident, case metadata, documents listed, and notes
only after the handler reviewed them: included, included redacted, or left out); the purposes and legal
bases from the register version in force; the recipients (shares with chain partners); the sources; the
retention periods (Selectielijst result and term in words); the resident's rights (``rights.sources``);
and who consulted the data and when, by function and team, never by username.

Every read passes the privacy kernel with purpose *verzoek van betrokkene* (``Purpose.SUBJECT_REQUEST``);
the log entries carry the request's reference in their label (``[V-2026-0001]``) so that these look-ups
are left out of the consultations reported to the resident. Producing the PDF or JSON is itself logged
(an EXPORT of the resident) and recorded as an event of the request. Never reads around the kernel,
never shows a note that was not reviewed, never names a colleague.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import asdict, dataclass, field, replace
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.categories import labels
from privacyregie.kernel.policy import Action, Purpose
from privacyregie.kernel.services import access

from . import sources
from .models import NoteReview, Outcome

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PURPOSE = Purpose.SUBJECT_REQUEST


def _local(moment: datetime.datetime | None) -> str:
    return moment.astimezone(AMSTERDAM).isoformat(timespec="minutes") if moment else ""


def _day(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


@dataclass
class ResidentData:
    name: str
    bsn: str
    date_of_birth: str
    address: str
    postal_code: str
    city: str
    phone: str
    email: str


@dataclass
class DocumentEntry:
    title: str
    file_name: str
    added_on: str


@dataclass
class NoteEntry:
    written_at: str
    text: str
    redacted: bool
    redaction_reason: str = ""


@dataclass
class ConsentEntry:
    form: str
    scope: str
    purpose: str
    given_on: str
    valid_until: str
    withdrawn_at: str
    partners: list[str]


@dataclass
class CaseData:
    reference: str
    title: str
    domain: str
    team: str
    status: str
    opened_on: str
    role: str
    processing_activity: str
    documents: list[DocumentEntry] = field(default_factory=list)
    notes: list[NoteEntry] = field(default_factory=list)
    notes_withheld: int = 0
    consents: list[ConsentEntry] = field(default_factory=list)


@dataclass
class PurposeEntry:
    activity: str
    version: str
    purposes: str
    legal_basis: str
    legal_article: str
    data_categories: str
    cases: list[str]


@dataclass
class RecipientEntry:
    partner: str
    subject: str
    data_categories: list[str]
    legal_basis: str
    shared_on: str
    status: str
    case: str


@dataclass
class SourceEntry:
    source: str
    what: str
    case: str


@dataclass
class RetentionEntry:
    case: str
    result: str
    term: str
    ends_on: str
    explanation: str


@dataclass
class ConsultationEntry:
    at: str
    by: str
    action: str
    what: str
    purpose: str
    outcome: str
    system: str = ""
    activity: str = ""


@dataclass
class AccessReport:
    """Everything the resident receives. ``pending_notes`` is for the handler only (never in the PDF/JSON):
    the report may not be sent while a note still waits for review."""

    organisation: str
    request_reference: str
    request_received_on: str
    produced_at: str
    resident: ResidentData
    cases: list[CaseData]
    purposes: list[PurposeEntry]
    recipients: list[RecipientEntry]
    sources: list[SourceEntry]
    retention: list[RetentionEntry]
    rights: list[dict]
    consultations: list[ConsultationEntry]
    pending_notes: list[dict] = field(default_factory=list)
    subject_request: object = field(default=None, repr=False, compare=False)
    # the systems whose processing log mentions the resident (Privacyregie and connected applications)
    systems: list[str] = field(default_factory=list)

    @property
    def ready_to_send(self) -> bool:
        return not self.pending_notes

    @property
    def holds_data(self) -> bool:
        return bool(self.cases)


def marker(subject_request) -> str:
    """The label suffix of every log entry written for this request (to leave them out of consultations)."""
    return f"[{subject_request.reference}]"


def _read(http_request, target, label: str, subject_request, action=Action.VIEW):
    return access(http_request, action, target, PURPOSE, label=f"{label} {marker(subject_request)}"[:200])


def _activity_version(case):
    try:
        activity_model = apps.get_model("register", "ProcessingActivity")
        from privacyregie.register.services import version_in_force
    except (LookupError, ImportError):  # pragma: no cover - register is installed
        return None
    activity = activity_model.objects.filter(organisation_id=case.organisation_id,
                                             name=case.processing_activity).first()
    return version_in_force(activity) if activity is not None else None


def _notes(http_request, case, subject_request, reviews, pending) -> tuple[list[NoteEntry], int]:
    entries, withheld = [], 0
    for note in case.notes.order_by("created_at", "pk"):
        _read(http_request, note, f"notitie {note.uuid} van casus {case.reference}", subject_request)
        review = reviews.get(note.pk)
        if review is None:
            pending.append({"uuid": str(note.uuid), "case": case.reference, "written_at": _local(note.created_at)})
            continue
        if review.verdict == NoteReview.Verdict.EXCLUDE:
            withheld += 1
        elif review.verdict == NoteReview.Verdict.REDACT:
            entries.append(NoteEntry(_local(note.created_at), review.redacted_text, True, review.redaction_reason))
        else:
            entries.append(NoteEntry(_local(note.created_at), note.text, False))
    return entries, withheld


def _retention(case, version) -> RetentionEntry:
    from privacyregie.retention.services import retention_of

    info = retention_of(case)
    if info is not None and info.result is not None:
        explanation = (_("bewaren tot %(date)s") % {"date": info.term_ends_on.strftime("%d-%m-%Y")}
                       if info.term_ends_on else "")
        if info.permanent:
            explanation = _("deze gegevens worden blijvend bewaard (overgebracht naar het archief)")
        return RetentionEntry(case.reference, info.full_number, info.term_in_words, _day(info.term_ends_on),
                              explanation)
    if version is not None and version.retention_period:
        start = version.retention_start_event or _("na afsluiting van de casus")
        return RetentionEntry(case.reference, "", version.retention_in_words(), "",
                              version.retention_explanation or str(start))
    return RetentionEntry(case.reference, "", _("nog niet vastgesteld"), "",
                          _("de bewaartermijn gaat in als de casus is afgesloten"))


def _consultations(http_request, resident, subject_request) -> list[ConsultationEntry]:
    from privacyregie.kernel.models import Outcome
    from privacyregie.kernel.services import actor_descriptions, consultations_for_resident, system_name

    entries = [e for e in consultations_for_resident(resident.organisation, resident.bsn)
               if not _own_lookup(e, subject_request)]
    described = actor_descriptions(entries)
    actions = dict(Action.choices)
    purposes = dict(Purpose.choices)
    outcomes = dict(Outcome.choices)
    return [ConsultationEntry(_local(e.occurred_at), described.get(e.pk, ""), str(actions.get(e.action, e.action)),
                              e.target_label, str(purposes.get(e.purpose, e.purpose)),
                              str(outcomes.get(e.outcome, e.outcome)), system_name(e), e.processing_activity)
            for e in entries]


def _own_lookup(entry, subject_request) -> bool:
    """A look-up made to answer this request (not a consultation to report): purpose *verzoek van betrokkene*
    and either tagged with this request, or made since it was received (the identity check, the report)."""
    if entry.purpose != PURPOSE:
        return False
    return marker(subject_request) in entry.target_label or entry.occurred_at >= subject_request.received_at


def build_access_report(http_request, resident, *, subject_request) -> AccessReport:
    """Collect the report for ``resident`` under ``subject_request``, reading everything through the kernel.

    Raises ``kernel.services.AccessDenied`` when the kernel refuses (no open request with verified identity,
    or a user without ``rights.handle_requests``; the rule is ``rights.policy``)."""
    from privacyregie.exchange.services import shares_of_case

    _read(http_request, resident, f"inwoner {resident.uuid}", subject_request)
    reviews = {r.note_id: r for r in subject_request.note_reviews.all()}
    cases, purposes, recipients, source_list, retention, pending = [], {}, [], [], [], []
    for link in resident.case_links.select_related("case__team").order_by("case__opened_on", "case__reference"):
        case = link.case
        _read(http_request, case, f"casus {case.reference}", subject_request)
        data = CaseData(case.reference, case.title, case.get_domain_display(), case.team.name,
                        case.get_status_display(), _day(case.opened_on), link.get_role_display(),
                        case.processing_activity)
        for document in case.documents.order_by("uploaded_at", "pk"):
            _read(http_request, document, f"document {document.uuid} van casus {case.reference}", subject_request)
            data.documents.append(DocumentEntry(document.title, document.file_name, _local(document.uploaded_at)))
        data.notes, data.notes_withheld = _notes(http_request, case, subject_request, reviews, pending)
        for consent in case.consents.filter(resident=resident).prefetch_related("partners").order_by("given_on", "pk"):
            _read(http_request, consent, f"toestemming {consent.uuid}", subject_request)
            data.consents.append(ConsentEntry(
                consent.get_form_display(), consent.scope, consent.get_purpose_display(), _day(consent.given_on),
                _day(consent.valid_until), _local(consent.withdrawn_at), [p.name for p in consent.partners.all()]))
        cases.append(data)
        version = _activity_version(case)
        key = case.processing_activity
        if key not in purposes:
            purposes[key] = PurposeEntry(
                key, str(version.number) if version else "", version.purposes if version else "",
                version.get_legal_basis_display() if version else (case.statutory_basis or ""),
                version.legal_article if version else case.statutory_basis,
                version.personal_data_categories if version else "", [])
        purposes[key].cases.append(case.reference)
        source_list.append(SourceEntry(
            _("uzelf of uw vertegenwoordiger, bij de aanmelding"),
            _("uw aanmelding en de gesprekken met %(team)s") % {"team": case.team.name}, case.reference))
        shares = shares_of_case(case)
        if shares:  # the shares are metadata of the case: one logged read of the case for its recipients
            _read(http_request, case, f"uitwisselingen van casus {case.reference} (ontvangers)", subject_request)
        for exchange in shares:
            recipients.append(RecipientEntry(
                exchange.partner.name, exchange.subject, labels(exchange.data_categories),
                exchange.legal_basis_detail or exchange.legal_basis, _local(exchange.created_at),
                exchange.get_effective_status_display(), case.reference))
            if exchange.received:
                source_list.append(SourceEntry(exchange.partner.name, _("antwoord op een uitwisseling: %(subject)s")
                                               % {"subject": exchange.subject}, case.reference))
        retention.append(_retention(case, version))
    return AccessReport(
        organisation=resident.organisation.name,
        request_reference=subject_request.reference,
        request_received_on=_day(timezone.localdate(subject_request.received_at)),
        produced_at=_local(timezone.now()),
        resident=ResidentData(str(resident), resident.bsn, _day(resident.date_of_birth), resident.address,
                              resident.postal_code, resident.city, resident.phone, resident.email),
        cases=cases, purposes=list(purposes.values()), recipients=recipients, sources=source_list,
        retention=retention, rights=[r.as_dict() for r in sources.rights()],
        consultations=(consultations := _consultations(http_request, resident, subject_request)),
        pending_notes=pending, subject_request=subject_request,
        systems=list(dict.fromkeys(c.system for c in consultations)),
    )


def record_production(http_request, report: AccessReport, resident, fmt: str) -> None:
    """Log that the report was produced (an EXPORT of the resident's data) and record it on the request."""
    _read(http_request, resident, f"inzagerapport ({fmt}) voor inwoner {resident.uuid}", report.subject_request,
          action=Action.EXPORT)
    record_request_event(report.subject_request, getattr(http_request, "user", None), "rapport",
                         _("Inzagerapport gemaakt (%(fmt)s)") % {"fmt": fmt})


def record_request_event(subject_request, actor, kind: str, detail: str = "") -> None:
    from .services import record_event

    record_event(subject_request, actor, kind, detail)


def report_json(report: AccessReport) -> dict:
    """The report for portability (art. 20): plain JSON, the same sections as the PDF, nothing for the handler."""
    data = asdict(replace(report, subject_request=None, pending_notes=[]))
    data.pop("pending_notes")
    data.pop("subject_request")
    return {"schema": "privacyregie.inzagerapport/1", **data}


def report_pdf(report: AccessReport) -> bytes:
    """The tagged (PDF/UA-1) report addressed to the resident by name."""
    from privacyregie.core.pdf import render_pdf

    return render_pdf("rights/report_pdf.html", {"report": report, "answer_term": sources.ANSWER_TERM_TEXT,
                                                 "ap_name": sources.AP_NAME, "ap_url": sources.AP_URL})


# --- the handler's work: reviewing notes, sending -----------------------------------------------------------

class SendVia:
    CHOICES = (
        ("post", gettext_lazy("per post, aan het adres van de inwoner")),
        ("portaal", gettext_lazy("via het beveiligde portaal (DigiD)")),
        ("balie", gettext_lazy("aan de balie overhandigd")),
        ("email", gettext_lazy("per beveiligde e-mail")),
    )


def _require_open(subject_request) -> None:
    if not subject_request.is_open:
        raise ValidationError(_("Dit verzoek is al afgehandeld; het inzagerapport kan niet meer worden gewijzigd."))


def notes_for_review(http_request, resident, subject_request) -> list[dict]:
    """Every note in the resident's cases with its review (or None), each read through the kernel."""
    reviews = {r.note_id: r for r in subject_request.note_reviews.all()}
    rows = []
    for link in resident.case_links.select_related("case").order_by("case__opened_on", "case__reference"):
        case = link.case
        for note in case.notes.order_by("created_at", "pk"):
            _read(http_request, note, f"notitie {note.uuid} van casus {case.reference}", subject_request)
            rows.append({"note": note, "case": case.reference, "review": reviews.get(note.pk)})
    return rows


@transaction.atomic
def review_note(http_request, subject_request, note, *, verdict: str, redacted_text: str = "", reason: str = ""):
    """Record (or change, until sent) the handler's review of one note (art. 15(4): rights of others)."""
    _require_open(subject_request)
    resident = subject_request.resident
    if resident is None or not resident.case_links.filter(case_id=note.case_id).exists():
        raise ValidationError(_("Deze notitie hoort niet bij de inwoner van dit verzoek."))
    if verdict not in NoteReview.Verdict.values:
        raise ValidationError({"verdict": _("Kies opnemen, geschoond opnemen of weglaten.")})
    redacted_text, reason = (redacted_text or "").strip(), (reason or "").strip()
    if verdict == NoteReview.Verdict.REDACT and not redacted_text:
        raise ValidationError({"redacted_text": _("Geef de geschoonde tekst die de inwoner krijgt.")})
    if verdict in (NoteReview.Verdict.REDACT, NoteReview.Verdict.EXCLUDE) and not reason:
        raise ValidationError({"reason": _("Geef de reden van schonen of weglaten (bijvoorbeeld: gegevens van een derde).")})
    _read(http_request, note, f"notitie {note.uuid} beoordeeld", subject_request)
    review, _created = NoteReview.objects.update_or_create(
        request=subject_request, note=note,
        defaults={"verdict": verdict, "redacted_text": redacted_text if verdict == NoteReview.Verdict.REDACT else "",
                  "redaction_reason": reason[:300] if verdict != NoteReview.Verdict.INCLUDE else "",
                  "reviewed_by": http_request.user, "reviewed_at": timezone.now()})
    record_request_event(subject_request, http_request.user, "beoordeling", _(
        "Notitie van %(date)s: %(verdict)s") % {"date": timezone.localtime(note.created_at).strftime("%d-%m-%Y %H:%M"),
                                               "verdict": review.get_verdict_display()})
    return review


@transaction.atomic
def send_report(http_request, subject_request, *, via: str) -> tuple[object, bytes]:
    """Record that the report was sent and answer the request (stops the clock). Returns (request, pdf).

    Refuses (``ValidationError``, nothing changed) while a note waits for review, when the request is no
    longer open, without a resident, or with an unknown way of sending."""
    from .services import answer_request

    _require_open(subject_request)
    if subject_request.resident is None:
        raise ValidationError(_("Stel eerst de identiteit van de verzoeker vast en koppel de inwoner."))
    if via not in dict(SendVia.CHOICES):
        raise ValidationError({"via": _("Kies hoe het rapport wordt verzonden.")})
    report = build_access_report(http_request, subject_request.resident, subject_request=subject_request)
    if not report.ready_to_send:
        raise ValidationError(_("Beoordeel eerst alle notities (%(n)s nog open) voordat u het rapport verzendt.")
                              % {"n": len(report.pending_notes)})
    pdf = report_pdf(report)
    record_production(http_request, report, subject_request.resident, "PDF")
    record_request_event(subject_request, http_request.user, "verzonden", _(
        "Inzagerapport verzonden %(via)s; SHA-256 van het PDF: %(hash)s") % {
        "via": dict(SendVia.CHOICES)[via], "hash": hashlib.sha256(pdf).hexdigest()})
    outcome = Outcome.GRANTED if report.holds_data else Outcome.NOT_HELD
    reasoning = (_("Inzage verleend: het inzagerapport met %(n)s dossier(s) is verzonden %(via)s.")
                 % {"n": len(report.cases), "via": dict(SendVia.CHOICES)[via]} if report.holds_data else
                 _("Wij hebben geen gegevens over de verzoeker in onze dossiers; dat is %(via)s bericht.")
                 % {"via": dict(SendVia.CHOICES)[via]})
    return answer_request(subject_request, http_request.user, outcome=outcome, reasoning=reasoning), pdf
