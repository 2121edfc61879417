"""Access matrix of the residents' requests pages (see core/tests/matrix.py)."""

from privacyregie.core.tests.matrix import ALL_ROLES, Route

HANDLERS = ("privacy_officer", "other_org_privacy_officer")
VIEWERS = ("privacy_officer", "other_org_privacy_officer", "management")


def _request(reference):
    def kwargs():
        from privacyregie.rights.models import SubjectRequest

        return {"uuid": SubjectRequest.objects.get(reference=reference).uuid}

    return kwargs


def _restriction():
    return {**_request("V-DEMO-01")(), "restriction_uuid": "00000000-0000-4000-8000-000000000000"}


def _bel(ok, other=404):
    """Status for the BEL privacy officer, and 404 for the Haren privacy officer (another tenant)."""
    return {"privacy_officer": ok, "other_org_privacy_officer": other}


OPEN = _request("V-DEMO-01")

ROUTES = [
    Route("rights:public_form", kwargs=lambda: {"organisation": "bel"}, expect={r: 200 for r in ALL_ROLES},
          anonymous=200),
    Route("rights:public_follow_up", kwargs=lambda: {"organisation": "bel"}, expect={r: 200 for r in ALL_ROLES},
          anonymous=200),
    Route("rights:overview", expect={r: 200 for r in VIEWERS}),
    Route("rights:register", expect={r: 200 for r in HANDLERS}),
    Route("rights:detail", kwargs=OPEN, expect=_bel(200)),
    Route("rights:identity", kwargs=OPEN, method="post", expect=_bel(400)),
    Route("rights:extend", kwargs=OPEN, method="post", expect=_bel(400)),
    Route("rights:assign", kwargs=OPEN, method="post", expect=_bel(400)),
    Route("rights:rectify", kwargs=OPEN, method="post", expect=_bel(400)),
    Route("rights:erase", kwargs=OPEN, method="post", expect=_bel(302)),
    Route("rights:restrict", kwargs=OPEN, method="post", expect=_bel(400)),
    Route("rights:lift", kwargs=_restriction, method="post", expect=_bel(404)),
    Route("rights:answer", kwargs=OPEN, method="post", expect=_bel(400)),
    Route("rights:letter", kwargs=OPEN, expect=_bel(200)),
    # API
    Route("api:subject-request-list", expect={r: 200 for r in HANDLERS}),
    Route("api:subject-request-list", method="post", label="create", expect={r: 400 for r in HANDLERS}),
    Route("api:subject-request-detail", kwargs=OPEN, expect=_bel(200)),
    Route("api:subject-request-identity", kwargs=OPEN, method="post", expect=_bel(400)),
    Route("api:subject-request-extension", kwargs=OPEN, method="post", expect=_bel(400)),
    Route("api:subject-request-answer", kwargs=OPEN, method="post", expect=_bel(400)),
    Route("api:subject-request-access-report", kwargs=OPEN, expect=_bel(200)),
]

try:
    from .access_report import ROUTES as _REPORT
except ImportError:  # the access report's pages (issue 13 §3) are not merged yet
    _REPORT = []
ROUTES += _REPORT
