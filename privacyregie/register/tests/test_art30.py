"""AVG art. 30 against its own text: every item of lid 1 and lid 2 is mandatory for a record in force,
in the form, the import, the API and the checks page alike; "none" is an explicit answer, never an
empty field; the processor's register (lid 2) has pages, API and exports; the VNG export carries the
controller's address and contact.

The lists below are written from the article, not imported from the code under test.
"""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from privacyregie.core.models import Organisation
from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.register import exporting, importing, layout, services
from privacyregie.register.models import ProcessingActivity, ProcessingController, ProcessorActivity
from privacyregie.register.tests.factories import BASE, activity, legacy_activity

# AVG art. 30 lid 1, item by item -> the field that answers it.
ARTICLE_30_1 = [
    ("a", "controller"),                # naam ... van de verwerkingsverantwoordelijke
    ("a", "controller_address"),        # ... en de contactgegevens (adres)
    ("a", "controller_contact"),        # ... en de contactgegevens (telefoon, e-mail)
    ("a", "dpo_contact"),               # ... en van de functionaris voor gegevensbescherming
    ("b", "purposes"),                  # de verwerkingsdoeleinden
    ("c", "data_subject_categories"),   # de categorieën van betrokkenen
    ("c", "personal_data_categories"),  # ... en van persoonsgegevens
    ("d", "recipients"),                # de categorieën van ontvangers, ook in derde landen
    ("e", "transfers_outside_eea"),     # doorgiften naar een derde land of een internationale organisatie
    ("f", "retention_period"),          # de beoogde termijnen waarbinnen de gegevens moeten worden gewist
    ("g", "security_measures"),         # een algemene beschrijving van de beveiligingsmaatregelen
]

# AVG art. 30 lid 2, item by item -> the field of a processor's record that answers it.
ARTICLE_30_2 = [
    ("a", "processor_contact"),      # naam en contactgegevens van de verwerker
    ("a", "processor_dpo_contact"),  # ... en van de functionaris voor gegevensbescherming
    ("a", "controllers"),            # ... en van elke verwerkingsverantwoordelijke voor wie hij handelt
    ("b", "description"),            # de categorieën van verwerkingen die voor rekening van elke verantwoordelijke
    ("c", "transfers_outside_eea"),  # doorgiften naar een derde land of een internationale organisatie
    ("d", "security_measures"),      # een algemene beschrijving van de beveiligingsmaatregelen
]


def _upload(content: bytes, name: str):
    return SimpleUploadedFile(name, content)


def _csv(row: dict) -> bytes:
    header = importing.COLUMNS
    return (";".join(header) + "\n" + ";".join(str(row.get(c, "")) for c in header) + "\n").encode()


# --- lid 1: the one rule, everywhere ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("point", "field"), ARTICLE_30_1)
def test_every_item_of_article_30_1_is_mandatory_for_an_activity_in_force(point, field):
    org = OrganisationFactory()
    with pytest.raises(ValidationError) as caught:
        services.save_activity(org, {**BASE, field: ""})
    assert field in caught.value.message_dict
    assert f"art. 30 lid 1 onder {point}" in caught.value.message_dict[field][0]
    assert not ProcessingActivity.objects.filter(organisation=org).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("point", "field"), ARTICLE_30_1)
def test_the_import_refuses_a_row_missing_any_item_of_article_30_1(point, field):
    org = OrganisationFactory()
    report = importing.parse(org, _upload(_csv({**BASE, field: ""}), "register.csv"))
    errors = [e for r in report.rows for e in r.errors]
    column = layout.heading(field)  # named as the template heads it, never by the internal field name
    assert any(e.startswith(f"Rij 2, kolom '{column}':") and f"lid 1 onder {point}" in e for e in errors), errors
    with pytest.raises(ValidationError):
        importing.apply(org, report)
    assert not ProcessingActivity.objects.filter(organisation=org).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("point", "field"), ARTICLE_30_1)
def test_the_api_refuses_an_activity_missing_any_item_of_article_30_1(client, login, point, field):
    login("fg")
    response = client.post("/api/v1/verwerkingsactiviteiten", {**BASE, "name": f"API zonder {field}", field: ""},
                           content_type="application/json")
    assert response.status_code == 400, response.content
    assert f"lid 1 onder {point}" in json.dumps(response.json(), ensure_ascii=False)
    assert not ProcessingActivity.objects.filter(name=f"API zonder {field}").exists()


@pytest.mark.django_db
def test_the_form_names_every_missing_item_and_saves_nothing(client, login):
    login("fg")
    response = client.post(reverse("register:activity_create"),
                           {"name": "Leeg formulier", "legal_basis": "publieke_taak", "responsible_body": "college",
                            "status": "in_gebruik"})
    content = response.content.decode()
    assert response.status_code == 200
    for point, _field in ARTICLE_30_1:
        assert f"art. 30 lid 1 onder {point}" in content
    assert content.count("Ontbreekt (AVG art. 30") == len(ARTICLE_30_1)
    assert not ProcessingActivity.objects.filter(name="Leeg formulier").exists()


@pytest.mark.django_db
def test_a_concept_may_be_incomplete_but_cannot_be_put_in_force_until_complete():
    org = OrganisationFactory()
    concept = services.save_activity(org, {"name": "Nieuw", "legal_basis": "publieke_taak", "status": "concept"})
    assert concept.status == "concept"
    assert not [i for i in services.checks(org) if i.kind == "art30_missing"]
    with pytest.raises(ValidationError):
        services.save_activity(org, {"name": "Nieuw", "legal_basis": "publieke_taak", "status": "in_gebruik"},
                               activity=concept.activity)
    assert services.save_activity(org, {**BASE, "name": "Nieuw"}, activity=concept.activity).status == "in_gebruik"


@pytest.mark.django_db
def test_residents_never_see_a_concept_in_the_privacy_statement(client):
    bel = Organisation.objects.get(slug="bel")
    concept = services.save_activity(bel, {"name": "Nog in concept", "legal_basis": "publieke_taak",
                                           "status": "concept"}).activity
    assert "Nog in concept" not in client.get(reverse("register:public_index", args=["bel"])).content.decode()
    assert client.get(reverse("register:public_statement", args=["bel", concept.pk])).status_code == 404


# --- "none" is an explicit answer --------------------------------------------------------------


@pytest.mark.django_db
def test_an_empty_transfers_answer_is_not_no_transfers():
    org = OrganisationFactory()
    with pytest.raises(ValidationError) as caught:
        services.save_activity(org, {**BASE, "transfers_outside_eea": ""})
    assert "transfers_outside_eea" in caught.value.message_dict
    version = services.save_activity(org, {**BASE, "transfers_outside_eea": "geen"})
    assert exporting.vng_activity(version)["doorgifteBuitenEer"] is False


@pytest.mark.django_db
def test_an_unanswered_transfers_question_is_exported_as_unknown_not_as_no():
    act = legacy_activity(OrganisationFactory(), name="Oud", third_country_transfers="")
    assert exporting.vng_activity(act.current)["doorgifteBuitenEer"] is None


@pytest.mark.django_db
def test_transfers_need_the_countries_and_the_safeguards():
    org = OrganisationFactory()
    with pytest.raises(ValidationError) as caught:
        services.save_activity(org, {**BASE, "transfers_outside_eea": "wel"})
    assert {"third_country_transfers", "transfer_safeguards"} <= set(caught.value.message_dict)
    version = services.save_activity(org, {**BASE, "transfers_outside_eea": "wel",
                                           "third_country_transfers": "Verenigde Staten (cloudleverancier)",
                                           "transfer_safeguards": "Standaardcontractbepalingen (art. 46 lid 2 onder c)"})
    vng = exporting.vng_activity(version)
    assert vng["doorgifteBuitenEer"] is True and vng["waarborgen"].startswith("Standaardcontractbepalingen")


@pytest.mark.django_db
def test_no_recipients_is_an_explicit_answer():
    org = OrganisationFactory()
    version = services.save_activity(org, {**BASE, "recipients": "", "no_recipients": True})
    assert version.no_recipients and not services.checks(org)


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "field"), [
    ({"no_recipients": True, "recipients": "Zorgaanbieders"}, "recipients"),
    ({"transfers_outside_eea": "geen", "third_country_transfers": "Verenigde Staten"}, "transfers_outside_eea"),
])
def test_none_next_to_an_answer_is_refused_even_in_a_concept(data, field):
    org = OrganisationFactory()
    with pytest.raises(ValidationError) as caught:
        services.save_activity(org, {**BASE, "status": "concept", **data})
    assert field in caught.value.message_dict


# --- the checks page lists every missing field -------------------------------------------------


@pytest.mark.django_db
def test_checks_list_every_missing_field_of_an_activity_in_force():
    org = OrganisationFactory()
    legacy_activity(org, name="Uit het oude register", status="in_gebruik")
    messages = [i.message for i in services.checks(org) if i.kind == "art30_missing"]
    assert len(messages) == len(ARTICLE_30_1)
    for point, _field in ARTICLE_30_1:
        assert any(f"lid 1 onder {point}" in m for m in messages), point


@pytest.mark.django_db
def test_checks_page_and_api_show_the_missing_fields(client, login):
    bel = Organisation.objects.get(slug="bel")
    legacy_activity(bel, name="Onvolledige activiteit", status="in_gebruik",
                    **{k: v for k, v in BASE.items() if k not in ("name", "controller_contact", "security_measures")})
    login("fg")
    content = client.get(reverse("register:checks")).content.decode()
    assert "Onvolledige activiteit" in content
    assert "contactgegevens van de verwerkingsverantwoordelijke" in content
    assert "algemene beschrijving beveiligingsmaatregelen" in content
    api = client.get("/api/v1/register/controles").json()
    assert {i["message"] for i in api if i["label"] == "Onvolledige activiteit"} == {
        i.message for i in services.checks(bel) if i.label == "Onvolledige activiteit"}
    assert len([i for i in api if i["label"] == "Onvolledige activiteit"]) == 2


@pytest.mark.django_db
def test_every_demo_activity_in_force_passes_article_30():
    for slug in ("bel", "haren"):
        org = Organisation.objects.get(slug=slug)
        assert ProcessingActivity.objects.filter(organisation=org).exists()
        found = [i for i in services.checks(org) if i.kind.startswith("art30")]
        assert not found, found


@pytest.mark.django_db
def test_loading_the_demo_completes_a_demo_register_from_before_the_rule():
    from privacyregie.register import demo
    from privacyregie.register.models import ProcessingActivityVersion

    act = ProcessingActivity.objects.get(organisation__slug="haren", name="Toegang sociaal domein")
    old = act.current
    ProcessingActivityVersion.objects.create(  # as an older release left it: no address, no transfers answer
        activity=act, number=old.number + 1, change_note="startset sociaal domein", name=act.name,
        controller="College van B en W, Gemeente Haren", purposes=old.purposes, legal_basis=old.legal_basis,
        data_subject_categories=old.data_subject_categories, personal_data_categories=old.personal_data_categories,
        recipients=old.recipients, retention_period=old.retention_period, security_measures=old.security_measures)
    haren = Organisation.objects.get(slug="haren")
    assert [i for i in services.checks(haren) if i.kind == "art30_missing"]
    demo.load()
    assert not [i for i in services.checks(haren) if i.kind == "art30_missing"]
    count = act.versions.count()
    demo.load()
    assert act.versions.count() == count


# --- the VNG export ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_vng_export_fills_the_controllers_address_and_contact(client, login):
    login("fg")
    rows = client.get("/api/v1/register/vng").json()
    bel = ProcessingActivity.objects.get(organisation__slug="bel", name="Jeugdhulp toewijzen").current
    row = next(r for r in rows if r["uuid"] == str(bel.version_id))
    assert row["vestigingsadres"] == bel.controller_address != ""
    assert row["contactgegevensVerwerkingsverantwoordelijke"] == bel.controller_contact != ""
    assert row["contactgegevensFunctionarisGegevensbescherming"] == bel.dpo_contact != ""


# --- lid 2: the processor's register -----------------------------------------------------------


def _processor_post(org_controllers, **overrides):
    data = {"name": "Uitvoering leerlingenvervoer", "status": "in_gebruik", "controllers": org_controllers,
            "description": "Aanvragen beoordelen en vervoer regelen", "processor_contact": "BEL, Postbus 1",
            "processor_dpo_contact": "FG BEL", "transfers_outside_eea": "geen", "security_measures": "BIO-maatregelen"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
@pytest.mark.parametrize(("point", "field"), ARTICLE_30_2)
def test_every_item_of_article_30_2_is_mandatory_on_the_page(client, login, point, field):
    login("fg")
    controllers = list(ProcessingController.objects.filter(organisation__slug="bel").values_list("pk", flat=True))
    data = _processor_post(controllers, **{field: [] if field == "controllers" else ""})
    response = client.post(reverse("register:object_create", args=["verwerking-in-opdracht"]), data)
    assert response.status_code == 200
    assert f"art. 30 lid 2 onder {point}" in response.content.decode()
    assert not ProcessorActivity.objects.filter(name="Uitvoering leerlingenvervoer").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("point", "field"), ARTICLE_30_2)
def test_every_item_of_article_30_2_is_mandatory_in_the_api(client, login, point, field):
    login("fg")
    controllers = list(ProcessingController.objects.filter(organisation__slug="bel").values_list("pk", flat=True))
    data = _processor_post(controllers, **{field: [] if field == "controllers" else ""})
    response = client.post("/api/v1/verwerkingen-in-opdracht", data, content_type="application/json")
    assert response.status_code == 400, response.content
    assert f"lid 2 onder {point}" in json.dumps(response.json(), ensure_ascii=False)
    assert not ProcessorActivity.objects.filter(name="Uitvoering leerlingenvervoer").exists()


@pytest.mark.django_db
def test_processor_record_through_page_and_api(client, login):
    login("fg")
    bel = Organisation.objects.get(slug="bel")
    controllers = list(ProcessingController.objects.filter(organisation=bel).values_list("pk", flat=True))
    response = client.post(reverse("register:object_create", args=["verwerking-in-opdracht"]),
                           _processor_post(controllers))
    assert response.status_code == 302
    record = ProcessorActivity.objects.get(organisation=bel, name="Uitvoering leerlingenvervoer")
    assert record.controllers.count() == 3
    foreign = ProcessingController.objects.create(organisation=OrganisationFactory(), name="Vreemd", address="x",
                                                  contact="y", dpo_contact="z")
    response = client.post("/api/v1/verwerkingen-in-opdracht",
                           _processor_post([foreign.pk], name="Via API"), content_type="application/json")
    assert response.status_code == 400 and not ProcessorActivity.objects.filter(name="Via API").exists()
    response = client.post("/api/v1/verwerkingen-in-opdracht", _processor_post(controllers[:1], name="Via API"),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert ProcessorActivity.objects.get(name="Via API").organisation == bel


@pytest.mark.django_db
def test_controller_needs_name_address_contact_and_dpo(client, login):
    login("fg")
    response = client.post(reverse("register:object_create", args=["opdrachtgever"]), {"name": "College van Huizen"})
    assert response.status_code == 200
    assert not ProcessingController.objects.filter(name="College van Huizen").exists()
    errors = response.context["form"].errors
    assert {"address", "contact", "dpo_contact"} <= set(errors)


@pytest.mark.django_db
def test_processor_register_page_names_the_three_colleges(client, login):
    login("raad")
    content = client.get(reverse("register:processors")).content.decode()
    for place in ("Blaricum", "Eemnes", "Laren"):
        assert f"College van burgemeester en wethouders van {place}" in content
    assert "Uitvoering Jeugdwet" in content


@pytest.mark.django_db
def test_processor_register_exports_in_every_format(client, login):
    login("fg")
    url = reverse("register:export")
    csv_text = client.get(url, {"formaat": "csv", "register": "verwerker"}).content.decode("utf-8-sig")
    header, *lines = csv_text.splitlines()
    assert header.split(";")[:2] == ["controller", "controller_address"]
    assert len(lines) == 4 * 3  # four categories of processing, each for three colleges
    assert "Gemeente Eemnes, Postbus 1000" in csv_text
    from openpyxl import load_workbook

    xlsx = client.get(url, {"formaat": "xlsx", "register": "verwerker"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet.max_row == 1 + 12
    data = json.loads(client.get(url, {"formaat": "json", "register": "verwerker"}).content)
    assert data["verwerker"] == "BEL Combinatie"
    assert {c["naam"] for r in data["verwerkingen"] for c in r["verwerkingsverantwoordelijken"]} == {
        f"College van burgemeester en wethouders van {p}" for p in ("Blaricum", "Eemnes", "Laren")}
    assert client.get(url, {"formaat": "pdf", "register": "verwerker"}).content.startswith(b"%PDF")
    full = json.loads(client.get(url, {"formaat": "json"}).content)
    assert len(full["verwerkingen_in_opdracht"]) == 4


@pytest.mark.django_db
def test_checks_list_missing_fields_of_the_processor_register():
    org = OrganisationFactory()
    ProcessorActivity.objects.create(organisation=org, name="Onvolledig")  # as migrated, without validation
    messages = [i.message for i in services.checks(org) if i.kind == "art30_processor_missing"]
    for point, _field in ARTICLE_30_2:
        assert any(f"lid 2 onder {point}" in m for m in messages), point


@pytest.mark.django_db
def test_activity_factory_record_is_complete():
    org = OrganisationFactory()
    activity(org)
    assert not services.checks(org)


@pytest.mark.django_db
def test_start_page_counts_the_missing_art30_fields(client, login):
    bel = Organisation.objects.get(slug="bel")
    legacy_activity(bel, name="Onvolledig op de startpagina", status="in_gebruik",
                    **{k: v for k, v in BASE.items() if k not in ("name", "dpo_contact")})
    login("fg")
    panel = next(p for p in client.get(reverse("web:home")).context["panels"] if str(p.title) == "Verwerkingsregister")
    assert dict((str(label), n) for label, n in panel.lines)["Ontbrekende gegevens (AVG art. 30)"] == 1
