"""Issue 11 §2: every PDF a resident, councillor or supervisor receives is tagged (PDF/UA-1),
with a language and a title. Uses the demo organisation BEL and its demo accounts."""

import pytest
from django.urls import reverse

from privacyregie.core.models import User
from privacyregie.core.tests.pdfcheck import assert_accessible_pdf

pytestmark = pytest.mark.django_db


def _get(client, login, username, url):
    login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_council_reports_are_tagged_with_language_and_title(client, login):
    from privacyregie.compliance.tests.access import _reported

    for url, title in ((reverse("compliance:scorecard_pdf"), "Kwartaalscorekaart"),
                       (reverse("compliance:recommendations_pdf"), "Opvolging van de aanbevelingen"),
                       (reverse("compliance:stoplight_pdf", kwargs=_reported()), "Stoplichtrapportage")):
        assert_accessible_pdf(_get(client, login, "raad", url), title)


def test_ap_draft_is_tagged_with_language_and_title(client, login):
    from privacyregie.incidents.tests.access import _pk

    data = _get(client, login, "fg", reverse("incidents:ap_pdf", kwargs=_pk("M-DEMO-02")()))  # a saved draft
    assert_accessible_pdf(data, "Melding datalek")


def test_register_exports_are_tagged_with_language_and_title():
    from privacyregie.register import exporting

    bel = User.objects.get(username="fg").organisation
    assert_accessible_pdf(exporting.to_pdf(bel), "Verwerkingsregister")
    assert_accessible_pdf(exporting.processor_to_pdf(bel), "Register van de verwerker")


def test_the_incident_register_export_is_tagged():
    from privacyregie.incidents import register
    from privacyregie.incidents.models import Incident

    bel = User.objects.get(username="fg").organisation
    assert_accessible_pdf(register.export_pdf(bel, Incident.objects.filter(organisation=bel)), "Register van datalekken")
