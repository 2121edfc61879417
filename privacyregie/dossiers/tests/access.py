"""Access matrix of the case files: every URL x every role (demo data of ``dossiers.demo``).

consulent.jeugd is on youth case C-2026-0001; consulent.wmo is on Wmo case C-2026-0003 and
not on the youth case: the Wmo worker gets 403 on the youth case page, its notes, its
documents and its consents, and 404 on its residents through the API (no enumeration).
"""

from privacyregie.core.tests.matrix import Route

YOUTH = "case_worker_youth"
WMO = "case_worker_wmo"
LEAD = "team_lead"
PO = "privacy_officer"
ADMIN = "functional_admin"
OTHER_PO = "other_org_privacy_officer"
WORKERS = {YOUTH: 200, WMO: 200}
UNKNOWN = "00000000-0000-4000-8000-000000000000"  # a well-formed public id that no object has


def _case(ref):
    from privacyregie.dossiers.models import Case

    return {"uuid": Case.objects.get(reference=ref).uuid}


def _youth():
    return _case("C-2026-0001")


def _wmo():
    return _case("C-2026-0003")


def _document():
    from privacyregie.dossiers.models import CaseDocument

    return {"uuid": CaseDocument.objects.filter(case__reference="C-2026-0001").first().uuid}


def _consent():
    from privacyregie.dossiers.models import Consent

    return {"uuid": Consent.objects.filter(case__reference="C-2026-0001").first().uuid}


def _grant():
    from privacyregie.dossiers.models import BreakGlassAccess

    return {"uuid": BreakGlassAccess.objects.filter(case__reference="C-2026-0003").first().uuid}


def _demo_search():
    from privacyregie.dossiers.models import EmergencySearch

    return {"uuid": EmergencySearch.objects.filter(grants__case__reference="C-2026-0003").first().uuid}


def _demo_search_and_youth_case():
    return {**_demo_search(), "case_uuid": _youth()["uuid"]}


def _open_review():
    from privacyregie.dossiers.models import AuthorisationReview

    return {"pk": AuthorisationReview.objects.get(organisation__slug="bel", closed_at__isnull=True).pk}


def _youth_team_item():
    from privacyregie.dossiers.models import ReviewItem

    return {"pk": ReviewItem.objects.filter(review__closed_at__isnull=True, team__name="Jeugdteam BEL").first().pk}


def _youth_resident():
    from privacyregie.dossiers.models import CaseResident

    return {"uuid": CaseResident.objects.filter(case__reference="C-2026-0001").first().resident.uuid}


ROUTES = [
    Route("dossiers:my_cases", expect=WORKERS),
    Route("dossiers:case_create", expect=WORKERS),
    Route("dossiers:search", data={"q": "Jansen"}, expect=WORKERS),
    Route("dossiers:emergency_search", method="post", label="search",
          data={"reason": "Acute zorgen gemeld door de politie, vaste consulent afwezig.", "reference": "C-2026-0003"},
          expect={YOUTH: 302, WMO: 302}),
    Route("dossiers:emergency_search", expect=WORKERS),
    Route("dossiers:emergency_search", method="post", data={"reason": "kort"}, label="short reason", expect=WORKERS),
    # the demo search is consulent.jeugd2's: nobody else finds it
    Route("dossiers:emergency_search_results", kwargs=_demo_search, expect={YOUTH: 404, WMO: 404}),
    Route("dossiers:emergency_search_open", kwargs=_demo_search_and_youth_case, method="post",
          expect={YOUTH: 404, WMO: 404}),
    Route("dossiers:case_detail", kwargs=_youth, label="youth case", expect={YOUTH: 200, WMO: 403, LEAD: 200}),
    Route("dossiers:case_detail", kwargs=_wmo, label="wmo case", expect={YOUTH: 403, WMO: 200, LEAD: 403}),
    Route("dossiers:case_detail", kwargs=lambda: {"uuid": UNKNOWN}, label="unknown", expect={YOUTH: 404, WMO: 404, LEAD: 404}),
    Route("dossiers:note_create", kwargs=_youth, method="post", data={"text": "Gesprek gevoerd."},
          expect={YOUTH: 302, WMO: 403}),
    Route("dossiers:status_change", kwargs=_youth, method="post", data={"status": "in_behandeling"},
          expect={YOUTH: 302, WMO: 403}),
    Route("dossiers:document_upload", kwargs=_youth, method="post", data={"title": "leeg"}, expect={YOUTH: 302, WMO: 403}),
    Route("dossiers:document_download", kwargs=_document, expect={YOUTH: 200, WMO: 403}),
    Route("dossiers:consent_create", kwargs=_youth, method="post", data={}, expect={YOUTH: 302, WMO: 403}),
    Route("dossiers:consent_withdraw", kwargs=_consent, method="post", expect={YOUTH: 302, WMO: 403}),
    Route("dossiers:case_share", kwargs=_youth, expect={YOUTH: 200, WMO: 403}),
    Route("dossiers:break_glass", kwargs=_wmo, expect=WORKERS),
    Route("dossiers:case_assign", kwargs=_youth, method="post", data={}, expect={LEAD: 302}),
    Route("dossiers:membership_revoke", kwargs=lambda: {"uuid": UNKNOWN}, method="post", expect={LEAD: 404}),
    Route("dossiers:team", expect={LEAD: 200}),
    Route("dossiers:break_glass_reviews", expect={PO: 200, OTHER_PO: 200}),
    Route("dossiers:break_glass_review", kwargs=_grant, method="post", data={}, expect={PO: 200, OTHER_PO: 404}),
    Route("dossiers:authorisation_reviews", expect={ADMIN: 200, LEAD: 200}),
    Route("dossiers:authorisation_review_start", method="post", expect={ADMIN: 302}),
    Route("dossiers:authorisation_review_close", kwargs=_open_review, method="post", expect={ADMIN: 302}),
    Route("dossiers:authorisation_review_decide", kwargs=_youth_team_item, method="post",
          data={"decision": "bevestigd"}, expect={LEAD: 302}),
    # API
    Route("api:case-list", expect={YOUTH: 200, WMO: 200, LEAD: 200}),
    Route("api:case-detail", kwargs=_youth, label="youth case", expect={YOUTH: 200, WMO: 403, LEAD: 200}),
    Route("api:resident-list", data={"q": "Jansen"}, expect=WORKERS),
    Route("api:resident-detail", kwargs=_youth_resident, label="youth resident", expect={YOUTH: 200, WMO: 404}),
    Route("api:case-membership-list", expect={YOUTH: 200, WMO: 200, LEAD: 200}),
]
