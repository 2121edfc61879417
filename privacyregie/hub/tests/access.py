"""Access matrix of the processing-log hub (see core/tests/matrix.py).

The connected-applications page is for the privacy officer and the functional administrator; the export
also needs the processing log (privacy officer). ``/v1/traces`` is for applications with a bearer token: a
browser session, logged in or not, gets 401 (the receiver never reads a session).
"""

from privacyregie.core.tests.matrix import ALL_ROLES, Route

ROUTES = [
    Route("hub:applications", expect={"privacy_officer": 200, "functional_admin": 200, "other_org_privacy_officer": 200}),
    Route("hub:export", expect={"privacy_officer": 302, "other_org_privacy_officer": 302}),
    Route("otlp:traces", method="post", expect={role: 401 for role in ALL_ROLES}, anonymous=401),
]
