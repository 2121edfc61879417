"""Public identifiers: residents, cases, their contents and incidents are addressed by a UUID.

Sequential integer ids can be counted and enumerated, and the time a lookup takes told
an existing resident from a missing one (issue 9, section 6). These tests prove that:

* no URL of the project takes an integer id for an object holding residents' data;
* the API represents those objects (and their references to each other) by UUID only;
* another organisation's object and a missing one get the same 404 through the same
  queries, while a refused access to an existing case of another team is still logged;
* the data migration gives every existing row its own UUID.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from privacyregie.core.identifiers import fill_public_ids
from privacyregie.core.tests.utils import login_verified
from privacyregie.dossiers.models import Case, CaseResident, Resident
from privacyregie.incidents.models import Incident
from privacyregie.kernel.models import ProcessingLogEntry

# URL parameters that never name an object: export formats, object kinds, organisation slugs.
NOT_AN_ID = {"format", "fmt", "kind", "organisation"}

# URLs that may take an integer id: views of capabilities whose objects hold no residents' data
# (the register of processing activities, compliance, teams and notifications, the processing
# log's own entries), and the review of staff authorisations.
INTEGER_IDS_ALLOWED_APPS = {"compliance", "register", "core", "kernel"}
INTEGER_IDS_ALLOWED_NAMES = {"dossiers:authorisation_review_close", "dossiers:authorisation_review_decide",
                             # the Selectielijst and the retention rules of a register version: no residents' data
                             "retention:rules", "api:retention-rule-detail", "api:selection-list-detail",
                             "api:selection-result-detail"}

# Every page and API URL that addresses a resident, a case or its contents, or an incident.
RESIDENT_DATA_URLS = [
    "dossiers:case_detail", "dossiers:note_create", "dossiers:status_change", "dossiers:document_upload",
    "dossiers:consent_create", "dossiers:case_share", "dossiers:break_glass", "dossiers:case_assign",
    "dossiers:membership_revoke", "dossiers:document_download", "dossiers:consent_withdraw",
    "dossiers:break_glass_review", "incidents:involved_detail", "incidents:detail", "incidents:edit_measure",
    "incidents:attachment", "incidents:ap_draft", "incidents:residents", "api:case-detail", "api:resident-detail",
    "api:incident-detail", "api:incident-triage", "api:incident-assess", "api:incident-measures",
    "api:incident-ap-draft", "api:incident-ap-submission",
]

UUID_RE = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns == "admin":
                continue
            yield from _patterns(pattern, f"{namespace}:{ns}" if namespace and ns else (ns or namespace))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), list(pattern.pattern.regex.groupindex), \
                _app_of(pattern.callback)


def _app_of(view) -> str:
    """The capability a view belongs to: ``privacyregie.<app>.…`` of its function or viewset class."""
    module = getattr(getattr(view, "cls", None), "__module__", None) or view.__module__
    parts = module.split(".")
    return parts[1] if parts[0] == "privacyregie" and len(parts) > 1 else module


def _takes_integer_id(name, keys) -> bool:
    ids = [k for k in keys if k not in NOT_AN_ID]
    if not ids:
        return False
    try:
        reverse(name, kwargs={k: ("1" if k in ids else "json") for k in keys})
    except NoReverseMatch:
        return False
    return True


def _integer_allowed(name, app) -> bool:
    return name in INTEGER_IDS_ALLOWED_NAMES or app in INTEGER_IDS_ALLOWED_APPS


def test_no_url_takes_an_integer_id_for_residents_data():
    offending = sorted({name for name, keys, app in _patterns()
                        if _takes_integer_id(name, keys) and not _integer_allowed(name, app)})
    assert offending == [], f"URLs that take an integer id for residents' data: {offending}"


@pytest.mark.parametrize("name", RESIDENT_DATA_URLS)
def test_urls_of_residents_data_take_a_uuid_and_refuse_an_integer(name):
    keys = next(keys for n, keys, _app in _patterns() if n == name)
    assert not _takes_integer_id(name, keys)
    reverse(name, kwargs={k: uuid.uuid4() for k in keys if k not in NOT_AN_ID})  # raises if a UUID is refused


# --- the API -------------------------------------------------------------------------------------

def _references(data, found, path=""):
    """Collect every ``id`` and every reference to a case, resident or incident in an API answer."""
    if isinstance(data, list):
        for item in data:
            _references(item, found, path)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in ("id", "case", "resident", "incident") and not isinstance(value, (dict, list)):
                found.append((f"{path}.{key}", value))
            _references(value, found, f"{path}.{key}")
    return found


def _assert_only_uuids(found):
    integers = [(where, value) for where, value in found if not isinstance(value, str) or not UUID_RE.fullmatch(value)]
    assert integers == [], f"sequential ids in the API: {integers}"


@pytest.mark.django_db
def test_case_api_exposes_no_sequential_ids(client):
    login_verified(client, "consulent.jeugd")
    case = Case.objects.get(reference="C-2026-0001")
    resident = case.residents.first()
    found = []
    for url, params in [
        (reverse("api:case-list"), {}),
        (reverse("api:case-detail", kwargs={"uuid": case.uuid}), {}),
        (reverse("api:resident-list"), {"q": resident.last_name}),
        (reverse("api:resident-detail", kwargs={"uuid": resident.uuid}), {}),
        (reverse("api:case-membership-list"), {"case": str(case.uuid)}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, url
        _references(response.json(), found)
    where = {w.removeprefix(".") for w, _value in found}
    assert {"id", "residents.resident.id", "notes.id", "documents.id", "consents.id", "consents.resident",
            "members.id", "members.case", "results.id", "results.case"} <= where
    _assert_only_uuids(found)
    assert {value for _w, value in found} >= {str(case.uuid), str(resident.uuid)}


@pytest.mark.django_db
def test_incident_api_exposes_no_sequential_ids(client):
    login_verified(client, "fg")
    incident = Incident.objects.get(receipt_number="M-DEMO-01")
    found = []
    for url in (reverse("api:incident-list"), reverse("api:incident-detail", kwargs={"uuid": incident.uuid})):
        response = client.get(url)
        assert response.status_code == 200
        _references(response.json(), found)
    assert any(w.endswith("measures.id") for w, _v in found)
    _assert_only_uuids(found)
    assert str(incident.uuid) in {value for _w, value in found}


@pytest.mark.django_db
def test_membership_api_takes_a_case_by_uuid_only(client):
    login_verified(client, "teamleider.jeugd")
    case = Case.objects.get(reference="C-2026-0001")
    url = reverse("api:case-membership-list")
    by_integer = client.post(url, {"case": case.pk, "user": 1, "role": "betrokken"}, content_type="application/json")
    assert by_integer.status_code == 400
    assert "case" in {param["name"] for param in by_integer.json()["invalidParams"]}
    filtered = client.get(url, {"case": str(case.uuid)}).json()["results"]
    assert filtered and {m["case"] for m in filtered} == {str(case.uuid)}


@pytest.mark.django_db
def test_openapi_schema_documents_uuids(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    for path in ("/api/v1/cases/{uuid}", "/api/v1/residents/{uuid}", "/api/v1/incidenten/{uuid}"):
        parameter = next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "uuid")
        pattern = re.compile(parameter["schema"]["pattern"])
        assert pattern.match(str(uuid.uuid4())) and not pattern.match("1"), path
    for component in ("Case", "Resident", "Incident", "Measure", "Membership"):
        assert schema["components"]["schemas"][component]["properties"]["id"]["format"] == "uuid", component


@pytest.mark.django_db
def test_processing_log_names_the_case_by_its_uuid(client):
    login_verified(client, "consulent.jeugd")
    case = Case.objects.get(reference="C-2026-0001")
    client.get(reverse("dossiers:case_detail", kwargs={"uuid": case.uuid}))
    entry = ProcessingLogEntry.objects.filter(target_type="dossiers.case", actor_username="consulent.jeugd").first()
    assert entry.target_id == str(case.uuid)


# --- existence does not leak across organisations; refusals are still logged ---------------------

VARYING = [  # what differs between any two requests: ids, times, tokens, savepoint names
    (UUID_RE, "<id>"),
    (re.compile(r"'\d{4}-\d\d-\d\d[ T][\d:.+]+'"), "<time>"),
    (re.compile(r'name="csrfmiddlewaretoken" value="\w+"'), "<csrf>"),
    (re.compile(r'nonce="[^"]*"'), "<nonce>"),
    (re.compile(r'SAVEPOINT "\w+"'), "SAVEPOINT <name>"),
    (re.compile(r'"session_data" = \'[^\']*\''), '"session_data" = <signed, with the time>'),
]


def _normalise(text: str) -> str:
    for pattern, replacement in VARYING:
        text = pattern.sub(replacement, text)
    return text


def _request(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return _normalise(response.content.decode()), [_normalise(q["sql"]) for q in queries.captured_queries], response


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "name", "foreign"), [
    ("consulent.haren", "dossiers:case_detail", lambda: Case.objects.get(reference="C-2026-0001").uuid),
    ("consulent.haren", "api:case-detail", lambda: Case.objects.get(reference="C-2026-0001").uuid),
    ("consulent.haren", "api:resident-detail",
     lambda: CaseResident.objects.filter(case__reference="C-2026-0001").first().resident.uuid),
    ("fg.haren", "incidents:detail", lambda: Incident.objects.get(receipt_number="M-DEMO-01").uuid),
    ("fg.haren", "api:incident-detail", lambda: Incident.objects.get(receipt_number="M-DEMO-01").uuid),
])
def test_other_organisations_object_and_missing_object_look_the_same(client, username, name, foreign):
    login_verified(client, username)
    client.get(reverse(name, kwargs={"uuid": uuid.uuid4()}))  # warm up, so that both measured requests do the same work
    before = ProcessingLogEntry.objects.count()
    other_body, other_queries, other = _request(client, reverse(name, kwargs={"uuid": foreign()}))
    missing_body, missing_queries, missing = _request(client, reverse(name, kwargs={"uuid": uuid.uuid4()}))
    assert other.status_code == missing.status_code == 404
    assert other_body == missing_body
    assert other_queries == missing_queries  # the same code path: the same queries, in the same order
    assert ProcessingLogEntry.objects.count() == before  # another organisation's object does not exist here


@pytest.mark.django_db
def test_refused_case_of_another_team_is_logged_under_its_uuid(client):
    login_verified(client, "consulent.wmo")
    case = Case.objects.get(reference="C-2026-0001")
    assert client.get(reverse("dossiers:case_detail", kwargs={"uuid": case.uuid})).status_code == 403
    assert ProcessingLogEntry.objects.filter(target_id=str(case.uuid), outcome="denied",
                                             actor_username="consulent.wmo").exists()


@pytest.mark.django_db
def test_refused_resident_of_another_team_is_a_logged_404(client):
    login_verified(client, "consulent.wmo")
    resident = CaseResident.objects.filter(case__reference="C-2026-0001").first().resident
    response = client.get(reverse("api:resident-detail", kwargs={"uuid": resident.uuid}))
    assert response.status_code == 404
    assert ProcessingLogEntry.objects.filter(target_type="dossiers.resident", target_id=str(resident.uuid),
                                             outcome="denied", actor_username="consulent.wmo").exists()


# --- the data migration --------------------------------------------------------------------------

@pytest.mark.django_db
def test_data_migration_gives_every_row_its_own_uuid():
    class Apps:
        @staticmethod
        def get_model(app_label, name):
            return Resident if (app_label, name) == ("dossiers", "resident") else None

    before = dict(Resident.objects.values_list("pk", "uuid"))
    fill_public_ids("dossiers", "resident", batch_size=2)(Apps, None)  # several batches
    after = dict(Resident.objects.values_list("pk", "uuid"))
    assert len(before) > 2 and after.keys() == before.keys()
    assert len(set(after.values())) == len(after)
    assert not set(after.values()) & set(before.values())


@pytest.mark.django_db
def test_notification_links_from_before_the_migration_point_at_the_uuid():
    from importlib import import_module

    from django.apps import apps

    from privacyregie.core.models import Notification, User

    relink = import_module("privacyregie.incidents.migrations.0005_notification_links_by_uuid").relink
    incident = Incident.objects.get(receipt_number="M-DEMO-01")
    user = User.objects.get(username="fg")
    old = [f"/incidenten/{incident.pk}/", f"/incidenten/betrokken/{incident.pk}/", "/incidenten/999999/"]
    notes = [Notification.objects.create(organisation=user.organisation, recipient=user, subject="s", body="b", url=u)
             for u in old]
    relink(apps, None)
    assert [Notification.objects.get(pk=n.pk).url for n in notes] == [
        f"/incidenten/{incident.uuid}/", f"/incidenten/betrokken/{incident.uuid}/", "/incidenten/999999/"]


@pytest.mark.django_db
def test_consent_form_names_the_resident_by_uuid(client):
    from privacyregie.dossiers.models import Consent

    login_verified(client, "consulent.jeugd")
    case = Case.objects.get(reference="C-2026-0001")
    resident = case.residents.first()
    page = client.get(reverse("dossiers:case_detail", kwargs={"uuid": case.uuid})).content.decode()
    options = re.search(r'<select name="resident".*?</select>', page, re.S).group(0)
    assert f'value="{resident.uuid}"' in options and f'value="{resident.pk}"' not in options
    url = reverse("dossiers:consent_create", kwargs={"uuid": case.uuid})
    from privacyregie.register.models import ChainPartner

    partner = ChainPartner.objects.get(organisation=case.organisation, name="Jeugdzorg Gooi")
    data = {"form": "mondeling", "purpose": "gegevensdeling", "scope": "Overleg met school", "partners": [partner.pk],
            "data_categories": ["contact"], "conversation": "Huisbezoek", "given_on": "2026-11-01"}
    before = Consent.objects.filter(case=case).count()
    client.post(url, {**data, "resident": resident.pk})
    assert Consent.objects.filter(case=case).count() == before  # an integer names no resident
    client.post(url, {**data, "resident": str(resident.uuid)})
    assert Consent.objects.filter(case=case, resident=resident, scope="Overleg met school").exists()
