"""The kernel's entry point: decisions are logged (also refusals inside rolled-back transactions),
a read that cannot be logged is not served, trace context is kept, the privacy officer's pages."""

from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse

from privacyregie.dossiers.models import Case, CaseNote
from privacyregie.kernel.models import Outcome, ProcessingLogEntry
from privacyregie.kernel.policy import Action, Purpose, decide
from privacyregie.kernel.services import AccessDenied, access, pseudonymise_bsn, write_pending_denial


def _youth_case():
    return Case.objects.get(organisation__slug="bel", reference="C-2026-0001")


@pytest.mark.django_db
def test_unknown_purpose_and_foreign_organisation_are_denied():
    from privacyregie.core.models import User

    case = _youth_case()
    member = User.objects.get(username="consulent.jeugd")
    assert not decide(member, Action.VIEW, case, "nieuwsgierigheid").allowed
    assert not decide(User.objects.get(username="consulent.haren"), Action.VIEW, case, Purpose.CASE_WORK).allowed
    assert decide(member, Action.VIEW, case, Purpose.CASE_WORK).allowed


@pytest.mark.django_db
def test_refusal_inside_a_rolled_back_transaction_is_still_logged():
    from privacyregie.core.models import User

    case = _youth_case()
    outsider = User.objects.get(username="consulent.wmo")
    before = ProcessingLogEntry.objects.filter(outcome=Outcome.DENIED).count()
    with pytest.raises(AccessDenied) as info, transaction.atomic():
        access(None, Action.UPDATE, case, Purpose.CASE_WORK, user=outsider)
    assert ProcessingLogEntry.objects.filter(outcome=Outcome.DENIED).count() == before  # rolled back ...
    write_pending_denial(info.value)  # ... and written afterwards (by the middleware for requests)
    assert ProcessingLogEntry.objects.filter(outcome=Outcome.DENIED).count() == before + len(case.subject_bsns())


@pytest.mark.django_db
def test_refused_post_through_a_page_is_logged_by_the_middleware(client, login):
    case = _youth_case()
    login("consulent.wmo")
    before = ProcessingLogEntry.objects.filter(outcome=Outcome.DENIED, actor_username="consulent.wmo").count()
    response = client.post(reverse("dossiers:note_create", args=[case.uuid]), {"text": "mag niet"})
    assert response.status_code in (403, 404)
    assert not CaseNote.objects.filter(text="mag niet").exists()
    after = ProcessingLogEntry.objects.filter(outcome=Outcome.DENIED, actor_username="consulent.wmo").count()
    assert after > before


@pytest.mark.django_db
def test_a_read_that_cannot_be_logged_is_not_served(client, login):
    case = _youth_case()
    login("consulent.jeugd")
    with mock.patch("privacyregie.kernel.chain.append_many", side_effect=RuntimeError("log unavailable")):
        with pytest.raises(RuntimeError):
            client.get(reverse("dossiers:case_detail", args=[case.uuid]))


@pytest.mark.django_db
def test_a_change_whose_log_write_fails_is_not_made(client, login):
    case = _youth_case()
    login("consulent.jeugd")
    client.raise_request_exception = False
    with mock.patch("privacyregie.kernel.chain.append_many", side_effect=RuntimeError("log unavailable")):
        response = client.post(reverse("dossiers:note_create", args=[case.uuid]), {"text": "zonder log"})
    assert response.status_code == 500
    assert not CaseNote.objects.filter(text="zonder log").exists()


@pytest.mark.django_db
def test_trace_context_is_kept_in_the_log(client, login):
    case = _youth_case()
    login("consulent.jeugd")
    trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    client.get(reverse("dossiers:case_detail", args=[case.uuid]), HTTP_TRACEPARENT=f"00-{trace}-00f067aa0ba902b7-01")
    entry = ProcessingLogEntry.objects.filter(trace_id=trace).first()
    assert entry is not None
    assert entry.parent_span_id == "00f067aa0ba902b7" and len(entry.span_id) == 16
    assert entry.actor_username == "consulent.jeugd" and entry.outcome == Outcome.ALLOWED


@pytest.mark.django_db
def test_subject_pseudonym_is_keyed_not_the_bsn():
    case = _youth_case()
    bsn = case.subject_bsns()[0]
    pseudonym = pseudonymise_bsn(bsn)
    assert bsn not in pseudonym and len(pseudonym) == 64
    assert ProcessingLogEntry.objects.filter(subject_pseudonym=pseudonym).exists()
    assert not ProcessingLogEntry.objects.filter(subject_pseudonym=bsn).exists()


@pytest.mark.django_db
def test_who_consulted_page_lists_and_exports_and_is_itself_logged(client, login):
    case = _youth_case()
    bsn = case.subject_bsns()[0]
    login("fg")
    response = client.get(reverse("kernel:subject"), {"bsn": bsn})
    assert response.status_code == 200
    content = response.content.decode()
    assert "consulent.jeugd" in content and "consulent.wmo" in content  # the member and the refused outsider
    csv_response = client.get(reverse("kernel:subject"), {"bsn": bsn, "formaat": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "Consulent / medewerker (Jeugdteam BEL)" in csv_response.content.decode()
    pdf = client.get(reverse("kernel:subject"), {"bsn": bsn, "reference": "J. de Boer", "formaat": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    # table cells wrap: compare with the line breaks read as spaces
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages).split())
    assert "J. de Boer" in text and "Jeugdteam BEL" in text
    lookups = ProcessingLogEntry.objects.filter(actor_username="fg", purpose=Purpose.SUBJECT_REQUEST,
                                                subject_pseudonym=pseudonymise_bsn(bsn))
    assert lookups.filter(action=Action.VIEW).exists() and lookups.filter(action=Action.EXPORT).exists()


@pytest.mark.django_db
def test_subject_page_rejects_an_invalid_bsn(client, login):
    login("fg")
    response = client.get(reverse("kernel:subject"), {"bsn": "123456789"})
    assert "elfproef" in response.content.decode()


@pytest.mark.django_db
def test_log_viewer_filters(client, login):
    login("fg")
    denied = client.get(reverse("kernel:log"), {"outcome": "denied"}).content.decode()
    assert "geweigerd" in denied
    emergency = client.get(reverse("kernel:log"), {"emergency": "on"})
    assert all(e.emergency for e in emergency.context["page"])
    bad = client.get(reverse("kernel:log"), {"date_from": "2026-12-01", "date_to": "2026-01-01"})
    assert "begindatum" in bad.content.decode() and len(bad.context["page"]) == 0


@pytest.mark.django_db
def test_log_viewer_never_shows_another_organisation(client, login):
    login("fg.haren")
    response = client.get(reverse("kernel:log"))
    usernames = {e.actor_username for e in response.context["page"]}
    assert "consulent.jeugd" not in usernames


@pytest.mark.django_db
def test_api_log_filters_and_rejects_bad_input(client, login):
    case = _youth_case()
    login("fg")
    bsn = case.subject_bsns()[0]
    assert client.get("/api/v1/verwerkingslogboek", {"bsn": bsn}).status_code == 400  # no purpose stated
    lookups = ProcessingLogEntry.objects.filter(subject_pseudonym=pseudonymise_bsn(bsn), purpose=Purpose.CHECK)
    before = lookups.count()
    response = client.get("/api/v1/verwerkingslogboek", {"bsn": bsn, "purpose": "controle"})
    assert response.status_code == 200 and lookups.count() == before + 1
    assert response.json()["count"] >= 1
    bad = client.get("/api/v1/verwerkingslogboek", {"bsn": "12345"})
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")


@pytest.mark.django_db
def test_log_viewer_says_when_it_counted_up_to_its_cap(client, login, monkeypatch):
    from django.utils.formats import number_format

    from privacyregie.core.models import User
    from privacyregie.kernel import views

    login("fg")
    client.get(reverse("kernel:log"), {"bsn": "999900079", "purpose": "controle"})  # at least one entry
    everything = ProcessingLogEntry.objects.filter(organisation_id=User.objects.get(username="fg").organisation_id)
    total = everything.count()
    monkeypatch.setattr(views, "LOG_COUNT_CAP", total - 1)
    response = client.get(reverse("kernel:log"))
    assert response.context["page"].paginator.capped
    shown = number_format(total - 1, force_grouping=True)
    assert f"Meer dan {shown} regels gevonden" in response.content.decode()
    assert len(response.context["page"]) == min(50, total - 1)
    monkeypatch.setattr(views, "LOG_COUNT_CAP", total + 10)
    response = client.get(reverse("kernel:log"))
    assert not response.context["page"].paginator.capped and response.context["page"].paginator.count == total
    assert "Meer dan" not in response.content.decode()
