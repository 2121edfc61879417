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
    return {"uuid": item.proposal.uuid, "reference": item.case_reference}


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
    # without a reason the rejection is refused (nothing changed): back to the list with the message
    Route("retention:destruction_reject", kwargs=_proposal, method="post",
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


def _no_certificate():
    import uuid

    return {"uuid": uuid.uuid4()}


NOT_FOUND = {"privacy_officer": 404, "information_manager": 404, "other_org_privacy_officer": 404}
REFUSED = {"privacy_officer": 400, "information_manager": 400, "other_org_privacy_officer": 404}

ROUTES += [
    Route("api:destruction-proposal-list", expect=BOTH),
    # nothing is due that is not on the demo list yet: a clear 400 for whoever may draw up
    Route("api:destruction-proposal-list", method="post", data={}, label="draw up",
          expect={"privacy_officer": 400, "information_manager": 400, "other_org_privacy_officer": 400}),
    Route("api:destruction-proposal-detail", kwargs=_proposal, expect=OWN_ONLY),
    # the privacy officer already approved, the information manager drew it up: both refused (400)
    Route("api:destruction-proposal-approve", kwargs=_proposal, method="post", data={}, expect=REFUSED),
    # no reason: 400 for an approver, nothing changed
    Route("api:destruction-proposal-reject", kwargs=_proposal, method="post", data={}, expect=REFUSED),
    Route("api:destruction-proposal-execute", kwargs=_proposal, method="post", data={"confirm": True}, expect=REFUSED),
    Route("api:destruction-certificate-list", expect=BOTH),
    Route("api:destruction-certificate-detail", kwargs=_no_certificate, expect=NOT_FOUND),
    Route("api:destruction-certificate-pdf", kwargs=_no_certificate, expect=NOT_FOUND),
]
