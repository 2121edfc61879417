"""Operations of the policies capability; other apps call only these.

Stable public API:

* ``state(document, day=None) -> str`` and ``documents_for(organisation)``;
* ``add_version``, ``adopt_version``, ``record_review``, ``link_norm``: the changes, each atomic;
  bad input raises ``ValidationError`` with a Dutch message and changes nothing;
* ``live_evidence(organisation, requirement_ids) -> {requirement_id: NormEvidence}``: the state of the
  documents linked to norms, with the compliance status it proposes (compliance calls this);
* ``report_rows(organisation)``: the policy documents section of the stoplight report and scorecard;
* ``scorecard_figures(organisation, start, end) -> dict``: ``pct_current`` for the scorecard;
* ``published_privacy_policy(organisation)``: the privacy policy version in force that the
  organisation publishes with its public privacy statement, or None (register calls this);
* ``needs_attention(organisation)``: overdue and never adopted documents (start page);
* ``send_review_reminders(now=None) -> int``: the daily reminder/escalation job.

Policy documents are the organisation's own texts, never residents' personal data.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.files import check_upload, store_encrypted
from privacyregie.core.roles import Role
from privacyregie.core.services import notify, users_with_role

from . import cycles
from .models import (
    AdoptingBody,
    Body,
    Kind,
    NormLink,
    Outcome,
    PolicyDocument,
    PolicyVersion,
    Review,
    ReviewReminder,
    Scope,
    VersionStatus,
)

log = logging.getLogger(__name__)

# Documents only: a policy's text, never an image or a spreadsheet.
DOCUMENT_TYPES = ("pdf", "docx", "odt")

# Who adopts what, unless the organisation chose otherwise (AdoptingBody rows for that kind).
DEFAULT_BODIES: dict[str, tuple[str, ...]] = {
    Kind.PRIVACY_POLICY: (Body.BOARD, Body.COUNCIL),
    Kind.SECURITY_POLICY: (Body.BOARD, Body.MANAGEMENT),
    Kind.SOCIAL_DOMAIN_REGULATION: (Body.COUNCIL,),
    Kind.HANDBOOK: (Body.BOARD, Body.MANAGEMENT),
    Kind.BREACH_PROCEDURE: (Body.BOARD, Body.MANAGEMENT),
    Kind.CODE_OF_CONDUCT: (Body.BOARD, Body.MANAGEMENT),
    Kind.LOGGING_POLICY: (Body.BOARD, Body.MANAGEMENT),
    Kind.RETENTION_POLICY: (Body.BOARD,),
    Kind.ACCOUNTABILITY_AGREEMENTS: (Body.COUNCIL,),
}

# Compliance statuses (compliance.models.ComplianceStatus values) proposed from live evidence.
COMPLIANT, PARTIALLY, NON_COMPLIANT = "compliant", "partially_compliant", "non_compliant"
PROPOSAL_LABELS = {COMPLIANT: gettext_lazy("voldoet"), PARTIALLY: gettext_lazy("voldoet gedeeltelijk"),
                   NON_COMPLIANT: gettext_lazy("voldoet niet")}


# --- Adopting bodies -------------------------------------------------------------------------

def allowed_bodies(organisation, kind: str) -> list[str]:
    """The bodies that may adopt this kind of document in this organisation."""
    chosen = list(AdoptingBody.objects.filter(organisation=organisation, kind=kind).values_list("body", flat=True))
    bodies = chosen or list(DEFAULT_BODIES.get(kind, ()))
    return [b for b in Body.values if b in bodies]


def body_table(organisation) -> list[dict]:
    """Per kind: the allowed bodies and whether they are the defaults."""
    chosen: dict[str, set] = {}
    for row in AdoptingBody.objects.filter(organisation=organisation):
        chosen.setdefault(row.kind, set()).add(row.body)
    return [{"kind": kind, "label": label, "bodies": allowed_bodies(organisation, kind),
             "default": kind not in chosen} for kind, label in Kind.choices]


@transaction.atomic
def set_adopting_bodies(organisation, kind: str, bodies) -> None:
    bodies = set(bodies)
    if kind not in Kind.values:
        raise ValidationError(_("Onbekende soort document."))
    if not bodies or not bodies <= set(Body.values):
        raise ValidationError(_("Kies ten minste één vaststellend orgaan voor %(kind)s.") % {"kind": Kind(kind).label})
    AdoptingBody.objects.filter(organisation=organisation, kind=kind).delete()
    if bodies != set(DEFAULT_BODIES.get(kind, ())):
        AdoptingBody.objects.bulk_create([AdoptingBody(organisation=organisation, kind=kind, body=b) for b in bodies])


def _check_body(organisation, kind: str, body: str) -> None:
    allowed = allowed_bodies(organisation, kind)
    if body not in allowed:
        raise ValidationError(
            _("%(body)s mag een document van de soort '%(kind)s' niet vaststellen in uw organisatie. "
              "Toegestaan: %(allowed)s.")
            % {"body": Body(body).label if body in Body.values else body, "kind": Kind(kind).label,
               "allowed": ", ".join(str(Body(b).label) for b in allowed) or "–"})


# --- Reading ---------------------------------------------------------------------------------

def documents_for(organisation):
    return (PolicyDocument.objects.filter(organisation=organisation)
            .select_related("owner", "team", "successor").prefetch_related("versions", "reviews", "municipalities"))


def in_force(document: PolicyDocument) -> PolicyVersion | None:
    return next((v for v in document.versions.all() if v.status == VersionStatus.IN_FORCE), None)


def events(document: PolicyDocument) -> list[cycles.Event]:
    result = [cycles.Event(v.adopted_on, v.next_review_date, adopted=True)
              for v in document.versions.all() if v.adopted_on is not None]
    for review in document.reviews.all():
        if review.outcome == Outcome.STILL_CURRENT:
            result.append(cycles.Event(review.decided_on, review.next_review_date))
        elif review.outcome == Outcome.WITHDRAWN:
            result.append(cycles.Event(review.decided_on, None, withdrawn=True))
    if document.withdrawn_on and not any(e.withdrawn for e in result):
        result.append(cycles.Event(document.withdrawn_on, None, withdrawn=True))
    return result


def state(document: PolicyDocument, day: datetime.date | None = None) -> str:
    """current / overdue / never_adopted / withdrawn on ``day`` (default: today, Amsterdam)."""
    return cycles.state_on(events(document), day or timezone.localdate())


def under_review(document: PolicyDocument) -> bool:
    """A draft newer than the version in force is being prepared."""
    current = in_force(document)
    return current is not None and any(v.status == VersionStatus.DRAFT and v.number > current.number
                                       for v in document.versions.all())


def last_reviewed(document: PolicyDocument) -> datetime.date | None:
    days = [v.adopted_on for v in document.versions.all() if v.adopted_on]
    days += [r.decided_on for r in document.reviews.all() if r.outcome != Outcome.WITHDRAWN]
    return max(days) if days else None


def describe(document: PolicyDocument, day: datetime.date | None = None) -> dict:
    """Everything a page or report shows about one document."""
    key = state(document, day)
    current = in_force(document)
    return {"document": document, "state": key, "state_label": cycles.STATE_LABELS[key],
            "tone": cycles.STATE_TONES[key], "colour": cycles.STATE_COLOURS[key], "version": current,
            "under_review": under_review(document),
            "last_reviewed": last_reviewed(document), "next_review": document.next_review_date if current else None}


def needs_attention(organisation) -> list[dict]:
    """Overdue documents and documents never adopted, the longest overdue first."""
    rows = [describe(d) for d in documents_for(organisation)]
    rows = [r for r in rows if r["state"] in (cycles.OVERDUE, cycles.NEVER_ADOPTED)]
    return sorted(rows, key=lambda r: (r["state"] != cycles.OVERDUE, r["next_review"] or datetime.date.max))


def report_rows(organisation) -> list[dict]:
    """The policy documents for the council's reports: in force, adopted by, last reviewed, next review."""
    return [describe(d) for d in documents_for(organisation) if d.withdrawn_on is None]


# --- Changing --------------------------------------------------------------------------------

def _today() -> datetime.date:
    return timezone.localdate()


def _validate_document(organisation, kind, adopting_body, scope, team, municipalities) -> None:
    _check_body(organisation, kind, adopting_body)
    if scope == Scope.TEAM and team is None:
        raise ValidationError(_("Kies het team waarvoor dit document geldt."))
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError(_("Dit team hoort niet bij uw organisatie."))
    for municipality in municipalities or ():
        if municipality.organisation_id != organisation.pk:
            raise ValidationError(_("De gemeente %(name)s hoort niet bij uw organisatie.") % {"name": municipality})


DOCUMENT_FIELDS = ("title", "kind", "owner", "adopting_body", "scope", "team", "review_interval_months", "publish")


@transaction.atomic
def save_document(organisation, document: PolicyDocument | None = None, municipalities=None, **fields):
    """Create or change a document's register entry (not its versions)."""
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValidationError(_("Onbekende velden: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    document = document or PolicyDocument(organisation=organisation)
    for name, value in fields.items():
        setattr(document, name, value)
    if document.scope != Scope.TEAM:
        document.team = None
    owner = document.owner if document.owner_id else None
    if owner is None or owner.organisation_id != organisation.pk:
        raise ValidationError(_("Kies een eigenaar uit uw organisatie."))
    _validate_document(organisation, document.kind, document.adopting_body, document.scope, document.team,
                       municipalities)
    if document.publish and document.kind != Kind.PRIVACY_POLICY:
        raise ValidationError(_("Alleen het privacybeleid kan bij de privacyverklaring worden gepubliceerd."))
    document.full_clean(exclude=["organisation", "owner", "successor", "team"])
    document.save()
    if municipalities is not None:
        document.municipalities.set(municipalities)
    return document


def _check_adoption(document, body, adopted_on, reference, next_review_date, exclude=None) -> None:
    if not body or not adopted_on or not (reference or "").strip():
        raise ValidationError(_("Een vaststelling heeft een orgaan, een datum en het kenmerk van het besluit."))
    _check_body(document.organisation, document.kind, body)
    if adopted_on > _today():
        raise ValidationError(_("De datum van vaststelling ligt in de toekomst."))
    if next_review_date is not None and next_review_date < adopted_on:
        raise ValidationError(_("De datum van herbeoordeling (%(review)s) ligt vóór de datum van vaststelling "
                                "(%(adopted)s).") % {"review": f"{next_review_date:%d-%m-%Y}",
                                                     "adopted": f"{adopted_on:%d-%m-%Y}"})
    same = document.versions.filter(decision_reference=reference.strip())
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    other = same.first()
    if other is not None:
        raise ValidationError(_("Met besluit %(ref)s is al versie %(n)s van dit document vastgesteld. "
                                "Eén besluit stelt één versie vast.") % {"ref": reference.strip(), "n": other.number})
    current = document.versions.filter(status=VersionStatus.IN_FORCE).exclude(pk=getattr(exclude, "pk", None)).first()
    if current is not None and current.adopted_on and adopted_on < current.adopted_on:
        raise ValidationError(_("De geldende versie %(n)s is vastgesteld op %(day)s; een nieuwe versie kan niet "
                                "eerder zijn vastgesteld.") % {"n": current.number,
                                                              "day": f"{current.adopted_on:%d-%m-%Y}"})


def _put_in_force(version: PolicyVersion, body, adopted_on, reference, next_review_date) -> PolicyVersion:
    document = version.document
    for previous in document.versions.select_for_update().filter(status=VersionStatus.IN_FORCE).exclude(pk=version.pk):
        previous.status, previous.ended_on = VersionStatus.SUPERSEDED, adopted_on
        previous.save()
    due = next_review_date or cycles.next_review(adopted_on, document.review_interval_months)
    version.adopted_by, version.adopted_on, version.decision_reference = body, adopted_on, reference.strip()
    version.next_review_date, version.status = due, VersionStatus.IN_FORCE
    version.save()
    document.adopting_body, document.next_review_date, document.withdrawn_on = body, due, None
    document.save()
    return version


def _lock(document: PolicyDocument) -> PolicyDocument:
    return PolicyDocument.objects.select_for_update().select_related("organisation").get(pk=document.pk)


@transaction.atomic
def add_version(document, user, upload, summary: str, adopted_by: str = "", adopted_on=None,
                decision_reference: str = "", next_review_date=None, source: str = "") -> PolicyVersion:
    """Register a new version with its file; with an adoption it is in force at once (the previous one is
    superseded), without it is a draft."""
    document = _lock(document)
    if not (summary or "").strip():
        raise ValidationError(_("Geef een samenvatting van de wijzigingen."))
    adopting = bool(adopted_by or adopted_on or (decision_reference or "").strip())
    if adopting:
        _check_adoption(document, adopted_by, adopted_on, decision_reference or "", next_review_date)
    elif next_review_date is not None:
        raise ValidationError(_("Een datum van herbeoordeling hoort bij een vaststelling: vul ook het orgaan, "
                                "de datum en het kenmerk van het besluit in."))
    checked = check_upload(upload, allowed=DOCUMENT_TYPES)
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    try:
        with transaction.atomic():
            version = PolicyVersion.objects.create(
                document=document, number=number, summary=summary.strip(), file_name=checked.name,
                content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
                storage_name=store_encrypted(checked.data), created_by=user if getattr(user, "pk", None) else None,
                source=source[:100])
    except IntegrityError as exc:  # a concurrent registration took the number
        raise ValidationError(_("Er werd tegelijk een andere versie geregistreerd. Probeer het opnieuw.")) from exc
    if adopting:
        _put_in_force(version, adopted_by, adopted_on, decision_reference, next_review_date)
    return version


@transaction.atomic
def adopt_version(version: PolicyVersion, adopted_by: str, adopted_on, decision_reference: str,
                  next_review_date=None) -> PolicyVersion:
    """Adopt a draft: it comes into force and the previous version is superseded."""
    document = _lock(version.document)
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Alleen een concept kan worden vastgesteld; versie %(n)s is %(status)s.")
                              % {"n": version.number, "status": version.get_status_display().lower()})
    version.document = document
    _check_adoption(document, adopted_by, adopted_on, decision_reference or "", next_review_date, exclude=version)
    return _put_in_force(version, adopted_by, adopted_on, decision_reference, next_review_date)


class ConfirmationRequired(ValidationError):
    """Withdrawing the only version in force without a successor needs an explicit confirmation."""


@transaction.atomic
def record_review(document, user, outcome: str, decided_on, decided_by: str, note: str = "",
                  next_review_date=None, successor=None, confirm: bool = False, **version) -> Review:
    """Record a review: still current (new review date), revised (a new, adopted version) or withdrawn."""
    document = _lock(document)
    if outcome not in Outcome.values:
        raise ValidationError(_("Kies een uitkomst: %(choices)s.") % {"choices": ", ".join(Outcome.values)})
    if not decided_on or not (decided_by or "").strip():
        raise ValidationError(_("Vul in wie besloot en wanneer."))
    if decided_on > _today():
        raise ValidationError(_("De datum van het besluit ligt in de toekomst."))
    current = document.versions.filter(status=VersionStatus.IN_FORCE).first()
    if current is not None and current.adopted_on and decided_on < current.adopted_on and outcome != Outcome.REVISED:
        raise ValidationError(_("De herbeoordeling (%(review)s) ligt vóór de datum van vaststelling van de geldende "
                                "versie (%(adopted)s).") % {"review": f"{decided_on:%d-%m-%Y}",
                                                            "adopted": f"{current.adopted_on:%d-%m-%Y}"})
    review = Review(document=document, outcome=outcome, decided_on=decided_on, decided_by=decided_by.strip()[:200],
                    note=(note or "").strip(), recorded_by=user if getattr(user, "pk", None) else None)
    if outcome == Outcome.STILL_CURRENT:
        if current is None:
            raise ValidationError(_("Er is geen geldende versie om als actueel te bevestigen. Stel eerst een versie "
                                    "vast."))
        due = next_review_date or cycles.next_review(decided_on, document.review_interval_months)
        if due <= decided_on:
            raise ValidationError(_("De volgende herbeoordeling moet na de datum van het besluit liggen."))
        review.next_review_date = due
        document.next_review_date, document.last_reviewed_on = due, decided_on
        document.save()
    elif outcome == Outcome.REVISED:
        if not version.get("upload"):
            raise ValidationError(_("Bij 'herzien' hoort een nieuwe versie: voeg het bestand toe."))
        new = add_version(document, user, version["upload"], version.get("summary") or note,
                          adopted_by=version.get("adopted_by", ""), adopted_on=version.get("adopted_on") or decided_on,
                          decision_reference=version.get("decision_reference", ""), next_review_date=next_review_date)
        review.new_version, review.next_review_date = new, new.next_review_date
        document.refresh_from_db()
        document.last_reviewed_on = decided_on
        document.save()
    else:
        if successor is not None and (successor.organisation_id != document.organisation_id
                                      or successor.pk == document.pk):
            raise ValidationError(_("Kies als opvolger een ander document van uw organisatie."))
        if current is not None and successor is None and not confirm:
            raise ConfirmationRequired(_("U trekt de enige geldende versie (versie %(n)s) in zonder opvolger. "
                                         "Daarna geldt er geen document meer. Bevestig dat dit de bedoeling is.")
                                       % {"n": current.number}, code="confirm")
        if current is not None:
            current.status, current.ended_on = VersionStatus.WITHDRAWN, decided_on
            current.save()
        document.withdrawn_on, document.successor, document.last_reviewed_on = decided_on, successor, decided_on
        document.next_review_date, document.publish = None, False
        document.save()
    review.save()
    return review


@transaction.atomic
def link_norm(document, requirement) -> NormLink:
    framework = requirement.framework
    if framework.organisation_id not in (None, document.organisation_id):
        raise ValidationError(_("Deze norm hoort niet bij een normenkader van uw organisatie."))
    link, _created = NormLink.objects.get_or_create(document=document, requirement=requirement)
    return link


@transaction.atomic
def unlink_norm(document, requirement_id) -> None:
    NormLink.objects.filter(document=document, requirement_id=requirement_id).delete()


# --- Live evidence for compliance --------------------------------------------------------------

@dataclass
class NormEvidence:
    documents: list[dict] = field(default_factory=list)  # describe() rows with "url"

    @property
    def proposed_status(self) -> str | None:
        states = [d["state"] for d in self.documents]
        if not states:
            return None
        active = [s for s in states if s != cycles.WITHDRAWN]
        if not active or all(s == cycles.NEVER_ADOPTED for s in active):
            return NON_COMPLIANT
        if all(s == cycles.CURRENT for s in active):
            return COMPLIANT
        return PARTIALLY

    @property
    def proposed_label(self) -> str:
        return str(PROPOSAL_LABELS.get(self.proposed_status, ""))

    @property
    def proposal_reason(self) -> str:
        return "; ".join(f"{d['document'].title}: {d['state_label']}" for d in self.documents)


def live_evidence(organisation, requirement_ids) -> dict[int, NormEvidence]:
    """Per requirement id: the state of the organisation's documents linked to it (only ids with links)."""
    links = (NormLink.objects.filter(document__organisation=organisation, requirement_id__in=list(requirement_ids))
             .select_related("document").prefetch_related("document__versions", "document__reviews")
             .order_by("document__title"))
    result: dict[int, NormEvidence] = {}
    for link in links:
        row = describe(link.document)
        row["url"] = reverse("policies:detail", kwargs={"uuid": link.document.uuid})
        result.setdefault(link.requirement_id, NormEvidence()).documents.append(row)
    return result


# --- Scorecard and public statement ------------------------------------------------------------

def scorecard_figures(organisation, start, end) -> dict:
    """``pct_current``: of the documents that existed at the end of the period (or now) and were not
    withdrawn then, the share that was adopted and not overdue for review; None without documents."""
    at = min(end, timezone.now())
    day = timezone.localtime(at).date() if timezone.is_aware(at) else at.date()
    states = [state(d, day) for d in documents_for(organisation).filter(created_at__lt=at)]
    states = [s for s in states if s != cycles.WITHDRAWN]
    if not states:
        return {"pct_current": None, "documents": 0}
    current = sum(1 for s in states if s == cycles.CURRENT)
    return {"pct_current": 100 * current / len(states), "documents": len(states)}


def published_privacy_policy(organisation) -> PolicyVersion | None:
    """The version in force of the privacy policy the organisation publishes, or None."""
    return (PolicyVersion.objects.filter(document__organisation=organisation, document__kind=Kind.PRIVACY_POLICY,
                                         document__publish=True, document__withdrawn_on__isnull=True,
                                         status=VersionStatus.IN_FORCE)
            .select_related("document").order_by("-adopted_on").first())


# --- Reminders -----------------------------------------------------------------------------------

def _send_once(document, kind, days_before, review_date, recipients, subject, body, now) -> int:
    try:
        with transaction.atomic():
            reminder, created = ReviewReminder.objects.get_or_create(
                document=document, kind=kind, days_before=days_before, review_date=review_date,
                defaults={"sent_at": now})
            if not created:
                return 0
            url = reverse("policies:detail", kwargs={"uuid": document.uuid})
            sent = notify(recipients, subject, body, url=url,
                          dedup_key=f"policy:{document.pk}:{kind}:{days_before}:{review_date:%Y%m%d}")
            reminder.recipients = len(sent)
            reminder.save(update_fields=["recipients"])
            return len(sent)
    except IntegrityError:  # another run recorded it first
        return 0


def send_review_reminders(now=None, organisation=None) -> int:
    """Remind the owner before the review date, escalate to the privacy officers once it has passed.

    The day is the local (Europe/Amsterdam) date of ``now``; each reminder is recorded and sent once.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    sent = 0
    documents = (PolicyDocument.objects.filter(withdrawn_on__isnull=True, next_review_date__isnull=False,
                                               versions__status=VersionStatus.IN_FORCE)
                 .select_related("owner", "organisation").distinct())
    if organisation is not None:
        documents = documents.filter(organisation=organisation)
    for document in documents:
        review_date = document.next_review_date
        days = cycles.reminder_due(review_date, today)
        if days is not None and document.owner.is_active:
            subject = _("Herbeoordeling op %(day)s: %(title)s") % {"day": f"{review_date:%d-%m-%Y}",
                                                                   "title": document.title}
            body = _("%(title)s moet uiterlijk %(day)s worden herbeoordeeld. Leg vast of het nog actueel is, "
                     "herzien wordt of wordt ingetrokken.") % {"title": document.title,
                                                               "day": f"{review_date:%d-%m-%Y}"}
            sent += _send_once(document, ReviewReminder.Kind.BEFORE, days, review_date, [document.owner], subject,
                               body, now)
        elif cycles.escalation_due(review_date, today):
            officers = list(users_with_role(document.organisation, Role.PRIVACY_OFFICER))
            recipients = officers + ([document.owner] if document.owner.is_active and document.owner not in officers
                                     else [])
            subject = _("Herbeoordeling verlopen: %(title)s") % {"title": document.title}
            body = _("De herbeoordeling van %(title)s was uiterlijk %(day)s en is niet vastgelegd. Eigenaar: "
                     "%(owner)s.") % {"title": document.title, "day": f"{review_date:%d-%m-%Y}",
                                      "owner": document.owner.get_full_name() or document.owner.username}
            sent += _send_once(document, ReviewReminder.Kind.OVERDUE, 0, review_date, recipients, subject, body, now)
    return sent
