"""Agreements name the data categories they cover; covering_agreement says which agreement covers a share,
or why none does (issue 12 §2, R11, AVG art. 26/28)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.register.models import Agreement, ChainPartner, ProcessingActivity
from privacyregie.register.services import covering_agreement

DAY = date(2026, 11, 30)


@pytest.fixture
def setup(db):
    org = OrganisationFactory()
    activity = ProcessingActivity.objects.create(organisation=org, name="Jeugdhulp toewijzen")
    partner = ChainPartner.objects.create(organisation=org, name="Veilig Thuis Gooi", kind="overheid",
                                          role="verantwoordelijke")
    return org, activity, partner


def _agreement(org, partner, activity, **values):
    values = {"kind": "verwerkersovereenkomst", "title": "VO", "status": "getekend", "starts_on": DAY - timedelta(days=300),
              "ends_on": DAY + timedelta(days=30), "data_categories": ["identificerend", "gezondheid"], **values}
    made = Agreement.objects.create(organisation=org, partner=partner, **values)
    made.activities.add(activity)
    return made


def test_cover_by_name_or_object_on_the_boundaries(setup):
    org, activity, partner = setup
    made = _agreement(org, partner, activity)
    assert covering_agreement(partner, "jeugdhulp toewijzen", ["gezondheid"], on=DAY) == (made, "")
    assert covering_agreement(partner, activity, ["identificerend"], on=made.ends_on)[0] == made
    assert covering_agreement(partner, activity, ["identificerend"], on=made.starts_on)[0] == made
    agreement, why = covering_agreement(partner, activity, ["identificerend"], on=made.ends_on + timedelta(days=1))
    end = made.ends_on.strftime("%d-%m-%Y")
    assert agreement is None and why == f"De verwerkersovereenkomst met Veilig Thuis Gooi is op {end} verlopen."


@pytest.mark.parametrize(("values", "words"), [
    ({"status": "beëindigd"}, "is beëindigd"),
    ({"starts_on": DAY + timedelta(days=3)}, "gaat pas in op 03-12-2026"),
    ({"status": "concept"}, "alleen een concept-overeenkomst"),
    ({"kind": "convenant", "data_categories": ["identificerend"]}, "Het convenant met Veilig Thuis Gooi dekt deze "
                                                                    "gegevens niet: gezondheid"),
])
def test_each_reason_why_no_agreement_covers(setup, values, words):
    org, activity, partner = setup
    _agreement(org, partner, activity, **values)
    agreement, why = covering_agreement(partner, activity, ["identificerend", "gezondheid"], on=DAY)
    assert agreement is None and words in why


def test_activity_not_covered_and_no_agreement(setup):
    org, activity, partner = setup
    assert "geen convenant of verwerkersovereenkomst" in covering_agreement(partner, activity, [], on=DAY)[1]
    other = ProcessingActivity.objects.create(organisation=org, name="Schuldhulpverlening")
    _agreement(org, partner, other)
    assert "dekt de verwerkingsactiviteit 'Jeugdhulp toewijzen' niet" in covering_agreement(
        partner, activity, ["identificerend"], on=DAY)[1]


def test_categories_are_validated(setup):
    org, activity, partner = setup
    made = _agreement(org, partner, activity)
    for bad in (["onzin"], "gezondheid", ["gezondheid", "gezondheid"]):
        made.data_categories = bad
        with pytest.raises(ValidationError):
            made.full_clean()


def test_agreement_form_partner_page_and_api_show_categories(db, client, login):
    org_partner = ChainPartner.objects.filter(organisation__slug="bel", name="Jeugdzorg Gooi").get()
    agreement = org_partner.agreements.get()
    assert "gezondheid" in agreement.data_categories  # demo data
    login("fg")
    page = client.get(reverse("register:partner_detail", args=[org_partner.pk])).content.decode()
    assert "Gezondheid (ook diagnoses en medicatie)" in page
    form = client.get(reverse("register:object_edit", args=["overeenkomst", agreement.pk])).content.decode()
    assert 'name="data_categories"' in form and 'value="gezondheid"' in form
    api = client.get(reverse("api:partner-detail", args=[org_partner.pk]))
    assert api.status_code == 200 and "gezondheid" in api.json()["agreements"][0]["data_categories"]
