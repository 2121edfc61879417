"""Demo of destruction: two closed Wmo cases of 2014 whose term (10 years after closing) has passed, on a
destruction list drawn up by the information manager and approved by the privacy officer, awaiting the
archivist's approval; and one closed case still within its term. Idempotent."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

DEMO_PROPOSAL = "VL-DEMO-0001"
CASES = [  # reference, resident seed, first name, last name, title
    ("C-2014-0101", 40, "Gerrit", "Hoekstra", "Scootmobiel Hoekstra"),
    ("C-2014-0102", 41, "Wilma", "Dijkstra", "Woningaanpassing Dijkstra"),
    ("C-2014-0103", 42, "Hendrik", "Bouma", "Rolstoel Bouma"),
]
HELD = ("C-2014-0103", "bezwaar tegen de beschikking loopt nog (Awb)")
# The generic result 8.1 "Verstrekt" (10 years) of the Selectielijst 2020, as published by VNG; used only
# when the list itself has not been imported (retention's demo imports it).
RESULT_8_1 = {"source_id": "c61aa1a8-1583-433b-a889-b3f0d53383ba", "full_number": "8.1", "name": "Verstrekt",
              "valuation": "vernietigen", "retention_term": "P10Y", "social_domain": True}


def _result():
    from .models import ProcessType, SelectionList, SelectionResult, Valuation

    result = (SelectionResult.objects.filter(full_number="8.1", valuation=Valuation.DESTROY).first()
              or SelectionResult.objects.filter(valuation=Valuation.DESTROY).exclude(retention_term="").first())
    if result:
        return result
    selection, _ = SelectionList.objects.get_or_create(
        year=2020, defaults={"name": "Selectielijst gemeenten en intergemeentelijke organen 2020"})
    process, _ = ProcessType.objects.get_or_create(selection_list=selection, number=8, defaults={
        "source_id": "", "name": "Voorzieningen verstrekken"})
    return SelectionResult.objects.create(selection_list=selection, process_type=process, **RESULT_8_1)


class _SystemRequest:
    META = {"REMOTE_ADDR": "demo"}
    trace_id = span_id = parent_span_id = ""

    def __init__(self, user):
        self.user = user


@transaction.atomic
def load() -> None:
    from privacyregie.core.models import Organisation, Team, User
    from privacyregie.dossiers.demo import demo_bsn
    from privacyregie.dossiers.models import Case, CaseNote, CaseResident, Resident

    from . import destruction
    from .models import CaseOutcome, CaseRetention, DestructionProposal, LegalHold

    bel = Organisation.objects.filter(slug="bel").first()
    users = {u.username: u for u in User.objects.filter(is_demo=True, username__in=["informatiemanager", "fg",
                                                                                    "consulent.wmo"])}
    if bel is None or len(users) < 3 or DestructionProposal.objects.filter(organisation=bel).exists():
        return
    team = Team.objects.get(organisation=bel, name="Wmo-team BEL")
    result = _result()
    for ref, seed, first, last, title in CASES:
        resident, _ = Resident.objects.get_or_create(organisation=bel, bsn=demo_bsn(seed),
                                                     defaults={"first_name": first, "last_name": last})
        case, created = Case.objects.get_or_create(organisation=bel, reference=ref, defaults={
            "team": team, "domain": "wmo", "title": title, "processing_activity": "Wmo-maatwerkvoorziening",
            "statutory_basis": "Wmo 2015 art. 2.3.2", "status": Case.Status.CLOSED, "opened_on": date(2014, 2, 3)})
        CaseResident.objects.get_or_create(case=case, resident=resident)
        if created:
            CaseNote.objects.create(case=case, author=users["consulent.wmo"], text="Voorziening verstrekt.")
        CaseRetention.objects.get_or_create(case=case, defaults={
            "outcome": CaseOutcome.GRANTED, "result": result, "term_starts_on": date(2014, 9, 1)})
    held = Case.objects.get(organisation=bel, reference=HELD[0])
    LegalHold.objects.get_or_create(organisation=bel, case=held, reason=HELD[1],
                                    defaults={"placed_by": users["fg"]})
    proposal = destruction.draw_up(_SystemRequest(users["informatiemanager"]), today=timezone.localdate())
    proposal.reference = DEMO_PROPOSAL
    proposal.created_at = timezone.now() - timedelta(days=2)
    proposal.save(update_fields=["reference", "created_at"])
    destruction.approve(_SystemRequest(users["fg"]), proposal, "privacy_officer")
