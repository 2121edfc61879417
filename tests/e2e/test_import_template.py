"""Browser journey (issue 11, section 7): the information manager downloads the XLSX template, fills
it in as a person would (Dutch labels, ja/nee, "2 jaar"), imports it (dry run, then for real) and
reads the errors in Dutch; a large file is checked by a background task with a progress bar."""

import io

import pytest
from openpyxl import load_workbook

from privacyregie.register.models import ProcessingActivity

HEADINGS_USED = {
    "Naam": "Leerlingenvervoer", "Status": "In gebruik", "Naam van de verwerkingsverantwoordelijke": "College",
    "Adres van de verwerkingsverantwoordelijke": "Postbus 1, 1000 AA Testdorp",
    "Contactgegevens van de verwerkingsverantwoordelijke (telefoon, e-mail)": "privacy@test.example.nl",
    "Functionaris gegevensbescherming (naam en contact)": "FG, fg@test.example.nl",
    "Doeleinden": "Vervoer naar school regelen", "Grondslag": "Wettelijke verplichting (art. 6 lid 1c)",
    "Wetsartikel": "art. 4 WPO", "Verantwoordelijk bestuursorgaan": "College van B en W",
    "Categorieën betrokkenen": "Leerlingen, ouders", "Categorieën persoonsgegevens": "NAW, beperking",
    "Bijzondere persoonsgegevens (o.a. gezondheid)": "ja", "Strafrechtelijke gegevens": "nee", "BSN": "ja",
    "Categorieën ontvangers (ook in derde landen)": "Vervoerders", "Geen ontvangers": "nee",
    "Doorgifte naar derde landen": "Geen doorgifte naar derde landen of internationale organisaties",
    "Bewaartermijn": "2 jaar",
    "Algemene beschrijving beveiligingsmaatregelen (technisch en organisatorisch)": "Versleuteling, 2FA",
    "DPIA verplicht": "ja",
}


def _download_template(page, tmp_path):
    page.goto("/register/importeren/")
    with page.expect_download() as info:
        page.click("text=Download het sjabloon (Excel)")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(str(path))
    assert path.name == "sjabloon-verwerkingsregister.xlsx"
    return load_workbook(path)


def _fill(workbook, rows, path):
    sheet = workbook.worksheets[0]
    headings = [c.value for c in sheet[1]]
    sheet.delete_rows(2)  # the example row
    for row in rows:
        sheet.append([row.get(h, "") for h in headings])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.django_db(transaction=True)
def test_template_download_fill_and_import(page, login_as, shot, tmp_path):
    login_as(page, "informatiemanager")
    workbook = _download_template(page, tmp_path)
    assert "Toelichting" in workbook.sheetnames
    shot(page, "import-01-importpagina-met-sjabloon")
    rows = [HEADINGS_USED, {**HEADINGS_USED, "Naam": "Gehandicaptenparkeerkaart", "Bewaartermijn": "6 maanden"},
            {**HEADINGS_USED, "Naam": "Fout in de BSN-kolom", "BSN": "misschien"}]
    upload = _fill(workbook, rows, tmp_path / "ingevuld.xlsx")
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Controleren')")
    content = page.content()
    assert "Rij 4, kolom 'BSN': 'misschien' is geen geldige waarde; vul ja of nee in." in page.inner_text("main")
    assert "Leerlingenvervoer" in content and "nieuw" in content
    assert not ProcessingActivity.objects.filter(name="Leerlingenvervoer").exists()  # a dry run only
    shot(page, "import-02-controle-in-het-nederlands")
    page.click("button:has-text('Alleen de goede regels importeren')")
    page.wait_for_url("**/register/")
    assert "2 verwerkingsactiviteiten geïmporteerd of bijgewerkt." in page.inner_text("main")
    shot(page, "import-03-na-import")
    stored = ProcessingActivity.objects.get(name="Gehandicaptenparkeerkaart", organisation__slug="bel").current
    assert (stored.retention_period, stored.legal_basis, stored.uses_bsn) == ("P6M", "wettelijke_verplichting", True)


@pytest.mark.django_db(transaction=True)
def test_a_large_import_shows_progress_then_the_dry_run(page, login_as, shot, tmp_path, settings):
    settings.TASKS_RUNNER = "thread"
    settings.REGISTER_TASK_ROWS = 5
    login_as(page, "informatiemanager")
    workbook = _download_template(page, tmp_path)
    rows = [{**HEADINGS_USED, "Naam": f"Activiteit {i:03}"} for i in range(60)]
    upload = _fill(workbook, rows, tmp_path / "groot.xlsx")
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Controleren')")
    page.wait_for_url("**/taken/**")
    if page.locator("progress").count():
        assert page.locator("text=Vernieuwen").count() == 1
        shot(page, "import-04-voortgang")
    page.wait_for_url("**/register/importeren/?taak=*", timeout=120000)  # the script reloads when done
    assert "Activiteit 059" in page.content()
    shot(page, "import-05-controle-na-taak")
    # The writing step runs in the request here: the test database is SQLite in memory with a shared
    # cache, where one long write transaction makes other connections fail at once ("table is locked")
    # instead of waiting as a file database in WAL mode does. Writing as a task is tested in
    # register/tests/test_import_language.py and core/tests/test_tasks.py.
    settings.REGISTER_TASK_ROWS = 1000
    page.click("button:has-text('Importeren')")
    page.wait_for_url("**/register/", timeout=120000)
    assert "60 verwerkingsactiviteiten geïmporteerd of bijgewerkt." in page.inner_text("main")
    assert ProcessingActivity.objects.filter(name__startswith="Activiteit ", organisation__slug="bel").count() == 60
