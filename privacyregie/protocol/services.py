"""Operations of the privacy-protocol capability that pages, API, jobs and other apps call.

Stable public API:

* ``report_bottleneck(user, kind=, process=, description=, suggestion="", partner=None, confirmed=False)``
  -> ``Bottleneck``: a staff or chain-partner user reports; the text is checked for residents'
  personal data first (numbers refuse, special-category words ask for confirmation).
* ``scorecard_figures(organisation, start, end) -> dict``: counts for the quarterly scorecard and
  the council report (``bottlenecks_reported``, ``bottlenecks_open``, ``bottlenecks_closed``,
  ``overdue_actions``, ``themes``: ``[(theme, count)]`` of the bottlenecks reported in the period).
* ``remind_overdue_actions(today=None) -> int``: the reminder job.

Never stores residents' personal data knowingly, and never shows who reported a bottleneck to
anyone but the privacy officer (the council sees counts and themes only).
"""

from __future__ import annotations

import datetime
import logging

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core import scanning
from privacyregie.core.roles import is_external

from .models import Action, Bottleneck, Review, Theme

log = logging.getLogger(__name__)

# Themes every organisation starts with (from seed 003: consent, sharing with partners, secure
# mail, roles and authorisations); the privacy officer adds others when categorising. Data, not
# interface text: stored in Dutch whatever the language of the request that creates them.
DEFAULT_THEMES = [
    "Toestemming en grondslag",
    "Gegevens delen met ketenpartners",
    "Beveiligd mailen en bestanden uitwisselen",
    "Rollen en autorisaties",
    "Onduidelijke tekst in het protocol",
    "Verschil met het privacyreglement van een ketenpartner",
]

# Kinds of finding that identify a resident by themselves: never saved.
IDENTIFYING = {scanning.KIND_BSN, scanning.KIND_IBAN, scanning.KIND_PHONE, scanning.KIND_BIRTH_DATE}
MIN_DESCRIPTION = 20


class NeedsConfirmation(ValidationError):
    """The text holds words that may point to special-category data: the reporter confirms first."""

    def __init__(self, findings):
        self.findings = findings
        super().__init__(_("De tekst bevat woorden die kunnen wijzen op bijzondere persoonsgegevens. Bevestig dat "
                           "er niets in staat waarmee een inwoner te herkennen is, of pas de tekst aan."),
                         code="confirm")


# --- reporting ---------------------------------------------------------------------------------------

def check_text(*texts: str) -> tuple[list[scanning.Finding], list[scanning.Finding]]:
    """(identifying findings that refuse the report, other findings that need a confirmation)."""
    found = [finding for text in texts for finding in scanning.scan_text(text or "")]
    return [f for f in found if f.kind in IDENTIFYING], [f for f in found if f.kind not in IDENTIFYING]


def refusal_message(findings) -> str:
    kinds = sorted({str(f.kind_label) for f in findings})
    return _("Een knelpunt gaat over het werk, niet over een inwoner. Haal deze gegevens uit de tekst: %(kinds)s. "
             "Er is niets opgeslagen.") % {"kinds": ", ".join(kinds)}


def partner_choices(user):
    """The partners a reporter may name: their own partner for a chain-partner user, else the register's."""
    from privacyregie.register.services import partner_choices as register_partners

    if is_external(user.roles):
        own = _own_partner(user)
        return register_partners(user.organisation_id).filter(pk=own.pk) if own else register_partners(-1)
    return register_partners(user.organisation_id)


def _own_partner(user):
    if not apps.is_installed("privacyregie.external"):
        return None
    from privacyregie.external.services import partners_of

    found = partners_of([user])
    return found[0] if found else None


def _next_number(organisation, year: int) -> str:
    prefix = f"K-{year}-"
    last = (Bottleneck.objects.filter(organisation=organisation, number__startswith=prefix)
            .order_by("-number").values_list("number", flat=True).first())
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def report_bottleneck(user, *, kind: str, process: str, description: str, suggestion: str = "", partner=None,
                      confirmed: bool = False, now=None) -> Bottleneck:
    """Record a bottleneck reported by ``user``; raises ``ValidationError`` (Dutch) and saves nothing on bad input."""
    now = now or timezone.now()
    errors = {}
    if kind not in Bottleneck.Kind.values:
        errors["kind"] = _("Kies wat er aan de hand was.")
    if not (process or "").strip():
        errors["process"] = _("Noem het werkproces waarin het knelpunt zich voordeed.")
    if len((description or "").strip()) < MIN_DESCRIPTION:
        errors["description"] = _("Beschrijf het knelpunt in minimaal %(n)s tekens.") % {"n": MIN_DESCRIPTION}
    external = is_external(user.roles)
    if external:
        own = _own_partner(user)
        if partner is not None and (own is None or partner.pk != own.pk):
            errors["partner"] = _("U kunt alleen uw eigen organisatie als ketenpartner noemen.")
        partner = own
    elif partner is not None and partner.organisation_id != user.organisation_id:
        errors["partner"] = _("Deze ketenpartner staat niet in het register van uw organisatie.")
    if errors:
        raise ValidationError(errors)
    identifying, others = check_text(process, description, suggestion)
    if identifying:
        log.info("protocol: bottleneck refused, personal data in the text (%s)",
                 ",".join(sorted({f.kind for f in identifying})), extra={"user_id": user.pk})
        raise ValidationError({"description": refusal_message(identifying)}, code="personal_data")
    if others and not confirmed:
        raise NeedsConfirmation(others)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Bottleneck.objects.create(
                    organisation_id=user.organisation_id, number=_next_number(user.organisation, now.year),
                    kind=kind, process=process.strip(), description=description.strip(),
                    suggestion=(suggestion or "").strip(), partner=partner, reported_by=user, reported_at=now,
                    source=Bottleneck.Source.CHAIN_PARTNER if external else Bottleneck.Source.STAFF)
        except IntegrityError:  # two reports took the same number at once: take the next
            continue
    raise ValidationError(_("Het knelpunt kon nu niet worden opgeslagen. Probeer het opnieuw."))


def own_bottlenecks(user):
    return Bottleneck.objects.filter(organisation_id=user.organisation_id, reported_by=user).select_related("partner")


# --- handling by the privacy officer ---------------------------------------------------------------

def bottlenecks_for(organisation):
    return (Bottleneck.objects.filter(organisation=organisation).select_related("partner", "reported_by")
            .prefetch_related("themes").annotate(
                open_actions=Count("actions", filter=Q(actions__status=Action.Status.OPEN)),
                overdue=Count("actions", filter=Q(actions__status=Action.Status.OPEN,
                                                  actions__due_date__lt=timezone.localdate()))))


def themes_for(organisation):
    """The organisation's themes; the defaults are created the first time they are asked for."""
    if not Theme.objects.filter(organisation=organisation).exists():
        for name in DEFAULT_THEMES:
            Theme.objects.get_or_create(organisation=organisation, name=name)
    return Theme.objects.filter(organisation=organisation)


def requirement_choices(organisation):
    """Norms a bottleneck can be linked to: those of the organisation's open assessments."""
    from privacyregie.compliance.models import RequirementAssessment

    return (RequirementAssessment.objects.filter(assessment__organisation=organisation, assessment__status="open")
            .select_related("assessment", "requirement", "requirement__framework")
            .order_by("assessment__title", "requirement__order"))


def bottlenecks_for_requirement(item) -> list[dict]:
    """The bottlenecks linked to one norm of an assessment, for the norm's page: number, process, status, uuid."""
    return [{"number": b.number, "process": b.process, "status": b.get_status_display(), "uuid": b.uuid}
            for b in Bottleneck.objects.filter(organisation_id=item.assessment.organisation_id, requirements=item)
            .order_by("-reported_at")]


def owner_choices(organisation):
    """Internal users of the organisation (an action's owner is accountable inside the organisation)."""
    from privacyregie.core.models import User
    from privacyregie.core.roles import EXTERNAL_ROLES, Role

    internal = [role for role in Role.values if role not in EXTERNAL_ROLES and role != Role.COUNCIL]
    return (User.objects.filter(organisation=organisation, is_active=True,
                                role_assignments__organisation=organisation, role_assignments__role__in=internal)
            .distinct().order_by("first_name", "last_name", "username"))


@transaction.atomic
def categorise(bottleneck: Bottleneck, actor, *, themes, requirements, new_theme: str = "", new_themes=(),
               note: str = "") -> Bottleneck:
    """Set the themes (existing ones, and new ones by name) and linked norms; a new bottleneck goes to
    "in behandeling"."""
    if bottleneck.is_closed:
        raise ValidationError(_("Dit knelpunt is afgehandeld; heropen het eerst."))
    themes = list(themes)
    requirements = list(requirements)
    if any(t.organisation_id != bottleneck.organisation_id for t in themes):
        raise ValidationError({"themes": _("Onbekend thema.")})
    allowed = set(requirement_choices(bottleneck.organisation).values_list("pk", flat=True))
    if any(r.pk not in allowed for r in requirements):
        raise ValidationError({"requirements": _("Kies normen uit een open beoordeling van uw organisatie.")})
    for name in {(n or "").strip()[:100] for n in [new_theme, *new_themes]} - {""}:
        theme, _created = Theme.objects.get_or_create(organisation_id=bottleneck.organisation_id, name=name)
        if theme not in themes:
            themes.append(theme)
    if not themes:
        raise ValidationError({"themes": _("Kies minimaal één thema of voeg een nieuw thema toe.")})
    bottleneck.themes.set(themes)
    bottleneck.requirements.set(requirements)
    bottleneck.assessment_note = note or ""
    if bottleneck.status == Bottleneck.Status.NEW:
        bottleneck.status = Bottleneck.Status.IN_PROGRESS
    bottleneck.save(update_fields=["assessment_note", "status"])
    return bottleneck


@transaction.atomic
def add_action(bottleneck: Bottleneck, actor, *, description: str, owner, due_date: datetime.date,
               today=None) -> Action:
    today = today or timezone.localdate()
    errors = {}
    if bottleneck.is_closed:
        raise ValidationError(_("Dit knelpunt is afgehandeld; heropen het eerst."))
    if not (description or "").strip():
        errors["description"] = _("Beschrijf de actie.")
    if owner is None or not owner_choices(bottleneck.organisation).filter(pk=owner.pk).exists():
        errors["owner"] = _("Kies een eigenaar binnen uw organisatie.")
    if due_date is None or due_date < today:
        errors["due_date"] = _("De datum ligt in het verleden; kies vandaag of later.")
    if errors:
        raise ValidationError(errors)
    action = Action.objects.create(bottleneck=bottleneck, description=description.strip(), owner=owner,
                                   due_date=due_date)
    if bottleneck.status == Bottleneck.Status.NEW:
        bottleneck.status = Bottleneck.Status.IN_PROGRESS
        bottleneck.save(update_fields=["status"])
    from privacyregie.core.services import notify

    notify([owner], _("Actie op knelpunt %(nr)s") % {"nr": bottleneck.number},
           _("U bent eigenaar van een actie op een knelpunt in het privacyprotocol: %(a)s. Uiterlijk gereed: %(d)s.")
           % {"a": action.description[:150], "d": f"{due_date:%d-%m-%Y}"},
           url=reverse("protocol:detail", kwargs={"uuid": bottleneck.uuid}), dedup_key=f"protocol-action:{action.pk}")
    return action


@transaction.atomic
def update_action(action: Action, actor, *, status: str, result: str = "") -> Action:
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Onbekende status.")})
    if status == Action.Status.DONE and not (result or "").strip():
        raise ValidationError({"result": _("Leg vast wat de actie heeft opgeleverd.")})
    action.status = status
    action.result = (result or "").strip()
    action.done_at = timezone.now() if status != Action.Status.OPEN else None
    action.save(update_fields=["status", "result", "done_at"])
    return action


@transaction.atomic
def close(bottleneck: Bottleneck, actor, *, resolution: str, now=None) -> Bottleneck:
    if bottleneck.is_closed:
        raise ValidationError(_("Dit knelpunt is al afgehandeld."))
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Leg vast hoe het knelpunt is afgehandeld.")})
    if bottleneck.actions.filter(status=Action.Status.OPEN).exists():
        raise ValidationError(_("Er staan nog acties open. Rond ze af of laat ze vervallen voordat u het knelpunt "
                                "afhandelt."))
    bottleneck.status = Bottleneck.Status.CLOSED
    bottleneck.resolution = resolution.strip()
    bottleneck.closed_at = now or timezone.now()
    bottleneck.save(update_fields=["status", "resolution", "closed_at"])
    return bottleneck


@transaction.atomic
def redact(bottleneck: Bottleneck, actor, *, description: str, suggestion: str = "") -> Bottleneck:
    """Replace the texts (to remove a resident's data that slipped in); the old texts are not kept anywhere."""
    from simple_history.utils import update_change_reason

    if len((description or "").strip()) < MIN_DESCRIPTION:
        raise ValidationError({"description": _("Beschrijf het knelpunt in minimaal %(n)s tekens.") % {
            "n": MIN_DESCRIPTION}})
    identifying, _others = check_text(description, suggestion)
    if identifying:
        raise ValidationError({"description": refusal_message(identifying)})
    bottleneck.description = description.strip()
    bottleneck.suggestion = (suggestion or "").strip()
    bottleneck.save(update_fields=["description", "suggestion"])
    update_change_reason(bottleneck, "tekst aangepast")
    log.info("protocol: bottleneck %s text replaced", bottleneck.number, extra={"user_id": getattr(actor, "pk", None)})
    return bottleneck


@transaction.atomic
def reopen(bottleneck: Bottleneck, actor) -> Bottleneck:
    if not bottleneck.is_closed:
        raise ValidationError(_("Dit knelpunt is niet afgehandeld."))
    bottleneck.status = Bottleneck.Status.IN_PROGRESS
    bottleneck.closed_at = None
    bottleneck.save(update_fields=["status", "closed_at"])
    return bottleneck


@transaction.atomic
def record_review(organisation, actor, *, reviewed_on: datetime.date, period: str, findings: str, changes: str = "",
                  protocol_version: str = "", bottlenecks=(), today=None) -> Review:
    today = today or timezone.localdate()
    errors = {}
    if reviewed_on is None or reviewed_on > today:
        errors["reviewed_on"] = _("De datum van de evaluatie ligt in de toekomst.")
    if not (period or "").strip():
        errors["period"] = _("Noem de periode die is geëvalueerd.")
    if not (findings or "").strip():
        errors["findings"] = _("Leg de bevindingen vast.")
    bottlenecks = list(bottlenecks)
    if any(b.organisation_id != organisation.pk for b in bottlenecks):
        errors["bottlenecks"] = _("Onbekend knelpunt.")
    if errors:
        raise ValidationError(errors)
    identifying, _others = check_text(findings, changes)
    if identifying:
        raise ValidationError({"findings": refusal_message(identifying)})
    review = Review.objects.create(organisation=organisation, reviewed_on=reviewed_on, period=period.strip(),
                                   findings=findings.strip(), changes=(changes or "").strip(),
                                   protocol_version=(protocol_version or "").strip(), recorded_by=actor)
    review.bottlenecks.set(bottlenecks)
    return review


def reviews_for(organisation):
    return Review.objects.filter(organisation=organisation).select_related("recorded_by").prefetch_related("bottlenecks")


def home_figures(organisation_id, today=None) -> dict:
    """For the start page, in one query (conditional aggregation): bottlenecks ``new`` and ``open`` (not
    handled), and open actions past their due date (``overdue``, as ``overdue_actions`` counts them)."""
    today = today or timezone.localdate()
    return Bottleneck.objects.filter(organisation_id=organisation_id).aggregate(
        open=Count("pk", distinct=True, filter=~Q(status="afgehandeld")),
        new=Count("pk", distinct=True, filter=Q(status="nieuw")),
        overdue=Count("actions", filter=Q(actions__status=Action.Status.OPEN, actions__due_date__lt=today)))


def overdue_actions(organisation, today=None):
    today = today or timezone.localdate()
    return (Action.objects.filter(bottleneck__organisation=organisation, status=Action.Status.OPEN, due_date__lt=today)
            .select_related("bottleneck", "owner"))


def remind_overdue_actions(today=None) -> int:
    """Tell the owner of an open action once that its due date has passed."""
    from privacyregie.core.services import notify

    today = today or timezone.localdate()
    sent = 0
    for action in Action.objects.filter(status=Action.Status.OPEN, due_date__lt=today).select_related("bottleneck",
                                                                                                        "owner"):
        sent += len(notify(
            [action.owner], _("Actie verlopen: knelpunt %(nr)s") % {"nr": action.bottleneck.number},
            _("De actie %(a)s had uiterlijk %(d)s gereed moeten zijn. Werk de status bij.")
            % {"a": action.description[:150], "d": f"{action.due_date:%d-%m-%Y}"},
            url=reverse("protocol:detail", kwargs={"uuid": action.bottleneck.uuid}),
            dedup_key=f"protocol-action:{action.pk}:overdue"))
    return sent


# --- figures for the scorecard and the council report ------------------------------------------------

def themes_in(organisation, start, end) -> list[tuple[str, int]]:
    """Per theme the number of bottlenecks reported in [start, end), most first (themes with none left out)."""
    rows = (Theme.objects.filter(organisation=organisation)
            .annotate(n=Count("bottlenecks", filter=Q(bottlenecks__reported_at__gte=start,
                                                       bottlenecks__reported_at__lt=end)))
            .filter(n__gt=0).order_by("-n", "name").values_list("name", "n"))
    return list(rows)


def scorecard_figures(organisation, start, end) -> dict:
    """Counts for [start, end): reported and closed in the period, open at its end (or now, when earlier)."""
    at = min(end, timezone.now())
    own = Bottleneck.objects.filter(organisation=organisation)
    reported = own.filter(reported_at__gte=start, reported_at__lt=end).count()
    closed = own.filter(closed_at__gte=start, closed_at__lt=end).count()
    still_open = own.filter(reported_at__lt=at).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=at)).count()
    day = timezone.localtime(at).date()
    overdue = Action.objects.filter(bottleneck__organisation=organisation, due_date__lt=day,
                                    created_at__lt=at).filter(
        Q(status=Action.Status.OPEN) | Q(done_at__gte=at)).count()
    return {"bottlenecks_reported": reported, "bottlenecks_open": still_open, "bottlenecks_closed": closed,
            "overdue_actions": overdue, "themes": themes_in(organisation, start, end)}
