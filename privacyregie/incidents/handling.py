"""Triage, decision, working group, timeline, measures and closing of an incident.

Every change adds a line to the incident's timeline. Bad input raises a
``ValidationError`` with Dutch messages and changes nothing. Closing requires every
measure to be decided (done or rejected with a reason). Never called for another
organisation's incident: views look incidents up by the user's organisation first.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.services import notify

from .assessment import UNINTELLIGIBLE_PROTECTION, VULNERABLE_GROUPS, AffectedGroup, DataCategory, Nature, duties_for, propose
from .deadlines import local
from .models import (
    BreachAssessment,
    Incident,
    IncidentType,
    Measure,
    ResidentInformation,
    Status,
    TimelineEvent,
    WorkingGroupMember,
)
from .reporting import CLOCK_SKEW

Protection = BreachAssessment.Protection
Ground = BreachAssessment.Art34Ground

MAX_PEOPLE = 20_000_000  # more than the population of the Netherlands is absurd


def log(incident: Incident, text: str, author=None, at=None) -> TimelineEvent:
    return TimelineEvent.objects.create(incident=incident, text=text, author=author, at=at or timezone.now())


@transaction.atomic
def triage(incident: Incident, user, *, type: str, is_breach: bool, awareness_at, reasoning: str) -> Incident:
    """Classify: the type, confirmed breach or not, and the moment of awareness."""
    errors = {}
    if type not in IncidentType.values:
        errors["type"] = _("Kies een soort incident.")
    if not (reasoning or "").strip():
        errors["reasoning"] = _("Licht de beoordeling toe.")
    if is_breach and awareness_at is None:
        errors["awareness_at"] = _("Vul het moment van kennisname in; daarmee start de termijn van 72 uur.")
    if awareness_at is not None:
        if awareness_at > timezone.now() + CLOCK_SKEW:
            errors["awareness_at"] = _("Het moment van kennisname ligt in de toekomst.")
        elif incident.occurred_at and awareness_at < incident.occurred_at:
            errors["awareness_at"] = _("Het moment van kennisname ligt vóór het moment waarop het incident gebeurde.")
    if errors:
        raise ValidationError(errors)
    first = incident.triaged_at is None
    incident.type = type
    incident.is_breach = bool(is_breach)
    incident.awareness_at = awareness_at if is_breach else None
    incident.triage_reasoning = reasoning.strip()
    incident.status = Status.IN_HANDLING
    if first:
        incident.triaged_at = timezone.now()
        incident.triaged_by = user
    incident.save()
    if is_breach:
        BreachAssessment.objects.get_or_create(incident=incident)
        text = _("Beoordeeld als datalek; kennisname %(at)s, termijn AP loopt.") % {
            "at": f"{local(awareness_at):%d-%m-%Y %H:%M}"
        }
    else:
        text = _("Beoordeeld: geen datalek (%(type)s). %(r)s") % {"type": incident.get_type_display(), "r": reasoning.strip()}
    log(incident, text, user)
    return incident


def validate_facts(natures, categories, records_count, affected_min, affected_max) -> dict[str, str]:
    errors = {}
    if any(n not in Nature.values for n in natures or []):
        errors["natures"] = _("Onbekende aard van de inbreuk.")
    if any(c not in DataCategory.values for c in categories or []):
        errors["data_categories"] = _("Onbekende soort persoonsgegevens.")
    for field, value in (("records_count", records_count), ("affected_min", affected_min), ("affected_max", affected_max)):
        if value is None:
            continue
        if value < 0:
            errors[field] = _("Een aantal kan niet negatief zijn.")
        elif value > MAX_PEOPLE:
            errors[field] = _("Dit aantal is onwaarschijnlijk groot; controleer het.")
    if (affected_min is not None and affected_max is not None and affected_min >= 0 and affected_max >= 0
            and affected_min > affected_max and "affected_min" not in errors):
        errors["affected_max"] = _("Het maximum aantal betrokkenen is kleiner dan het minimum.")
    return errors


def validate_ap_facts(incident: Incident, *, affected_groups, protection, protection_details, ended_at,
                      still_ongoing) -> dict[str, str]:
    """The facts the AP's form asks beyond the risk assessment: groups, protection, end of the breach."""
    errors = {}
    if any(g not in AffectedGroup.values for g in affected_groups or []):
        errors["affected_groups"] = _("Onbekende categorie betrokkenen.")
    elif AffectedGroup.OTHER in (affected_groups or []) and not incident.affected_description.strip():
        errors["affected_groups"] = _("Bij 'anders': beschrijf de groep betrokkenen bij de melding.")
    if protection and protection not in Protection.values:
        errors["protection"] = _("Kies hoe de gegevens waren beschermd.")
    elif protection in (*UNINTELLIGIBLE_PROTECTION, Protection.PARTIAL) and not (protection_details or "").strip():
        errors["protection_details"] = _(
            "Beschrijf hoe de gegevens waren beschermd (bijv. methode, sleutelbeheer, was de sleutel ook gelekt).")
    if ended_at is not None:
        if still_ongoing:
            errors["ended_at"] = _("Een datalek dat nog voortduurt, heeft geen einde; kies één van beide.")
        elif ended_at > timezone.now() + CLOCK_SKEW:
            errors["ended_at"] = _("Het einde van het datalek ligt in de toekomst.")
        elif incident.occurred_at and ended_at < incident.occurred_at:
            errors["ended_at"] = _("Het einde van het datalek ligt vóór het begin.")
    return errors


@transaction.atomic
def assess(incident: Incident, user, *, natures, data_categories, records_count, affected_min, affected_max,
           vulnerable_groups: bool, consequences: str, decided_risk: str, decision_reasoning: str,
           affected_groups=(), protection: str = "", protection_details: str = "", ended_at=None,
           still_ongoing: bool | None = None) -> BreachAssessment:
    """Record the facts, compute the proposal and keep the handler's decision with its reasoning.

    ``still_ongoing`` None keeps the reported value. "Unintelligible" is derived from
    ``protection`` (encrypted, hashed or otherwise unintelligible), not asked separately.
    """
    if not incident.is_breach:
        raise ValidationError(_("Beoordeel het incident eerst als datalek."))
    ongoing = incident.still_ongoing if still_ongoing is None else bool(still_ongoing)
    errors = validate_facts(natures, data_categories, records_count, affected_min, affected_max)
    errors.update(validate_ap_facts(incident, affected_groups=affected_groups, protection=protection,
                                    protection_details=protection_details, ended_at=ended_at, still_ongoing=ongoing))
    if decided_risk and decided_risk not in BreachAssessment.Risk.values:
        errors["decided_risk"] = _("Kies geen risico, risico of hoog risico.")
    if decided_risk and not (decision_reasoning or "").strip():
        errors["decision_reasoning"] = _("Motiveer het besluit, ook als u niet meldt.")
    if errors:
        raise ValidationError(errors)
    unintelligible = protection in UNINTELLIGIBLE_PROTECTION
    vulnerable_groups = bool(vulnerable_groups) or bool(set(affected_groups or []) & VULNERABLE_GROUPS)
    proposal = propose(natures, data_categories, affected_max, unintelligible, vulnerable_groups)
    incident.still_ongoing, incident.ended_at = ongoing, ended_at
    incident.save(update_fields=["still_ongoing", "ended_at"])
    assessment, _created = BreachAssessment.objects.get_or_create(incident=incident)
    assessment.natures = list(natures or [])
    assessment.data_categories = list(data_categories or [])
    assessment.records_count = records_count
    assessment.affected_min = affected_min
    assessment.affected_max = affected_max
    assessment.affected_groups = list(affected_groups or [])
    assessment.protection = protection or ""
    assessment.protection_details = (protection_details or "").strip()
    assessment.unintelligible = unintelligible
    assessment.vulnerable_groups = vulnerable_groups
    assessment.consequences = (consequences or "").strip()
    assessment.proposed_risk = proposal.risk
    assessment.proposed_reasoning = proposal.reasoning
    if decided_risk:
        assessment.decided_risk = decided_risk
        assessment.decision_reasoning = decision_reasoning.strip()
        assessment.notify_ap, assessment.inform_residents = duties_for(decided_risk)
        assessment.decided_at = timezone.now()
        assessment.decided_by = user
    assessment.save()
    if decided_risk:
        log(incident, _("Besluit: %(risk)s. Melden aan AP: %(ap)s; betrokkenen informeren: %(inf)s. %(r)s") % {
            "risk": assessment.get_decided_risk_display(),
            "ap": _("ja") if assessment.notify_ap else _("nee"),
            "inf": _("ja") if assessment.inform_residents else _("nee"),
            "r": assessment.decision_reasoning,
        }, user)
    else:
        log(incident, _("Feiten en risicobeoordeling bijgewerkt (voorstel: %(p)s).")
            % {"p": assessment.get_proposed_risk_display()}, user)
    return assessment


def add_member(incident: Incident, user, member, role: str) -> WorkingGroupMember:
    if member.organisation_id != incident.organisation_id:
        raise ValidationError({"user": _("Kies een medewerker van de eigen organisatie.")})
    if not (role or "").strip():
        raise ValidationError({"role": _("Vul de rol in de werkgroep in.")})
    obj, _created = WorkingGroupMember.objects.update_or_create(incident=incident, user=member,
                                                               defaults={"role": role.strip()[:120]})
    log(incident, _("%(m)s toegevoegd aan de werkgroep als %(r)s.") % {"m": member, "r": obj.role}, user)
    notify([member], _("Werkgroep incident %(nr)s") % {"nr": incident.receipt_number},
           _("U bent toegevoegd aan de werkgroep voor %(title)s als %(role)s.") % {"title": incident.title,
                                                                                 "role": obj.role},
           url=reverse("incidents:involved_detail", kwargs={"uuid": incident.uuid}),
           dedup_key=f"incident:{incident.pk}:member:{member.pk}")
    return obj


def involved_incidents(user):
    """Incidents of the user's organisation on which the user is a working-group member or measure owner."""
    return (Incident.objects.filter(organisation_id=user.organisation_id)
            .filter(Q(working_group__user=user) | Q(measures__owner=user)).distinct())


def add_timeline_event(incident: Incident, user, text: str, at=None) -> TimelineEvent:
    if not (text or "").strip():
        raise ValidationError({"text": _("Beschrijf de gebeurtenis.")})
    if at is not None and at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"at": _("Dit tijdstip ligt in de toekomst.")})
    return log(incident, text.strip(), user, at=at)


def save_measure(incident: Incident, user, *, kind, description, owner=None, due_date=None, status=None,
                 evidence="", measure: Measure | None = None) -> Measure:
    errors = {}
    if kind not in Measure.Kind.values:
        errors["kind"] = _("Kies repressief, correctief of preventief.")
    if not (description or "").strip():
        errors["description"] = _("Beschrijf de maatregel.")
    status = status or Measure.MeasureStatus.PROPOSED
    if status not in Measure.MeasureStatus.values:
        errors["status"] = _("Onbekende status.")
    if status in (Measure.MeasureStatus.DONE, Measure.MeasureStatus.REJECTED) and not (evidence or "").strip():
        errors["evidence"] = _("Leg bewijs vast (bij uitgevoerd) of de reden (bij afgewezen).")
    if owner is not None and owner.organisation_id != incident.organisation_id:
        errors["owner"] = _("Kies een medewerker van de eigen organisatie.")
    if errors:
        raise ValidationError(errors)
    creating = measure is None
    measure = measure or Measure(incident=incident)
    measure.kind, measure.description, measure.owner = kind, description.strip(), owner
    measure.due_date, measure.evidence = due_date, (evidence or "").strip()
    if status == Measure.MeasureStatus.DONE and measure.status != status:
        measure.completed_at = timezone.now()
    measure.status = status
    measure.save()
    if owner is not None and measure.is_open:
        notify([owner], _("Maatregel voor incident %(nr)s") % {"nr": incident.receipt_number},
               _("U bent eigenaar van de maatregel: %(m)s%(due)s.") % {
                   "m": measure.description[:150],
                   "due": (_(" (uiterlijk %(d)s)") % {"d": f"{measure.due_date:%d-%m-%Y}"}) if measure.due_date else ""},
               url=reverse("incidents:involved_detail", kwargs={"uuid": incident.uuid}),
               dedup_key=f"measure:{measure.pk}:owner:{owner.pk}")
    verb = _("Maatregel toegevoegd") if creating else _("Maatregel bijgewerkt")
    log(incident, f"{verb}: {measure.get_kind_display()} – {measure.description[:120]} ({measure.get_status_display()})", user)
    return measure


def undecided_measures(incident: Incident):
    return incident.measures.filter(status=Measure.MeasureStatus.PROPOSED)


@transaction.atomic
def close(incident: Incident, user, lessons_learned: str) -> Incident:
    errors = {}
    if incident.triaged_at is None:
        errors["__all__"] = _("Beoordeel het incident voordat u het afsluit.")
    elif undecided_measures(incident).exists():
        errors["__all__"] = _("Er zijn nog maatregelen waarover niet is besloten. Besluit eerst over alle maatregelen.")
    if not (lessons_learned or "").strip():
        errors["lessons_learned"] = _("Leg vast wat de organisatie van dit incident heeft geleerd.")
    assessment = getattr(incident, "assessment", None)
    if incident.is_breach and (assessment is None or not assessment.decided_at):
        errors.setdefault("__all__", _("Neem eerst een besluit over het melden van het datalek."))
    elif incident.is_breach and assessment.decided_risk == BreachAssessment.Risk.HIGH:
        missing = residents_duty_unmet(incident, assessment)
        if missing:
            errors.setdefault("__all__", missing)
    if errors:
        raise ValidationError(errors)
    incident.lessons_learned = lessons_learned.strip()
    incident.status = Status.CLOSED
    incident.closed_at = timezone.now()
    incident.save()
    log(incident, _("Incident afgesloten."), user)
    return incident


def residents_informed_individually(incident: Incident) -> bool:
    """Art. 34(1): a record of residents informed directly, with when, how and how many."""
    return incident.resident_information.exclude(method=ResidentInformation.Method.PUBLIC_NOTICE).filter(
        residents_count__isnull=False).exists()


def art34_ground_errors(incident: Incident, assessment: BreachAssessment, ground: str) -> str:
    """Why an art. 34(3) ground does not (yet) hold for this breach; empty when it does."""
    if ground == Ground.UNINTELLIGIBLE and assessment.protection not in UNINTELLIGIBLE_PROTECTION:
        return _("Grond a (onbegrijpelijk) kan alleen als bij de risicobeoordeling is vastgelegd dat en hoe de "
                 "gegevens versleuteld, gehasht of anders onbegrijpelijk waren.")
    if ground == Ground.RISK_REMOVED and not incident.measures.filter(status=Measure.MeasureStatus.DONE).exists():
        return _("Grond b (risico weggenomen) vraagt een uitgevoerde maatregel met bewijs; leg die eerst vast.")
    if ground == Ground.DISPROPORTIONATE and not incident.resident_information.filter(
            method=ResidentInformation.Method.PUBLIC_NOTICE).exists():
        return _("Grond c (onevenredige inspanning) vraagt een openbare mededeling in plaats van individueel "
                 "informeren; leg die eerst vast.")
    return ""


def residents_duty_unmet(incident: Incident, assessment: BreachAssessment) -> str:
    """For a high-risk breach: the reason it cannot be closed yet (art. 34), or empty."""
    if residents_informed_individually(incident):
        return ""
    if not assessment.art34_ground:
        return _("Bij hoog risico moeten de betrokkenen worden geïnformeerd (art. 34 AVG). Leg vast wanneer, hoe en "
                 "hoeveel betrokkenen zijn geïnformeerd, of de grond uit art. 34 lid 3 om dat niet te doen.")
    return art34_ground_errors(incident, assessment, assessment.art34_ground)


def reopen(incident: Incident, user) -> Incident:
    """A closed incident back in handling (e.g. new facts); the lessons learned are kept."""
    incident.status = Status.IN_HANDLING
    incident.closed_at = None
    incident.save(update_fields=["status", "closed_at"])
    log(incident, _("Incident heropend."), user)
    return incident
