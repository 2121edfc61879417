"""Access matrix of the destruction pages and API (see core/tests/matrix.py): the privacy officer and the
information managers of the organisation; another organisation's privacy officer sees only their own."""

from privacyregie.core.tests.matrix import Route

BOTH = {"privacy_officer": 200, "information_manager": 200, "other_org_privacy_officer": 200}
ACTING = {"privacy_officer": 302, "information_manager": 302}
OWN_ONLY = {"privacy_officer": 200, "information_manager": 200, "other_org_privacy_officer": 404}


def _proposal():
    from privacyregie.retention.destruction_demo import DEMO_PROPOSAL
    from privacyregie.retention.models import DestructionProposal

    return {"uuid": DestructionProposal.objects.get(reference=DEMO_PROPOSAL).uuid}


def _item():
    from privacyregie.retention.destruction_demo import DEMO_PROPOSAL
    from privacyregie.retention.models import DestructionItem

    item = DestructionItem.objects.filter(proposal__reference=DEMO_PROPOSAL).order_by("pk").first()
    return {"uuid": item.proposal.uuid, "item": item.pk}


def _hold():
    from privacyregie.retention.destruction_demo import HELD
    from privacyregie.retention.models import LegalHold

    return {"uuid": LegalHold.objects.get(case__reference=HELD[0]).uuid}


ROUTES = [
    Route("retention:destruction_list", expect=BOTH),
    Route("retention:destruction_draw_up", method="post", expect={**ACTING, "other_org_privacy_officer": 302}),
    Route("retention:destruction_detail", kwargs=_proposal, expect=OWN_ONLY),
    Route("retention:destruction_approve", kwargs=_proposal, method="post",
          expect={**ACTING, "other_org_privacy_officer": 404}),
    Route("retention:destruction_execute", kwargs=_proposal, method="post",
          expect={**ACTING, "other_org_privacy_officer": 404}),
    Route("retention:destruction_exclude", kwargs=_item, method="post",
          expect={**ACTING, "other_org_privacy_officer": 404}),
    # the demo list is not executed yet: there is no certificate (404), for nobody
    Route("retention:destruction_certificate", kwargs=_proposal,
          expect={"privacy_officer": 404, "information_manager": 404, "other_org_privacy_officer": 404}),
    Route("retention:destruction_holds", expect=BOTH),
    Route("retention:destruction_hold_lift", kwargs=_hold, method="post",
          expect={**ACTING, "other_org_privacy_officer": 404}),
]
