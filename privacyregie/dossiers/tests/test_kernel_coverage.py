"""Every view that touches residents' or case data goes through the privacy kernel.

The list of such views is derived from the URL patterns of the whole project: a view
counts when its module holds one of the personal-data models (Resident, Case,
CaseResident, CaseNote, CaseDocument, Consent). Each is requested as a user who may use
it (kwargs from the access matrix) and must make the kernel decide (``access_decided``).
Views that only list metadata through ``Case.objects.visible_to`` (the query-layer rule)
or show an empty form are named below, each with its reason; a new view is in neither
list until someone decides, so it cannot forget the kernel.
"""

import sys

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from privacyregie.core.tests.matrix import ROLE_USERS
from privacyregie.core.tests.utils import login_verified
from privacyregie.dossiers.models import Case, CaseDocument, CaseNote, CaseResident, Consent, Resident
from privacyregie.kernel.services import access_decided

PERSONAL_MODELS = {Resident, Case, CaseResident, CaseNote, CaseDocument, Consent}

QUERY_LAYER_ONLY = {
    "dossiers:my_cases": "metadata of the user's own cases, via Case.objects.visible_to",
    "dossiers:team": "metadata and assignments of the lead's team, via Case.objects.visible_to",
    "dossiers:case_create": "an empty form; creating passes the kernel (test_services)",
    "dossiers:break_glass": "a form with the case reference; starting it passes the kernel (test_need_to_know)",
    "dossiers:break_glass_reviews": "reasons and case references for the privacy officer, no resident data",
    "dossiers:break_glass_review": "records the officer's verdict, reads no resident data",
    "dossiers:authorisation_reviews": "memberships and case references, no resident data",
    "dossiers:authorisation_review_start": "creates review items from memberships",
    "dossiers:authorisation_review_close": "summarises review items",
    "dossiers:authorisation_review_decide": "confirm passes no data; a revocation passes the kernel (test_services)",
    "dossiers:case_assign": "an empty POST is refused by the form; assigning passes the kernel (test_services)",
    "dossiers:membership_revoke": "unknown membership in the matrix; revoking passes the kernel (test_services)",
    "dossiers:consent_withdraw": "withdrawing passes the kernel (test_services)",
    "dossiers:consent_create": "the matrix posts an empty form, which changes nothing; recording passes the kernel "
                               "(test_services)",
    "dossiers:document_upload": "the matrix posts no file, which changes nothing; uploads pass the kernel "
                                "(test_services, test_pages)",
    "dossiers:case_share": "the form shows the case reference; sharing passes the kernel (test_services, test_pages)",
    "dossiers:emergency_search_results": "reference, team and status of the user's own emergency search, which the "
                                         "kernel decided and logged when searching (test_emergency_search)",
    "dossiers:emergency_search_open": "starts break-the-glass with the search's reason; the opening of the case that "
                                      "follows passes the kernel (test_emergency_search)",
    "api:case-list": "metadata of visible cases, via Case.objects.visible_to",
    "api:case-membership-list": "memberships of visible cases, via Case.objects.visible_to",
}


def _walk(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _walk(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def _touches_personal_data(callback) -> bool:
    owner = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    module = sys.modules.get((owner or callback).__module__)
    return any(value in PERSONAL_MODELS for value in vars(module).values() if isinstance(value, type))


PERSONAL_DATA_VIEWS = sorted({name for name, callback in _walk() if _touches_personal_data(callback)})


def _route_for(name):
    from tests.test_access_matrix import ROUTES

    for route in ROUTES:
        if route.name == name:
            for role, status in route.expect.items():
                if status in (200, 302):
                    return route, role
    return None, None


def test_the_list_of_personal_data_views_is_found():
    assert "dossiers:case_detail" in PERSONAL_DATA_VIEWS
    assert "api:case-detail" in PERSONAL_DATA_VIEWS


def test_exemptions_are_real_views():
    assert set(QUERY_LAYER_ONLY) <= set(PERSONAL_DATA_VIEWS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in PERSONAL_DATA_VIEWS if n not in QUERY_LAYER_ONLY])
def test_view_goes_through_the_kernel(client, name):
    route, role = _route_for(name)
    assert route is not None, f"{name}: add an access-matrix route with a role that may use it"
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    access_decided.connect(receiver)
    try:
        login_verified(client, ROLE_USERS[role])
        url = reverse(route.name, kwargs=route.kwargs() if route.kwargs else None)
        response = getattr(client, route.method)(url, data=route.data or {})
    finally:
        access_decided.disconnect(receiver)
    assert response.status_code in (200, 302)
    assert calls, f"{name} touches residents' or case data without asking the privacy kernel"
