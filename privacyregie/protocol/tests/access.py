"""Access matrix of the protocol pages and API (see core/tests/matrix.py)."""

from privacyregie.core.tests.matrix import INTERNAL_STAFF, Route, statement_first

# Staff and chain partners report; the chain partner who has not accepted the confidentiality statement
# (a demo share waits for it) is sent there first (302). The supplier and the council do not report here.
REPORTERS = statement_first({**{r: 200 for r in INTERNAL_STAFF}, "chain_partner_accepted": 200})
OFFICERS = ("privacy_officer", "other_org_privacy_officer")


def _bottleneck():
    """The demo bottleneck with actions (open, categorised): every handling page applies to it."""
    from privacyregie.protocol.models import Bottleneck

    found = Bottleneck.objects.filter(organisation__slug="bel", actions__isnull=False).order_by("pk").first()
    return {"uuid": found.uuid}


def _closed():
    from privacyregie.protocol.models import Bottleneck

    return {"uuid": Bottleneck.objects.filter(organisation__slug="bel", status="afgehandeld").first().uuid}


def _action():
    from privacyregie.protocol.models import Action

    action = Action.objects.filter(bottleneck__organisation__slug="bel").order_by("pk").first()
    return {"uuid": action.bottleneck.uuid, "action_uuid": action.uuid}


def _bel(ok):
    """The BEL privacy officer gets ``ok``; the Haren privacy officer a 404 (another tenant)."""
    return {"privacy_officer": ok, "other_org_privacy_officer": 404}


BOTTLENECK = _bottleneck

ROUTES = [
    Route("protocol:report", expect=REPORTERS),
    Route("protocol:mine", expect=REPORTERS),
    Route("protocol:overview", expect={r: 200 for r in OFFICERS}),
    Route("protocol:reviews", expect={r: 200 for r in OFFICERS}),
    Route("protocol:detail", kwargs=BOTTLENECK, expect=_bel(200)),
    Route("protocol:categorise", kwargs=BOTTLENECK, method="post", expect=_bel(302)),
    Route("protocol:add_action", kwargs=BOTTLENECK, method="post", expect=_bel(302)),
    Route("protocol:update_action", kwargs=_action, method="post", expect=_bel(302)),
    Route("protocol:close", kwargs=BOTTLENECK, method="post", expect=_bel(302)),
    Route("protocol:reopen", kwargs=_closed, method="post", expect=_bel(302)),
    Route("protocol:redact", kwargs=BOTTLENECK, method="post", expect=_bel(302)),
    # API
    Route("api:bottleneck-list", expect={r: 200 for r in OFFICERS}),
    # the API is not behind the statement redirect (DRF decides; no residents' data here): both chain partners
    Route("api:bottleneck-list", method="post", label="create",
          expect={r: 400 for r in (*INTERNAL_STAFF, "chain_partner", "chain_partner_accepted")}),
    Route("api:bottleneck-mine", expect={r: 200 for r in (*INTERNAL_STAFF, "chain_partner", "chain_partner_accepted")}),
    Route("api:bottleneck-detail", kwargs=BOTTLENECK, expect=_bel(200)),
    # the matrix client sends PATCH without a JSON body: 415 after the permission check passed
    Route("api:bottleneck-detail", kwargs=BOTTLENECK, method="patch", label="categorise", expect=_bel(415)),
    Route("api:bottleneck-close", kwargs=BOTTLENECK, method="post", expect=_bel(400)),
]
