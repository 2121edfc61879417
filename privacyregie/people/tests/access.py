"""Access matrix of training and attestations (see core/tests/matrix.py).

Every role reaches its own page and the code of conduct (the statement-pending external user is
sent to its confidentiality statement first); team leads see their team; the privacy officer and
the functional administrator manage everything. The matrix users log in without the login form,
so the code of conduct is not asked of them (``middleware``: it is asked at the two-factor login).
"""

from privacyregie.core.tests.matrix import INTERNAL_STAFF, ROLES_WITH_ROLE, Route, statement_first

EVERYONE = statement_first({r: 200 for r in ROLES_WITH_ROLE})
MANAGERS = ("privacy_officer", "functional_admin", "other_org_privacy_officer")
LEADS = ("team_lead", *MANAGERS)
UNKNOWN = "00000000-0000-4000-8000-000000000000"

ROUTES = [
    Route("people:mine", expect=EVERYONE),
    Route("people:conduct", expect=EVERYONE),
    # employees enter their own home address (kept as a keyed hash); externals and the council are no employees
    Route("people:home_address", expect=statement_first({**{r: 200 for r in INTERNAL_STAFF}, "council": 404,
                                                        "supplier": 404, "chain_partner_accepted": 404})),
    Route("people:team", expect={r: 200 for r in LEADS}),
    Route("people:record", expect={r: 200 for r in LEADS}),
    Route("people:attest", expect={r: 200 for r in MANAGERS}),
    Route("people:catalogue", expect={r: 200 for r in MANAGERS}),
    Route("people:import", expect={r: 200 for r in MANAGERS}),
    Route("people:evidence", kwargs=lambda: {"uuid": UNKNOWN}, expect=statement_first({r: 404 for r in ROLES_WITH_ROLE})),
    Route("api:people-training-import", method="post", expect={r: 400 for r in MANAGERS}),
    Route("api:people-attestations", expect={r: 200 for r in ROLES_WITH_ROLE}),
]
