"""Demo data of retention (idempotent): the Selectielijst 2020 from ``data/`` (EUPL-1.2, see data/SOURCE.md),
the results per outcome of every organisation's starter activities, and three closed BEL cases with an
outcome: a youth-care case granted (20 years), a refused Wmo request (5 years) and a withdrawn Wmo request
whose 42-day term has passed. The destruction part's demo (``destruction_demo``) runs last: its demo list
VL-DEMO-0001 holds every case past its term, this one included, so nothing else is due."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation

from . import selectielijst
from .models import CaseRetention
from .services import result_for
from .starter_rules import apply_starter_rules

# reference, team, domain, title, activity, basis, member, (seed, first, last), outcome, opened (days ago),
# term starts (days ago)
CASES = [
    ("C-2025-0101", "Jeugdteam BEL", "jeugd", "Jeugdhulp toegekend gezin Visser", "Jeugdhulp toewijzen",
     "Jeugdwet art. 2.3", "consulent.jeugd", (131, "Sem", "Visser"), "verstrekt", 400, 120),
    ("C-2025-0102", "Wmo-team BEL", "wmo", "Aanvraag scootmobiel Smit (afgewezen)", "Wmo-maatwerkvoorziening",
     "Wmo 2015 art. 2.3.2", "consulent.wmo", (132, "Johanna", "Smit"), "geweigerd", 300, 250),
    ("C-2025-0103", "Wmo-team BEL", "wmo", "Aanvraag woningaanpassing Mulder (ingetrokken)",
     "Wmo-maatwerkvoorziening", "Wmo 2015 art. 2.3.2", "consulent.wmo", (133, "Pieter", "Mulder"), "ingetrokken",
     200, 150),
]


@transaction.atomic
def load() -> None:
    report = selectielijst.import_list(selectielijst.read_folder(selectielijst.DATA_DIR),
                                       source="privacyregie/retention/data (VNG referentielijsten-api)")
    for organisation in Organisation.objects.all():
        apply_starter_rules(organisation, report.selection_list)
    bel = Organisation.objects.filter(slug="bel").first()
    if bel is not None:
        _cases(bel)
    from . import destruction_demo

    destruction_demo.load()


def _cases(bel) -> None:
    from privacyregie.core.models import Team, User
    from privacyregie.dossiers.demo import demo_bsn
    from privacyregie.dossiers.models import Case, CaseMembership, CaseResident, Resident

    today = timezone.localdate()
    for ref, team, domain, title, activity, basis, member, (seed, first, last), outcome, opened, starts in CASES:
        team_obj = Team.objects.filter(organisation=bel, name=team).first()
        user = User.objects.filter(username=member).first()
        if team_obj is None or user is None:
            continue
        case, created = Case.objects.get_or_create(organisation=bel, reference=ref, defaults={
            "team": team_obj, "domain": domain, "title": title, "processing_activity": activity,
            "statutory_basis": basis, "status": Case.Status.CLOSED, "opened_on": today - timedelta(days=opened)})
        if created:
            resident, _ = Resident.objects.get_or_create(organisation=bel, bsn=demo_bsn(seed), defaults={
                "first_name": first, "last_name": last, "city": "Laren", "email": f"{first.lower()}@example.org"})
            CaseResident.objects.get_or_create(case=case, resident=resident, defaults={"role": "client"})
            CaseMembership.objects.create(case=case, user=user, role=CaseMembership.Role.LEAD)
        if not CaseRetention.objects.filter(case=case).exists():
            _version, result = result_for(case, outcome)
            CaseRetention.objects.create(case=case, outcome=outcome, term_starts_on=today - timedelta(days=starts),
                                         result=result, recorded_by=user)
