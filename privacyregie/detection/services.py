"""Operations of the detection capability (signalering van verdachte toegang) that views, jobs and
other apps may call.

Stable public API:

* ``settings_for(organisation) -> DetectionSettings`` (created with the defaults on first use).
* ``run_detection(organisation, start=None, end=None) -> DetectionRun``: evaluate every rule over the
  window (default: the last ``WINDOW``) and raise each new finding once as an ``Alert``; idempotent.
* ``run_all(now=None)``: the periodic job, every organisation.
* ``explanation(alert) -> str``: what the rule found, in words, with the threshold.
* ``evidence(request, alert) -> list[ProcessingLogEntry]``: the log entries behind an alert, for the
  privacy officer; logs that consultation in the processing log, as the kernel's log viewer does.
* ``assess(user, alert, verdict, comment)``: "terecht"/"onterecht", once.
* ``convert_to_breach(user, alert) -> Incident``: an improper alert becomes a data breach in incidents
  (through ``incidents.services.report_by_user``), once.
* ``scorecard_figures(organisation, start, end) -> dict``: alert counts and outcomes per period.

Never shows or stores a resident's name or BSN: residents are pseudonyms here.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.access import has_permission
from privacyregie.core.models import Organisation, TeamMembership, User
from privacyregie.core.prepared import PreparedQuery
from privacyregie.core.roles import Role
from privacyregie.core.services import notify, users_with_role
from privacyregie.kernel.models import Outcome, ProcessingLogEntry

from . import collect, rules
from .models import Alert, Assessment, DetectionRun, DetectionSettings, Rule

WINDOW = timedelta(days=2)  # each run looks back this far; findings already raised are not raised again
EVIDENCE_LIMIT = 200


def settings_for(organisation) -> DetectionSettings:
    found, _created = DetectionSettings.objects.get_or_create(organisation=organisation)
    return found


def _local_days(start, end) -> set:
    day, last = timezone.localtime(start, rules.AMSTERDAM).date(), timezone.localtime(end, rules.AMSTERDAM).date()
    days = set()
    while day <= last:
        days.add(day)
        day += timedelta(days=1)
    return days


def _user_facts(organisation):
    names, teams = {}, {}
    for pk, last_name in User.objects.filter(organisation=organisation).values_list("pk", "last_name"):
        key = rules.name_key(last_name)
        if key:
            names[pk] = key
    for user_id, team_id in TeamMembership.objects.filter(team__organisation=organisation).values_list(
            "user_id", "team_id"):
        teams.setdefault(user_id, set()).add(team_id)
    return names, teams


def _user_addresses(organisation) -> dict:
    """Employees' home addresses as keys (``people.HomeAddress``), by user id."""
    from privacyregie.people.models import HomeAddress

    return dict(HomeAddress.objects.filter(organisation=organisation).values_list("user_id", "address_key"))


def findings(organisation, start, end, thresholds=None, facts=None, addresses=None) -> list[rules.Finding]:
    """Every rule's findings in [start, end) (nothing stored but the relation snapshot and the daily
    totals). ``facts``: per pseudonym (family-name key, team ids, member ids), by default from
    ``dossiers.services.subject_facts``; ``addresses``: per pseudonym the address key, by default from
    ``dossiers.services.subject_address_keys`` (only when an employee has a home address recorded)."""
    from privacyregie.dossiers.services import subject_address_keys, subject_facts

    t = thresholds or settings_for(organisation).thresholds()
    user_names, user_teams = _user_facts(organisation)
    user_addresses = _user_addresses(organisation) if t.family_enabled else {}
    facts = subject_facts(organisation) if facts is None else facts
    if addresses is None:
        addresses = subject_address_keys(organisation) if user_addresses else {}
    collect.refresh_relations(organisation, facts)
    own_names, own_addresses = set(user_names.values()), set(user_addresses.values())
    namesakes = ({p for p, f in facts.items() if f[0] and f[0] in own_names}
                 | {p for p, key in addresses.items() if key in own_addresses}) if t.family_enabled else set()
    data = collect.inputs(organisation, start, end, t, namesakes)
    found = rules.evaluate(
        data, _local_days(start, end - timedelta(microseconds=1)), t, user_names=user_names,
        subject_names={p: f[0] for p, f in facts.items()}, user_teams=user_teams,
        subject_relations={p: (f[1], f[2]) for p, f in facts.items()},
        user_addresses=user_addresses, subject_addresses=addresses,
    )
    # volume and outside-hours days are whole local days; keep those that touch the window
    return [f for f in found if f.end > start and f.start < end]


def _evidence_query(organisation, finding: rules.Finding, t: rules.Thresholds):
    qs = (collect.entries(organisation, finding.start, finding.end + timedelta(microseconds=1))
          .filter(actor_user_id=finding.actor_id) if finding.actor_id is not None else
          collect.entries(organisation, finding.start, finding.end + timedelta(microseconds=1))
          .filter(actor_user_id__isnull=True, actor_username=finding.username))
    if finding.rule == rules.REFUSALS:
        return qs.filter(outcome=Outcome.DENIED)
    qs = qs.filter(outcome=Outcome.ALLOWED)
    if finding.rule == rules.BREAK_GLASS:
        return qs.filter(emergency=True)
    if finding.rule in (rules.FAMILY_NAME, rules.UNRELATED):
        return qs.filter(subject_pseudonym__in=finding.subjects, emergency=False)
    return qs


def _evidence(organisation, finding, t) -> tuple[list[int], int]:
    qs = _evidence_query(organisation, finding, t).order_by("occurred_at", "id")
    if finding.rule == rules.OUTSIDE_HOURS:
        ids = [pk for pk, at in qs.values_list("id", "occurred_at")
               if rules.is_outside(timezone.localtime(at, rules.AMSTERDAM).hour,
                                   timezone.localtime(at, rules.AMSTERDAM).isoweekday(), t)]
        return ids[:EVIDENCE_LIMIT], len(ids)
    return list(qs.values_list("id", flat=True)[:EVIDENCE_LIMIT]), qs.count()


def _already_raised(organisation, finding) -> bool:
    alerts = Alert.objects.filter(organisation=organisation, rule=finding.rule)
    if alerts.filter(fingerprint=finding.fingerprint).exists():
        return True
    if finding.rule in rules.CLUSTER_RULES:
        actor = ({"actor_user_id": finding.actor_id} if finding.actor_id is not None
                 else {"actor_user_id__isnull": True, "actor_username": finding.username})
        return alerts.filter(**actor, period_start__lte=finding.end, period_end__gte=finding.start).exists()
    return False


def _notify(alert: Alert) -> None:
    officers = users_with_role(alert.organisation, Role.PRIVACY_OFFICER)
    notify(officers, _("Signalering: %(rule)s") % {"rule": alert.get_rule_display()},
           _("Een regel voor verdachte toegang sloeg aan voor %(user)s. Beoordeel de signalering.")
           % {"user": alert.actor_username or _("onbekende medewerker")},
           url=reverse("detection:detail", kwargs={"uuid": alert.uuid}), dedup_key=f"detection:alert:{alert.pk}")


def raise_alerts(organisation, found, t) -> list[Alert]:
    created = []
    for finding in found:
        if _already_raised(organisation, finding):
            continue
        ids, count = _evidence(organisation, finding, t)
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    organisation=organisation, rule=finding.rule, fingerprint=finding.fingerprint[:200],
                    actor_user_id=finding.actor_id, actor_username=finding.username[:150],
                    period_start=finding.start, period_end=finding.end, value=finding.value,
                    threshold=finding.threshold, facts=finding.facts, subjects=len(finding.subjects),
                    evidence_ids=ids, evidence_count=count,
                )
                _notify(alert)
        except IntegrityError:  # raised by a concurrent run in the meantime
            continue
        created.append(alert)
    return created


def run_detection(organisation, start=None, end=None, facts=None) -> DetectionRun:
    """Evaluate the rules over [start, end) and raise each new finding once (idempotent)."""
    end = end or timezone.now()
    start = start or end - WINDOW
    began = time.monotonic()
    t = settings_for(organisation).thresholds()
    found = findings(organisation, start, end, t, facts)
    created = raise_alerts(organisation, found, t)
    return DetectionRun.objects.create(organisation=organisation, window_start=start, window_end=end,
                                       seconds=round(time.monotonic() - began, 3), findings=len(found),
                                       alerts_created=len(created))


def run_all(now=None) -> int:
    return sum(run_detection(org, end=now).alerts_created for org in Organisation.objects.all())


def _local(moment) -> str:
    return timezone.localtime(moment, rules.AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def _number(value) -> str:
    return f"{value:g}".replace(".", ",")


def explanation(alert: Alert) -> str:
    """What the rule found and its threshold, in words (the active language)."""
    f = alert.facts or {}
    values = {"user": alert.actor_username, "n": _number(alert.value), "t": _number(alert.threshold),
              "day": timezone.localtime(alert.period_start, rules.AMSTERDAM).strftime("%d-%m-%Y"),
              "from": _local(alert.period_start), "to": _local(alert.period_end)}
    if alert.rule == Rule.VOLUME:
        return _("%(user)s had op %(day)s %(n)s raadplegingen en wijzigingen. Dat is meer dan %(t)s keer het eigen "
                 "gemiddelde van %(base)s per werkdag in de weken ervoor.") % {**values, "base": _number(f.get("baseline", 0))}
    if alert.rule == Rule.OUTSIDE_HOURS:
        weekend = _(" of in het weekend") if f.get("weekend") else ""
        return _("%(user)s raadpleegde op %(day)s %(n)s keer gegevens buiten werktijd (voor %(a)s:00 of na "
                 "%(b)s:00%(weekend)s). De drempel is %(t)s per dag.") % {
            **values, "a": f.get("from", ""), "b": f.get("to", ""), "weekend": weekend}
    if alert.rule == Rule.FAMILY_NAME and f.get("match") == "adres":
        return _("%(user)s raadpleegde tussen %(from)s en %(to)s %(n)s keer de gegevens van een inwoner op het eigen "
                 "woonadres (postcode en huisnummer). Dat kan een huisgenoot zijn: inzage voor eigen belang is niet "
                 "toegestaan.") % values
    if alert.rule == Rule.FAMILY_NAME:
        return _("%(user)s raadpleegde tussen %(from)s en %(to)s %(n)s keer de gegevens van een inwoner met dezelfde "
                 "achternaam. Dat kan een familielid zijn: inzage voor eigen belang is niet toegestaan.") % values
    if alert.rule == Rule.BREAK_GLASS:
        return _("%(user)s gebruikte tussen %(from)s en %(to)s %(n)s keer noodtoegang (verschillende casussen). De "
                 "drempel is %(t)s keer binnen %(days)s dagen.") % {**values, "days": f.get("days", "")}
    if alert.rule == Rule.REFUSALS:
        return _("%(user)s kreeg tussen %(from)s en %(to)s %(n)s keer een weigering. De drempel is %(t)s weigeringen "
                 "binnen %(minutes)s minuten: dat kan wijzen op zoeken naar gegevens waar geen toegang toe is.") % {
            **values, "minutes": f.get("minutes", "")}
    return _("%(user)s raadpleegde op %(day)s de gegevens van %(n)s inwoners zonder casus bij het eigen team en "
             "zonder eigen betrokkenheid. De drempel is %(t)s inwoners per dag.") % values


def evidence(request, alert: Alert) -> list[ProcessingLogEntry]:
    """The log entries behind the alert, oldest first; the privacy officer's consultation is logged
    once per resident concerned (purpose: check), as a look-up in the processing log."""
    from privacyregie.kernel.policy import Action, LegalBasisKind, Purpose
    from privacyregie.kernel.services import LOOKUP_TARGET, SUBJECT_ID_TYPE, trace_fields, write_entries

    entries = list(ProcessingLogEntry.objects.filter(organisation=alert.organisation, pk__in=alert.evidence_ids)
                   .order_by("occurred_at", "id"))
    user = request.user
    log = []
    for pseudonym in sorted({e.subject_pseudonym for e in entries if e.subject_pseudonym}):
        entry = ProcessingLogEntry(
            organisation_id=alert.organisation_id, occurred_at=timezone.now(), actor_user_id=user.pk,
            actor_username=user.username, actor_roles=",".join(user.roles)[:300], action=Action.VIEW,
            target_type=LOOKUP_TARGET, target_id=str(alert.uuid),
            target_label=_("bewijs bij een signalering van verdachte toegang")[:200],
            subject_pseudonym=pseudonym, purpose=Purpose.CHECK, legal_basis=LegalBasisKind.STATUTORY_TASK,
            legal_basis_detail="AVG art. 5 lid 2 en art. 32 (verantwoording en beveiliging)",
            outcome=Outcome.ALLOWED, reason=str(Purpose.CHECK.label), origin=request.META.get("REMOTE_ADDR", "")[:64],
            operation_name=f"{Action.VIEW} {LOOKUP_TARGET}", subject_id_type=SUBJECT_ID_TYPE, **trace_fields(request),
        )
        entry.ended_at = max(entry.ended_at, entry.occurred_at)
        log.append((entry, pseudonym))
    if log:
        write_entries(log)
    return entries


def _same_org(user, alert):
    if alert.organisation_id != getattr(user, "organisation_id", None):
        raise ValidationError(_("Dit gegeven bestaat niet of is niet voor u beschikbaar."))


def assess(user, alert: Alert, verdict: str, comment: str = "") -> Alert:
    """The privacy officer's verdict: 'terecht' (justified) or 'onterecht' (improper, with a comment); once."""
    _same_org(user, alert)
    if not has_permission(user, "detection.assess"):
        raise PermissionDenied(_("U heeft niet de bevoegdheid voor deze handeling."))
    comment = (comment or "").strip()
    if verdict not in (Assessment.JUSTIFIED, Assessment.IMPROPER):
        raise ValidationError({"verdict": _("Kies 'terecht' of 'onterecht'.")})
    if verdict == Assessment.IMPROPER and not comment:
        raise ValidationError({"comment": _("Licht toe waarom de toegang onterecht was.")})
    updated = Alert.objects.filter(pk=alert.pk, assessment=Assessment.OPEN).update(
        assessment=verdict, comment=comment[:5000], assessed_by=user, assessed_at=timezone.now())
    if not updated:
        raise ValidationError(_("Deze signalering is al beoordeeld."))
    alert.refresh_from_db()
    return alert


def convert_to_breach(user, alert: Alert):
    """An alert assessed as improper becomes a data breach (incident) in incidents, once; linked both
    ways (the alert keeps the incident, the incident's description names the alert's page)."""
    from privacyregie.incidents.models import IncidentType
    from privacyregie.incidents.services import report_by_user

    _same_org(user, alert)
    if not (has_permission(user, "detection.assess") and has_permission(user, "incidents.report")):
        raise PermissionDenied(_("U heeft niet de bevoegdheid voor deze handeling."))
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.incident_id is not None:
            raise ValidationError(_("Van deze signalering is al een datalek gemaakt."))
        if locked.assessment != Assessment.IMPROPER:
            raise ValidationError(_("Alleen een signalering die als onterecht is beoordeeld, wordt een datalek."))
        url = reverse("detection:detail", kwargs={"uuid": locked.uuid})
        description = "\n\n".join([
            explanation(locked),
            _("Beoordeling door de privacy officer: %(comment)s") % {"comment": locked.comment},
            _("Signalering in Privacyregie: %(url)s") % {"url": url},
        ])
        receipt = report_by_user(
            user, type=IncidentType.DATA_BREACH,
            title=(_("Onterechte raadpleging: %(rule)s (%(user)s)") % {
                "rule": locked.get_rule_display(), "user": locked.actor_username})[:200],
            description=description, discovered_at=locked.assessed_at or timezone.now(),
            occurred_at=locked.period_start,
            data_involved=_("Gegevens van inwoners in het sociaal domein die zonder noodzaak zijn geraadpleegd."),
            affected_description=_("Zie de %(n)s logregels bij de signalering.") % {"n": locked.evidence_count},
        )
        locked.incident = receipt.incident
        locked.save(update_fields=["incident"])
    alert.refresh_from_db()
    return alert.incident


def alert_for_incident(incident):
    """The alert an incident came from, or None (for the incidents pages: the link back)."""
    return Alert.objects.filter(incident=incident).first()


def incident_origin(incident):
    """The link back from an incident to the alert it was made from: ``(label, url)`` or None."""
    alert = alert_for_incident(incident)
    if alert is None:
        return None
    return _("Signalering: %(rule)s") % {"rule": alert.get_rule_display()}, reverse("detection:detail", args=[alert.uuid])


def open_alerts(organisation):
    return Alert.objects.filter(organisation=organisation, assessment=Assessment.OPEN)


def scorecard_figures(organisation, start, end) -> dict:
    """Alerts raised in the period and how they were assessed (by the time of asking)."""
    raised = Alert.objects.filter(organisation=organisation, created_at__gte=start, created_at__lt=end)
    return {
        "alerts_raised": raised.count(),
        "alerts_improper": raised.filter(assessment=Assessment.IMPROPER).count(),
        "alerts_justified": raised.filter(assessment=Assessment.JUSTIFIED).count(),
        "alerts_open": raised.filter(assessment=Assessment.OPEN).count(),
        "alerts_to_breach": raised.filter(incident__isnull=False).count(),
    }


def _newest_open_alerts_queryset(organisation_id):
    return (Alert.objects.filter(organisation=organisation_id, assessment=Assessment.OPEN)
            .only("rule", "actor_username").annotate(open_total=Window(Count("pk")))[:5])


# compiled once per process (core.prepared): every start page of a privacy officer asks it
_NEWEST_OPEN_ALERTS = PreparedQuery(
    _newest_open_alerts_queryset, organisation_id=(Alert._meta.get_field("organisation").target_field, -917_421))


def newest_open_alerts(organisation_id) -> list[Alert]:
    """The start page's panel: the five newest open alerts and, in the same query, how many are open
    (``open_total``, a window over all of them); only the two fields shown are loaded (not the facts and
    evidence of each alert)."""
    return _NEWEST_OPEN_ALERTS.run(organisation_id=organisation_id)
