"""Browser journey: the information manager imports a register (dry run, then import), views
the application landscape picture, the checks, and the processor's register (AVG art. 30(2))."""

import pytest

from privacyregie.register import importing
from privacyregie.register.tests.factories import BASE

ROW = {**BASE, "name": "Leerlingenvervoer", "special_categories": "ja", "criminal_data": "nee", "uses_bsn": "ja",
       "dpia_required": "ja", "retention_period": "P7Y"}


@pytest.mark.django_db(transaction=True)
def test_import_register_and_view_landscape(page, login_as, shot, tmp_path):
    csv_file = tmp_path / "register.csv"
    csv_file.write_text(";".join(importing.COLUMNS) + "\n" + ";".join(str(ROW.get(c, "")) for c in importing.COLUMNS) + "\n")
    login_as(page, "informatiemanager")
    page.goto("/register/importeren/")
    page.set_input_files("input[type=file]", str(csv_file))
    page.click("button:has-text('Controleren')")
    assert "Leerlingenvervoer" in page.content() and "nieuw" in page.content()
    shot(page, "register-01-import-controle")
    page.click("button:has-text('Importeren')")
    page.wait_for_url("**/register/")
    assert "Leerlingenvervoer" in page.content()
    shot(page, "register-02-na-import")
    page.goto("/register/landschap/")
    svg = page.locator("svg.landscape__svg")
    svg.wait_for()
    assert page.locator("text=Printstraat").count() > 0
    shot(page, "register-03-landschap")
    page.goto("/register/controles/")
    assert "Koppeling zonder versleuteling" in page.content()
    shot(page, "register-04-controles")
    page.goto("/register/verwerker/")
    assert "College van burgemeester en wethouders van Eemnes" in page.content()
    shot(page, "register-05-register-van-de-verwerker")
    page.goto("/register/activiteit/nieuw/")
    page.fill("input[name=name]", "Zonder art. 30-gegevens")
    page.click("button:has-text('Opslaan')")
    assert "Ontbreekt (AVG art. 30 lid 1 onder a)" in page.content()
    shot(page, "register-06-art30-verplichte-velden")
