"""Reporting a bottleneck: staff and chain partners, no residents' data, nothing saved on bad input."""

import logging

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from privacyregie.core import once
from privacyregie.protocol import services
from privacyregie.protocol.models import Bottleneck

from .factories import TEXT, bottleneck


def test_a_case_worker_reports_a_bottleneck_with_a_number(worker, partner):
    found = bottleneck(worker, partner=partner, suggestion="Een werkinstructie.")
    assert found.number.startswith("K-") and found.number.endswith("-0001")
    assert (found.status, found.source, found.partner, found.reported_by) == ("nieuw", "medewerker", partner, worker)
    assert bottleneck(worker).number.endswith("-0002")


def test_a_bsn_in_the_text_is_refused_and_nothing_is_saved(worker, caplog):
    with caplog.at_level(logging.INFO, logger="privacyregie.protocol.services"), pytest.raises(ValidationError) as err:
        bottleneck(worker, description="Bij het overdragen van het dossier van BSN 111222333 ging het mis.")
    assert "Burgerservicenummer" in str(err.value) and "niets opgeslagen" in str(err.value)
    assert not Bottleneck.objects.filter(organisation=worker.organisation).exists()
    assert "bottleneck refused" in caplog.text and "111222333" not in caplog.text


def test_a_phone_number_in_the_suggestion_is_refused(worker):
    with pytest.raises(ValidationError):
        bottleneck(worker, suggestion="Bel moeder op 0612345678 voortaan eerst.")
    assert not Bottleneck.objects.filter(organisation=worker.organisation).exists()


def test_a_special_category_word_asks_for_confirmation_first(worker):
    text = "Bij de overdracht naar de GGZ was onduidelijk welke gegevens wij mochten meesturen."
    with pytest.raises(services.NeedsConfirmation) as pending:
        bottleneck(worker, description=text)
    assert pending.value.findings and not Bottleneck.objects.filter(organisation=worker.organisation).exists()
    assert bottleneck(worker, description=text, confirmed=True).pk


def test_a_chain_partner_reports_for_its_own_organisation_only(partner_user, partner, other_partner):
    found = bottleneck(partner_user)
    assert (found.source, found.partner) == ("ketenpartner", partner)
    with pytest.raises(ValidationError) as err:
        bottleneck(partner_user, partner=other_partner)
    assert "partner" in err.value.message_dict
    assert list(services.partner_choices(partner_user)) == [partner]


def test_a_partner_of_another_organisation_is_refused(worker):
    from privacyregie.core.tests.factories import OrganisationFactory
    from privacyregie.register.models import ChainPartner

    foreign = ChainPartner.objects.create(organisation=OrganisationFactory(), name="Elders", kind="huisarts",
                                          role="verantwoordelijke")
    with pytest.raises(ValidationError):
        bottleneck(worker, partner=foreign)


def test_too_short_a_description_is_refused_with_a_dutch_message(worker):
    with pytest.raises(ValidationError) as err:
        bottleneck(worker, description="kort")
    assert err.value.message_dict["description"] == ["Beschrijf het knelpunt in minimaal 20 tekens."]


def _post(client, data):
    client.get(reverse("protocol:report"))
    token = client.session[once._TOKENS][-1][1]
    return client.post(reverse("protocol:report"), {**data, "form_token": token})


def test_the_page_reports_and_a_double_submit_saves_once(client, login, worker, partner):
    login(worker)
    data = {"kind": "ging_mis", "process": "Intake Wmo", "partner": partner.pk, "description": TEXT}
    client.get(reverse("protocol:report"))
    token = client.session[once._TOKENS][-1][1]
    first = client.post(reverse("protocol:report"), {**data, "form_token": token})
    second = client.post(reverse("protocol:report"), {**data, "form_token": token})
    assert first.status_code == second.status_code == 302
    assert Bottleneck.objects.filter(reported_by=worker).count() == 1
    mine = client.get(reverse("protocol:mine"))
    assert "Intake Wmo" in mine.content.decode()


def test_the_page_shows_the_confirmation_for_special_words(client, login, worker):
    login(worker)
    data = {"kind": "onduidelijk", "process": "Overleg", "description": "Onduidelijk of de diagnose ADHD in het "
            "verslag van het overleg mag staan."}
    response = _post(client, data)
    assert response.status_code == 400
    assert "Ik bevestig dat in deze tekst niets staat" in response.content.decode()
    response = _post(client, {**data, "confirm_no_resident": "on"})
    assert response.status_code == 302 and Bottleneck.objects.filter(organisation=worker.organisation).count() == 1


def test_the_page_refuses_a_bsn_with_the_reason(client, login, worker):
    login(worker)
    response = _post(client, {"kind": "onduidelijk", "process": "Overleg",
                              "description": "Het dossier met burgerservicenummer 111222333 was zoek."})
    assert response.status_code == 400 and "Haal deze gegevens uit de tekst" in response.content.decode()
    assert not Bottleneck.objects.filter(organisation=worker.organisation).exists()
