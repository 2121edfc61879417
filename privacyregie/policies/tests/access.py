"""Access matrix of the policies pages and API (see core/tests/matrix.py).

BEL's privacy officer and CISO edit; the information manager and management read; the privacy
officer and the functional administrator set who adopts what. Haren's privacy officer has the
same powers in Haren: BEL's documents do not exist for them (404).
"""

from privacyregie.core.tests.matrix import ALL_ROLES, Route

READERS = ("privacy_officer", "ciso", "information_manager", "management", "other_org_privacy_officer")
EDITORS = ("privacy_officer", "ciso", "other_org_privacy_officer")
CONFIGURERS = ("privacy_officer", "functional_admin", "other_org_privacy_officer")


def _doc(title):
    def kwargs():
        from privacyregie.policies.models import PolicyDocument

        return {"uuid": PolicyDocument.objects.get(title=title).uuid}

    return kwargs


POLICY = _doc("Privacybeleid BEL Combinatie")
SECURITY = _doc("Informatiebeveiligingsbeleid BEL Combinatie 2015")


def _version(number, document=SECURITY):
    def kwargs():
        from privacyregie.policies.models import PolicyVersion

        uuid = document()["uuid"]
        return {"uuid": uuid, "version_uuid": PolicyVersion.objects.get(document__uuid=uuid, number=number).uuid}

    return kwargs


def _bel(roles, ok, other=404):
    """``ok`` for the BEL roles among ``roles``, 404 for Haren's privacy officer (another tenant)."""
    return {**{r: ok for r in roles}, "other_org_privacy_officer": other}


def _norm():
    from privacyregie.policies.models import NormLink

    link = NormLink.objects.filter(document__title="Privacybeleid BEL Combinatie").first()
    return {"uuid": link.document.uuid, "requirement_id": link.requirement_id}


ROUTES = [
    Route("policies:index", expect={r: 200 for r in READERS}),
    Route("policies:create", expect={r: 200 for r in EDITORS}),
    Route("policies:bodies", expect={r: 200 for r in CONFIGURERS}),
    Route("policies:public_policy", kwargs=lambda: {"organisation": "bel"},
          expect={r: 200 for r in ALL_ROLES}, anonymous=200),
    Route("policies:public_policy", kwargs=lambda: {"organisation": "haren"}, label="unpublished",
          expect={r: 404 for r in ALL_ROLES}, anonymous=404),
    Route("policies:detail", kwargs=POLICY, expect=_bel(READERS, 200)),
    Route("policies:edit", kwargs=POLICY, expect=_bel(EDITORS, 200)),
    Route("policies:add_version", kwargs=POLICY, expect=_bel(EDITORS, 200)),
    Route("policies:download", kwargs=_version(1), expect=_bel(READERS, 200)),
    # an empty adoption form: back to the document with the messages
    Route("policies:adopt", kwargs=_version(2), method="post", expect=_bel(EDITORS, 302)),
    Route("policies:review", kwargs=POLICY, expect=_bel(EDITORS, 200)),
    Route("policies:link_norm", kwargs=POLICY, method="post", expect=_bel(EDITORS, 302)),
    Route("policies:unlink_norm", kwargs=_norm, method="post", expect=_bel(EDITORS, 302)),
    # API
    Route("api:policy-document-list", expect={r: 200 for r in READERS}),
    Route("api:policy-document-list", method="post", label="create", expect={r: 400 for r in EDITORS}),
    Route("api:policy-document-detail", kwargs=POLICY,
          expect={**{r: 200 for r in READERS}, "other_org_privacy_officer": 404}),
    Route("api:policy-document-versions", kwargs=POLICY,
          expect={**{r: 200 for r in READERS}, "other_org_privacy_officer": 404}),
    Route("api:policy-document-versions", kwargs=POLICY, method="post", label="push",
          expect={**{r: 400 for r in EDITORS}, "other_org_privacy_officer": 404}),
    Route("api:policy-document-reviews", kwargs=POLICY,
          expect={**{r: 200 for r in READERS}, "other_org_privacy_officer": 404}),
    Route("api:policy-document-reviews", kwargs=POLICY, method="post", label="record",
          expect={**{r: 400 for r in EDITORS}, "other_org_privacy_officer": 404}),
    Route("api:policy-document-norms", kwargs=POLICY,
          expect={**{r: 200 for r in READERS}, "other_org_privacy_officer": 404}),
    Route("api:policy-document-norms", kwargs=POLICY, method="post", label="link",
          expect={**{r: 400 for r in EDITORS}, "other_org_privacy_officer": 404}),
]
