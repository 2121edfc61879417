"""Frameworks as data: the CISO Assistant library format in and out; bad files change nothing."""

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from privacyregie.compliance import frameworks
from privacyregie.compliance.models import Framework, Requirement

MINIMAL = """
urn: urn:test:library:x
locale: nl
ref_id: X
name: Test
objects:
  framework:
    urn: urn:test:framework:x
    ref_id: X
    name: Testkader
    requirement_nodes:
    - {urn: 'urn:a', assessable: false, depth: 1, ref_id: A, name: Hoofdstuk}
    - {urn: 'urn:a1', assessable: true, depth: 2, parent_urn: 'urn:a', ref_id: A.1, name: Eis een}
    - {urn: 'urn:a2', assessable: true, depth: 2, parent_urn: 'urn:a', ref_id: A.2, name: Eis twee}
"""


def _variant(**changes):
    document = yaml.safe_load(MINIMAL)
    nodes = document["objects"]["framework"]["requirement_nodes"]
    for index, values in changes.items():
        nodes[int(index[1:])].update(values)
    return yaml.safe_dump(document)


def test_shipped_frameworks_import_with_their_trees(db):
    imported = {f.ref_id: f for f in frameworks.import_shipped()}
    norms = imported["RK-PSD"]
    assessable = norms.requirements.filter(assessable=True)
    assert assessable.count() == 13
    assert {"Privacybeleid", "Convenanten met zorgpartners", "Controlemechanisme", "Gedragscode", "Bewustwording",
            "Inwoners informeren", "Herleidbare raadpleging", "Systemen volgens need-to-know",
            "Taken en bevoegdheden in werkprocessen", "Proces datalekken"} <= set(assessable.values_list("name", flat=True))
    breach = norms.requirements.get(ref_id="13")
    assert breach.parent.ref_id == "C" and breach.depth == 2 and breach.name_en == "Breach process"
    assert breach.live_indicator == "incident_register"
    assert imported["AVG-KORT"].requirements.filter(assessable=True).count() == 12


@pytest.mark.parametrize("name", ["rekenkamer-privacy-sociaal-domein.yaml", "avg-verplichtingen.yaml"])
def test_shipped_round_trip_gives_an_equal_tree(db, org, name):
    original = frameworks.import_file(frameworks.SHIPPED_DIR / name, organisation=org)
    exported = frameworks.export_yaml(original)
    tree = frameworks.tree(original)
    original.delete()
    again = frameworks.import_text(exported, organisation=org)
    assert frameworks.tree(again) == tree
    assert again.name_en == yaml.safe_load((frameworks.SHIPPED_DIR / name).read_text())["translations"]["en"]["name"]


@pytest.mark.parametrize("name, nodes, assessable", [("bio2.yaml", 120, 120), ("gdpr.yaml", 1090, 287)])
def test_public_ciso_assistant_files_import_and_round_trip(db, org, shared_frameworks, name, nodes, assessable):
    framework = frameworks.import_file(shared_frameworks / name, organisation=org)
    assert framework.requirements.count() == nodes
    assert framework.requirements.filter(assessable=True).count() == assessable
    tree = frameworks.tree(framework)
    exported = frameworks.export_yaml(framework)
    framework.delete()
    assert frameworks.tree(frameworks.import_text(exported, organisation=org)) == tree


def test_bio2_keeps_dutch_text_and_implementation_groups(db, org, shared_frameworks):
    framework = frameworks.import_file(shared_frameworks / "bio2.yaml", organisation=org)
    requirement = framework.requirements.get(ref_id="5.01.02")
    assert requirement.display_description.startswith("Het informatiebeveiligingsbeleid wordt minimaal jaarlijks")
    assert requirement.description_en.startswith("The information security policy")
    assert requirement.implementation_groups == ["basishygiëne"]


@pytest.mark.parametrize("text, message", [
    ("urn: [unclosed", "geen geldige YAML"),
    ("- a\n- b\n", "geen bibliotheek"),
    ("urn: x\nobjects: {}\n", "geen normenkader"),
    (_variant(n0={"parent_urn": "urn:a2"}), "kringverwijzing"),
    (_variant(n2={"ref_id": "A.1"}), "De referentie A.1 komt meer dan eens voor"),
    (_variant(n2={"urn": "urn:a1"}), "De URN urn:a1 komt meer dan eens voor"),
    (_variant(n1={"parent_urn": "urn:bestaat-niet"}), "onbekende bovenliggende norm"),
])
def test_bad_files_are_refused_with_a_dutch_message_and_nothing_is_imported(db, org, text, message):
    frameworks_before, requirements_before = Framework.objects.count(), Requirement.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        frameworks.import_text(text, organisation=org)
    assert message in " ".join(excinfo.value.messages)
    assert (Framework.objects.count(), Requirement.objects.count()) == (frameworks_before, requirements_before)


def test_a_failing_write_rolls_back_the_replaced_framework(db, org, monkeypatch):
    first = frameworks.import_text(MINIMAL, organisation=org)
    original = Requirement.objects.create

    def fail_on_second(*args, **kwargs):
        if kwargs.get("urn") == "urn:a2":
            raise RuntimeError("schijf vol")
        return original(*args, **kwargs)

    monkeypatch.setattr(Requirement.objects, "create", fail_on_second)
    with pytest.raises(RuntimeError):
        frameworks.import_text(MINIMAL, organisation=org)
    assert Framework.objects.get(pk=first.pk).requirements.count() == 3


def test_framework_in_use_is_not_replaced(db, org, assessment):
    framework = frameworks.import_text(MINIMAL, organisation=org)
    from privacyregie.compliance.assessments import create_assessment

    create_assessment(org, framework, "In gebruik", "2026")
    with pytest.raises(ValidationError, match="al gebruikt in een beoordeling"):
        frameworks.import_text(MINIMAL, organisation=org)


def test_management_command_imports_a_file_and_reports_errors(db, org, tmp_path):
    good = tmp_path / "kader.yaml"
    good.write_text(MINIMAL)
    call_command("import_framework", str(good), organisatie=org.slug)
    assert Framework.objects.get(organisation=org, urn="urn:test:framework:x").requirements.count() == 3
    bad = tmp_path / "fout.yaml"
    bad.write_text(_variant(n0={"parent_urn": "urn:a1"}))
    with pytest.raises(CommandError, match="kringverwijzing"):
        call_command("import_framework", str(bad), organisatie=org.slug)


def test_upload_page_imports_and_refuses_with_message(client, login, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    login(officer)
    response = client.post(reverse("compliance:frameworks"),
                           {"file": SimpleUploadedFile("x.yaml", _variant(n2={"ref_id": "A.1"}).encode())}, follow=True)
    assert "De referentie A.1 komt meer dan eens voor" in response.content.decode()
    assert not Framework.objects.filter(organisation=officer.organisation).exists()
    response = client.post(reverse("compliance:frameworks"), {"file": SimpleUploadedFile("x.yaml", MINIMAL.encode())},
                           follow=True)
    assert "geïmporteerd met 3 normen" in response.content.decode()
    framework = Framework.objects.get(organisation=officer.organisation)
    export = client.get(reverse("compliance:framework_export", kwargs={"pk": framework.pk}))
    assert yaml.safe_load(export.content)["objects"]["framework"]["urn"] == "urn:test:framework:x"
