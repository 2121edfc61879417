"""Browser journey: the privacy officer imports an e-learning export. A file with an unknown employee
imports nothing and names the row; the corrected file shows a dry run, then imports, and the overview
shows the coverage per team (R24, issue 14 §1)."""

import datetime

import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_privacy_officer_imports_completed_trainings(page, login_as, shot, tmp_path):
    day = (datetime.date.today() - datetime.timedelta(days=3)).strftime("%d-%m-%Y")
    bad = tmp_path / "export-fout.csv"
    bad.write_text(f"E-mail;Cursus;Afgerond op\nmedewerker.participatie5@demo.privacyregie.nl;privacy-basis;{day}\n"
                   f"niemand@elders.nl;privacy-basis;{day}\n", encoding="utf-8")
    good = tmp_path / "export.csv"
    good.write_text(f"E-mail;Cursus;Afgerond op\nmedewerker.participatie5@demo.privacyregie.nl;privacy-basis;{day}\n"
                    f"medewerker.participatie5@demo.privacyregie.nl;privacyprotocol;{day}\n", encoding="utf-8")
    login_as(page, "fg")
    page.goto("/mensen/team/")
    expect(page.get_by_role("cell", name="80,0%")).to_be_visible()  # Team Participatie BEL before the import
    page.get_by_role("link", name="Importeren uit e-learning").click()
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('Proefimport')")
    expect(page.get_by_text("Rij 3: onbekende medewerker 'niemand@elders.nl'.")).to_be_visible()
    expect(page.get_by_text("er is niets geïmporteerd")).to_be_visible()
    shot(page, "training-import-01-onbekende-medewerker")

    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('Proefimport')")
    expect(page.get_by_role("cell", name="nieuw").first).to_be_visible()
    shot(page, "training-import-02-proefimport")
    page.click("button:has-text('nieuwe regels importeren')")
    page.wait_for_url("**/mensen/team/")
    expect(page.get_by_text("2 gevolgde trainingen geïmporteerd.")).to_be_visible()
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Team Participatie BEL"))
    expect(row.get_by_role("cell", name="100,0%")).to_be_visible()
    shot(page, "training-import-03-overzicht")
