"""Access matrix of the external-users pages (see core/tests/matrix.py).

The demo shares give "ketenpartner" (chain_partner) a grant before it accepted the confidentiality
statement, so it is sent to the statement first; "huisarts" has accepted it (test_grants.py).
"""

from privacyregie.core.tests.matrix import ALL_ROLES, EXTERNAL_ROLES, Route, statement_first

MANAGERS = ("case_worker_youth", "case_worker_wmo", "privacy_officer", "other_org_privacy_officer")
UNKNOWN = "00000000-0000-4000-8000-000000000000"
BOGUS_TOKEN = "bestaat-niet-" + "x" * 30

ROUTES = [
    Route("external:invitation", kwargs=lambda: {"token": BOGUS_TOKEN}, expect={r: 404 for r in ALL_ROLES},
          anonymous=404),
    Route("external:first_visit", expect={r: 400 for r in ALL_ROLES}, anonymous=400, label="no invitation in session"),
    Route("external:statement", expect={r: 200 for r in ALL_ROLES}),
    Route("external:shared", expect=statement_first({r: 200 for r in EXTERNAL_ROLES})),
    Route("external:overview", expect={r: 200 for r in MANAGERS}),
    Route("external:grant_revoke", kwargs=lambda: {"uuid": UNKNOWN}, expect={r: 404 for r in MANAGERS}),
    Route("external:grant_revoke", kwargs=lambda: {"uuid": UNKNOWN}, method="post", label="post",
          expect={r: 404 for r in MANAGERS}),
    Route("external:invitation_revoke", kwargs=lambda: {"uuid": UNKNOWN}, expect={r: 404 for r in MANAGERS}),
    Route("external:invitation_resend", kwargs=lambda: {"uuid": UNKNOWN}, expect={r: 404 for r in MANAGERS}),
    Route("external:invitation_resend", kwargs=lambda: {"uuid": UNKNOWN}, method="post", label="post",
          expect={r: 404 for r in MANAGERS}),
]
