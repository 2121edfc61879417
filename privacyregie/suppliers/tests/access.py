"""Access matrix of supplier remote access (see core/tests/matrix.py).

The demo ``leverancier`` (supplier) asks; ``beheerder`` (functional_admin) owns the Zaaksysteem of the
approved demo window, ``informatiemanager`` the Regiesysteem; the CISO sees every request. A request is
404 for whoever may not see it. No role holds ``suppliers.authorise``: that is for a jump host's
application credential.
"""

from privacyregie.core.tests.matrix import Route

APPROVERS = ("team_lead", "ciso", "functional_admin", "information_manager")
MANAGERS = ("ciso", "information_manager")


def _approved():
    from privacyregie.suppliers.demo import APPROVED_REFERENCE
    from privacyregie.suppliers.models import AccessRequest

    return {"uuid": AccessRequest.objects.get(reference=APPROVED_REFERENCE).uuid}


# The approved window on the Zaaksysteem: its requester, its owner (functional_admin) and the CISO see it.
SEES = {"supplier": 200, "functional_admin": 200, "ciso": 200}
DECIDERS = {"team_lead": 404, "information_manager": 404, "ciso": 302, "functional_admin": 302}

ROUTES = [
    Route("suppliers:list", expect={r: 200 for r in ("supplier", *APPROVERS)}),
    Route("suppliers:request", expect={"supplier": 200}),
    Route("suppliers:detail", kwargs=_approved, expect={**SEES, "team_lead": 404, "information_manager": 404}),
    Route("suppliers:decide", kwargs=_approved, method="post", expect=DECIDERS),
    Route("suppliers:record_work", kwargs=_approved, method="post", expect={"supplier": 302}),
    Route("suppliers:confirm", kwargs=_approved, method="post", expect=DECIDERS),
    Route("suppliers:withdraw", kwargs=_approved, method="post", expect={"supplier": 302}),
    Route("suppliers:connection_log", expect={r: 200 for r in MANAGERS}),
    Route("suppliers:answers", expect={r: 200 for r in MANAGERS}),
    Route("suppliers:report_breach", expect={"supplier": 200}),
    Route("api:suppliers-request-list", expect={"supplier": 200}),
    Route("api:suppliers-request-list", method="post", expect={"supplier": 400}, label="create"),
    Route("api:suppliers-request-detail", kwargs=_approved, expect={"supplier": 200}),
    Route("api:suppliers-request-to-decide", expect={r: 200 for r in APPROVERS}),
    Route("api:suppliers-request-decide", kwargs=_approved, method="post",
          expect={"team_lead": 404, "information_manager": 404}),  # decided already: 403 for the others
    Route("api:suppliers-authorise", method="post"),
]
