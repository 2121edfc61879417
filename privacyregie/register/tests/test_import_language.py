"""Register import and export in the user's language (issue 11, section 7).

The XLSX template (Dutch headings, an example row, drop-down lists, readable periods, a sheet
"Toelichting"), imports with Dutch headings and labels as well as the older English names and
codes, export -> import as identity, and large imports and exports through a task with progress.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from privacyregie.core.models import Organisation, Task
from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.register import exporting, importing, layout
from privacyregie.register.models import VERSION_FIELDS, ProcessingActivity
from privacyregie.register.tests.factories import activity

HEADINGS = ["Naam", "Status", "Naam van de verwerkingsverantwoordelijke", "Adres van de verwerkingsverantwoordelijke",
            "Contactgegevens van de verwerkingsverantwoordelijke (telefoon, e-mail)",
            "Functionaris gegevensbescherming (naam en contact)", "Doeleinden", "Grondslag", "Wetsartikel",
            "Verantwoordelijk bestuursorgaan", "Categorieën betrokkenen", "Categorieën persoonsgegevens",
            "Bijzondere persoonsgegevens (o.a. gezondheid)", "Strafrechtelijke gegevens", "BSN",
            "Categorieën ontvangers (ook in derde landen)", "Geen ontvangers", "Doorgifte naar derde landen",
            "Naar welke derde landen of internationale organisaties", "Passende waarborgen bij doorgifte",
            "Bewaartermijn", "Toelichting bewaartermijn", "Bewaartermijn gaat in bij",
            "Algemene beschrijving beveiligingsmaatregelen (technisch en organisatorisch)", "Verwerkers",
            "DPIA verplicht", "Link naar DPIA"]

# One activity as a person fills in the template: Dutch labels, ja/nee, a period in words.
FILLED = {
    "Naam": "Schuldhulpverlening", "Status": "In gebruik", "Naam van de verwerkingsverantwoordelijke": "College",
    "Adres van de verwerkingsverantwoordelijke": "Postbus 1, 1000 AA Testdorp",
    "Contactgegevens van de verwerkingsverantwoordelijke (telefoon, e-mail)": "privacy@test.example.nl",
    "Functionaris gegevensbescherming (naam en contact)": "FG, fg@test.example.nl",
    "Doeleinden": "Schulden regelen", "Grondslag": "Wettelijke verplichting (art. 6 lid 1c)",
    "Wetsartikel": "art. 3 Wgs", "Verantwoordelijk bestuursorgaan": "College van B en W",
    "Categorieën betrokkenen": "Inwoners", "Categorieën persoonsgegevens": "NAW, inkomen",
    "Bijzondere persoonsgegevens (o.a. gezondheid)": "nee", "Strafrechtelijke gegevens": "nee", "BSN": "ja",
    "Categorieën ontvangers (ook in derde landen)": "Schuldeisers", "Geen ontvangers": "nee",
    "Doorgifte naar derde landen": "Geen doorgifte naar derde landen of internationale organisaties",
    "Bewaartermijn": "2 jaar en 6 maanden",
    "Algemene beschrijving beveiligingsmaatregelen (technisch en organisatorisch)": "Versleuteling",
    "DPIA verplicht": "ja",
}


def _upload(content: bytes, name: str):
    return SimpleUploadedFile(name, content)


def _template(client, login):
    login("informatiemanager")
    response = client.get(reverse("register:import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sjabloon-verwerkingsregister.xlsx"'
    return load_workbook(io.BytesIO(response.content))


@pytest.mark.django_db
def test_the_template_has_dutch_headings_an_example_row_and_readable_periods(client, login):
    workbook = _template(client, login)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    example = dict(zip(HEADINGS, rows[1], strict=True))
    assert example["Bewaartermijn"] == "15 jaar"
    assert example["Grondslag"] == "Taak van algemeen belang / openbaar gezag (art. 6 lid 1e)"
    assert example["BSN"] == "ja" and example["Strafrechtelijke gegevens"] == "nee"
    assert len(rows) == 2
    assert not [v for row in rows for v in row if isinstance(v, str) and v.startswith("P") and v[1:2].isdigit()]


@pytest.mark.django_db
def test_the_template_has_a_drop_down_list_for_every_choice(client, login):
    workbook = _template(client, login)
    sheet = workbook.worksheets[0]
    lists = workbook["Keuzelijsten"]
    assert lists.sheet_state == "hidden"
    offered = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list" and validation.showErrorMessage
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        reference = validation.formula1.split("!")[1].replace("$", "")
        offered[sheet[f"{column}1"].value] = [c.value for row in lists[reference] for c in row]
    assert offered == {
        "Status": ["Concept (nog niet vastgesteld)", "In gebruik", "Beëindigd"],
        "Grondslag": ["Wettelijke verplichting (art. 6 lid 1c)",
                      "Taak van algemeen belang / openbaar gezag (art. 6 lid 1e)", "Toestemming (art. 6 lid 1a)",
                      "Overeenkomst (art. 6 lid 1b)", "Gerechtvaardigd belang (art. 6 lid 1f)",
                      "Vitaal belang (art. 6 lid 1d)"],
        "Verantwoordelijk bestuursorgaan": ["College van B en W", "Gemeenteraad", "Burgemeester"],
        "Doorgifte naar derde landen": ["Geen doorgifte naar derde landen of internationale organisaties",
                                        "Wel doorgifte naar derde landen of internationale organisaties"],
        **{h: ["ja", "nee"] for h in ("Bijzondere persoonsgegevens (o.a. gezondheid)", "Strafrechtelijke gegevens",
                                      "BSN", "Geen ontvangers", "DPIA verplicht")},
    }
    # each heading carries a note; a choice's note lists the allowed values
    assert "Toegestaan: Wettelijke verplichting (art. 6 lid 1c);" in sheet["H1"].comment.text


@pytest.mark.django_db
def test_the_template_explains_every_column_on_a_second_sheet(client, login):
    workbook = _template(client, login)
    assert workbook.sheetnames[:2] == ["verwerkingsactiviteiten", "Toelichting"]
    rows = list(workbook["Toelichting"].iter_rows(values_only=True))
    assert rows[0] == ("Kolom", "Toelichting", "Toegestane waarden")
    explained = {row[0]: row for row in rows[2:]}
    assert list(explained) == HEADINGS
    assert "'10 jaar'" in explained["Bewaartermijn"][1]
    assert explained["BSN"][2] == "ja; nee"
    assert explained["Verantwoordelijk bestuursorgaan"][2] == "College van B en W; Gemeenteraad; Burgemeester"


@pytest.mark.django_db
def test_a_filled_in_template_imports_with_dutch_labels(client, login):
    workbook = _template(client, login)
    sheet = workbook.worksheets[0]
    sheet.delete_rows(2)
    sheet.append([FILLED.get(h, "") for h in HEADINGS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    org = OrganisationFactory()
    report = importing.parse(org, _upload(buffer.getvalue(), "register.xlsx"))
    assert report.ok, (report.file_errors, [r.errors for r in report.invalid])
    data = report.rows[0].data
    assert (data["legal_basis"], data["status"], data["responsible_body"], data["transfers_outside_eea"]) == (
        "wettelijke_verplichting", "in_gebruik", "college", "geen")
    assert (data["retention_period"], data["uses_bsn"], data["dpia_required"]) == ("P2Y6M", True, True)
    assert importing.apply(org, report) == 1


@pytest.mark.django_db
def test_headings_and_values_are_read_forgivingly_and_old_codes_still_work():
    org = OrganisationFactory()
    dutch = {"  NAAM ": "Eén", " grondslag": "wettelijke verplichting", "BEWAARTERMIJN (ISO 8601)": "6 maanden",
             "verantwoordelijk   bestuursorgaan": "gemeenteraad", "bsn": "Ja", "dpia_required": "NEE",
             "status": "Concept"}
    lines = [";".join(dutch), ";".join(dutch.values())]
    report = importing.parse(org, _upload("\n".join(lines).encode(), "r.csv"))
    assert report.ok, (report.file_errors, [r.errors for r in report.invalid])
    data = report.rows[0].data
    assert (data["name"], data["legal_basis"], data["retention_period"], data["responsible_body"]) == (
        "Eén", "wettelijke_verplichting", "P6M", "raad")
    assert (data["uses_bsn"], data["dpia_required"], data["status"]) == (True, False, "concept")
    old = {"name": "Twee", "legal_basis": "wettelijke_verplichting", "retention_period": "P10Y",
           "responsible_body": "burgemeester", "uses_bsn": "yes", "status": "concept"}
    report = importing.parse(org, _upload(f"{';'.join(old)}\n{';'.join(old.values())}\n".encode(), "r.csv"))
    assert report.ok and report.rows[0].data["retention_period"] == "P10Y"
    assert report.rows[0].data["responsible_body"] == "burgemeester"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_is_the_identity(fmt):
    source = Organisation.objects.get(slug="bel")
    activity(source, name="Met alles", transfers_outside_eea="wel", third_country_transfers="VS",
             transfer_safeguards="SCC", retention_period="P2Y6M", special_categories=True, criminal_data=True,
             status="concept", responsible_body="burgemeester", legal_basis="vitaal_belang")
    exported = exporting.to_csv(source) if fmt == "csv" else exporting.to_xlsx(source)
    target = OrganisationFactory()
    report = importing.parse(target, _upload(exported, f"register.{fmt}"))
    assert report.ok, (report.file_errors, [r.errors for r in report.invalid])
    importing.apply(target, report)
    stored = {a.name: {f: getattr(a.current, f) for f in VERSION_FIELDS}
              for a in ProcessingActivity.objects.filter(organisation=source).prefetch_related("versions")}
    imported = {a.name: {f: getattr(a.current, f) for f in VERSION_FIELDS}
                for a in ProcessingActivity.objects.filter(organisation=target).prefetch_related("versions")}
    assert imported == stored
    again = exporting.to_csv(target) if fmt == "csv" else exporting.to_xlsx(target)
    if fmt == "csv":
        assert again == exported
    else:
        first, second = (list(load_workbook(io.BytesIO(d)).worksheets[0].iter_rows(values_only=True))
                         for d in (exported, again))
        assert first == second


@pytest.mark.django_db
def test_the_export_speaks_dutch():
    source = Organisation.objects.get(slug="bel")
    text = exporting.to_csv(source).decode("utf-8-sig")
    header, *lines = text.splitlines()
    assert header.split(";") == HEADINGS
    assert "P10Y" not in text and "P15Y" not in text and "15 jaar" in text
    assert "wettelijke_verplichting" not in text and "publieke_taak" not in text
    assert layout.heading("retention_period") == "Bewaartermijn"


def _csv(rows: list[dict]) -> bytes:
    return "\n".join([";".join(HEADINGS)] + [";".join(r.get(h, "") for h in HEADINGS) for r in rows]).encode()


@pytest.mark.django_db
def test_a_large_import_runs_as_a_task_with_progress_dry_run_first(client, login, settings):
    settings.REGISTER_TASK_ROWS = 2
    login("informatiemanager")
    rows = [{**FILLED, "Naam": f"Groot {i}"} for i in range(3)] + [{**FILLED, "Naam": "Fout", "BSN": "soms"}]
    response = client.post(reverse("register:import"), {"file": _upload(_csv(rows), "r.csv")})
    task = Task.objects.get(kind="register.import.check")
    assert response.status_code == 302 and response.url == reverse("core:task_detail", args=[task.public_id])
    assert (task.status, task.done, task.total) == (Task.Status.DONE, 4, 4)
    preview = client.get(response.url, follow=True)
    assert preview.status_code == 200 and len(preview.context["report"].valid) == 3
    assert "Rij 5, kolom &#x27;BSN&#x27;: &#x27;soms&#x27; is geen geldige waarde; vul ja of nee in." in (
        preview.content.decode())
    assert not ProcessingActivity.objects.filter(name__startswith="Groot ").exists()  # a dry run only
    confirm = client.post(reverse("register:import_confirm"), {"token": preview.context["token"], "alleen_goede": "1"})
    apply_task = Task.objects.get(kind="register.import.apply")
    assert confirm.url == reverse("core:task_detail", args=[apply_task.public_id])
    done = client.get(confirm.url, follow=True)
    assert done.redirect_chain[-1][0] == reverse("register:index")
    assert "3 verwerkingsactiviteiten geïmporteerd of bijgewerkt." in done.content.decode()
    assert ProcessingActivity.objects.filter(name__startswith="Groot ", organisation__slug="bel").count() == 3
    # someone else cannot pick up the preview of this task
    login("fg")
    assert client.get(reverse("register:import"), {"taak": str(task.public_id)}).status_code == 404


@pytest.mark.django_db
def test_a_large_export_runs_as_a_task_and_is_downloaded_by_its_owner(client, login, settings):
    settings.REGISTER_TASK_ROWS = 1
    login("fg")
    response = client.get(reverse("register:export"), {"formaat": "xlsx"})
    task = Task.objects.get(kind="register.export")
    assert response.url == reverse("core:task_detail", args=[task.public_id])
    download = client.get(response.url, follow=True)
    assert download.redirect_chain[-1][0] == reverse("core:task_download", args=[task.public_id])
    assert download["Content-Disposition"].startswith('attachment; filename="verwerkingsregister-')
    assert list(load_workbook(io.BytesIO(download.content)).worksheets[0].iter_rows(values_only=True))[0] == tuple(
        HEADINGS)
