"""Demo data: bottlenecks in the privacy protocol from seed 003 recommendations 5 and 6 (BEL), with
themes, a linked norm, actions (one overdue) and one review of the protocol (idempotent)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation, User

from . import services
from .models import Action, Bottleneck

PARTNER_GP = "Huisartsenpraktijk Blaricum"
PARTNER_YOUTH = "Jeugdzorg Gooi"

# (reporter, kind, process, partner, description, suggestion, themes, quarter: 0 now / -1 previous, closed)
BOTTLENECKS = [
    ("consulent.jeugd", "onduidelijk", "Overdracht aan een jeugdhulpaanbieder", PARTNER_YOUTH,
     "Het protocol zegt niet of voor het doorsturen van een plan van aanpak aan de jeugdhulpaanbieder opnieuw "
     "toestemming nodig is, als die bij de intake al mondeling is gegeven.",
     "Een korte werkinstructie: wanneer toestemming, en hoe leg ik die vast.", ["Toestemming en grondslag"], 0, ""),
    ("consulent.wmo", "ging_mis", "Afstemming met de huisarts", PARTNER_GP,
     "De huisarts kon het beveiligde bericht niet openen en vroeg om het per gewone e-mail te sturen. Het protocol "
     "noemt geen alternatief, dus het overleg liep een week vertraging op.",
     "", ["Beveiligd mailen en bestanden uitwisselen"], 0, ""),
    ("huisarts", "onduidelijk", "Verslaglegging na gezamenlijk overleg", PARTNER_GP,
     "Ons privacyreglement bewaart verslagen volgens de WGBO twintig jaar; het protocol van de gemeente noemt een "
     "kortere termijn voor gedeelde verslagen. Het is onduidelijk welke termijn voor onze kopie geldt.",
     "Afspraak in het convenant over de bewaartermijn van gedeelde verslagen.", [], 0, ""),
    ("consulent.jeugd", "werkt_niet", "Multidisciplinair overleg", "",
     "Het protocol vraagt na elk multidisciplinair overleg vast te leggen wie welke gegevens inbracht. Dat gebeurt "
     "in de praktijk niet, omdat er geen sjabloon voor het verslag is.",
     "Een sjabloon voor het verslag.", ["Onduidelijke tekst in het protocol"], -1,
     "Sjabloon voor het verslag van het overleg toegevoegd aan het protocol (versie 2026-1)."),
    ("consulent.wmo", "onduidelijk", "Autorisaties bij een teamwissel", "",
     "Na een overstap naar een ander team bleef toegang tot dossiers van het oude team bestaan. Het protocol zegt "
     "niet wie de oude autorisaties intrekt.",
     "", ["Rollen en autorisaties"], 0,
     "Intrekken bij teamwissel is belegd bij de functioneel beheerder en opgenomen in de autorisatiecontrole."),
]


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@transaction.atomic
def load() -> None:
    bel = Organisation.objects.filter(slug="bel").first()
    if bel is None or Bottleneck.objects.filter(organisation=bel).exists():
        return
    users = {u.username: u for u in User.objects.filter(is_demo=True, organisation=bel)}
    officer = users.get("fg")
    lead = users.get("teamleider.jeugd")
    if officer is None or lead is None:
        return
    from privacyregie.register.models import ChainPartner

    partners = {p.name: p for p in ChainPartner.objects.filter(organisation=bel)}
    now = timezone.now()
    today = timezone.localdate()
    this_quarter = _quarter_start(today)
    previous = timezone.make_aware(datetime.datetime.combine(this_quarter - datetime.timedelta(days=40),
                                                             datetime.time(10, 0)))
    made = []
    for index, (username, kind, process, partner, text, suggestion, themes, quarter, resolution) in enumerate(
            BOTTLENECKS):
        reporter = users.get(username)
        if reporter is None:
            continue
        at = previous if quarter < 0 else max(now - datetime.timedelta(days=index + 1),
                                              timezone.make_aware(datetime.datetime.combine(this_quarter,
                                                                                            datetime.time(9, 0))))
        at = min(at, now)
        bottleneck = services.report_bottleneck(reporter, kind=kind, process=process, description=text,
                                                suggestion=suggestion, partner=partners.get(partner),
                                                confirmed=True, now=at)
        if themes:
            services.categorise(bottleneck, officer, themes=services.themes_for(bel).filter(name__in=themes),
                                requirements=[])
        if resolution:
            services.close(bottleneck, officer, resolution=resolution,
                           now=at + datetime.timedelta(days=7) if quarter < 0 else now)
        made.append(bottleneck)

    first = made[0]
    norm = services.requirement_choices(bel).first()
    if norm is not None:
        first.requirements.add(norm)
    services.add_action(first, officer, description="Werkinstructie toestemming bij overdracht opstellen",
                        owner=officer, due_date=today + datetime.timedelta(days=30))
    # an action that is overdue: made with a due date in the past, as it would be after the date passed
    Action.objects.create(bottleneck=made[1], description="Alternatief voor beveiligd mailen met huisartsen "
                          "in het protocol opnemen", owner=lead, due_date=today - datetime.timedelta(days=10),
                          created_at=now - datetime.timedelta(days=30))
    if made[1].status == Bottleneck.Status.NEW:
        made[1].status = Bottleneck.Status.IN_PROGRESS
        made[1].save(update_fields=["status"])

    services.record_review(
        bel, officer, reviewed_on=(previous + datetime.timedelta(days=14)).date(),
        period=f"{previous.year}-K{(previous.month - 1) // 3 + 1}", protocol_version="2026-1",
        findings="Medewerkers vinden het protocol volledig maar lastig toe te passen bij overleg met ketenpartners. "
                 "Knelpunten gaan vooral over toestemming, beveiligd mailen en verslaglegging.",
        changes="Sjabloon voor het verslag van een multidisciplinair overleg toegevoegd; paragraaf over "
                "toestemming bij overdracht in voorbereiding.",
        bottlenecks=[b for b in made if b.is_closed][:1])
    _refresh_snapshots(bel)


def _refresh_snapshots(organisation) -> None:
    """The compliance demo measured past quarters before these bottlenecks existed: measure this capability's
    indicators of those quarters again, so the demo's trend shows them (other indicators stay as measured)."""
    from django.apps import apps

    if not apps.is_installed("privacyregie.compliance"):
        return
    from privacyregie.compliance import scorecard
    from privacyregie.compliance.models import ScorecardSnapshot

    measured = set(ScorecardSnapshot.objects.filter(organisation=organisation).values_list("year", "quarter"))
    for year, number in sorted(measured):
        quarter = scorecard.Quarter(year, number)
        if quarter == scorecard.current_quarter():
            continue
        for value in scorecard.compute(organisation, quarter):
            if value.indicator.source == "protocol":
                ScorecardSnapshot.objects.update_or_create(
                    organisation=organisation, year=year, quarter=number, key=value.indicator.key,
                    defaults={"value": value.value, "reason": value.reason[:200]})
