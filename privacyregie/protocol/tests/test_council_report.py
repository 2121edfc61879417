"""The council report's section "Mensen en leveranciers": n.v.t. with a reason when people or suppliers are
absent, their figures when present, and never a person's name."""

from django.urls import reverse

from privacyregie.compliance import reports, scorecard
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory

from .factories import bottleneck

PEOPLE = {"training_completion_pct": 87.5, "attestations_outstanding": 4,
          "training_by_team": {"Jeugdteam": 90, "Wmo-team": 80}}
SUPPLIERS = {"remote_access_approved": 6, "remote_access_refused": 2, "out_of_window_sessions": 1}


def _with(monkeypatch, **fakes):
    real = scorecard._service

    def service(app):
        if app in fakes:
            return fakes[app]
        return real(app)

    monkeypatch.setattr(scorecard, "_service", service)


def _rows(section):
    return {row.label: (row.display, row.reason) for row in section["rows"]}


def test_absent_people_and_suppliers_are_nvt_with_the_reason(org, monkeypatch):
    _with(monkeypatch, people=None, suppliers=None)
    rows = _rows(reports.people_section(org))
    assert rows["Medewerkers met geldige verplichte training"] == ("n.v.t.", "onderdeel nog niet beschikbaar")
    assert rows["Sessies van leveranciers buiten een goedgekeurd venster (aantal)"] == (
        "n.v.t.", "onderdeel nog niet beschikbaar")
    assert rows["Knelpunten privacyprotocol open (aantal)"] == ("0", "")


def test_present_figures_are_shown_with_teams_and_themes(worker, officer, monkeypatch):
    from privacyregie.protocol import services

    _with(monkeypatch, people=lambda o, s, e: PEOPLE, suppliers=lambda o, s, e: SUPPLIERS)
    found = bottleneck(worker)
    services.categorise(found, officer, themes=services.themes_for(worker.organisation).filter(
        name="Rollen en autorisaties"), requirements=[])
    section = reports.people_section(worker.organisation)
    rows = _rows(section)
    assert rows["Medewerkers met geldige verplichte training"] == ("87,5%", "")
    assert rows["Verklaringen die nog ondertekend moeten worden (aantal)"] == ("4", "")
    assert rows["Inbelverzoeken van leveranciers goedgekeurd (aantal)"] == ("6", "")
    assert rows["Inbelverzoeken van leveranciers geweigerd (aantal)"] == ("2", "")
    assert rows["Knelpunten privacyprotocol gemeld (aantal)"] == ("1", "")
    assert [(t.label, t.display) for t in section["teams"]] == [("Jeugdteam", "90%"), ("Wmo-team", "80%")]
    assert [(t.label, t.display) for t in section["themes"]] == [("Rollen en autorisaties", "1")]


def test_a_list_of_team_dicts_and_a_missing_key_are_understood(org, monkeypatch):
    people = {"training_by_team": [{"team": "Toegang", "pct": 50}]}
    _with(monkeypatch, people=lambda o, s, e: people)
    section = reports.people_section(org)
    assert [(t.label, t.display) for t in section["teams"]] == [("Toegang", "50%")]
    assert _rows(section)["Medewerkers met geldige verplichte training"] == ("n.v.t.", "onderdeel nog niet beschikbaar")


def test_a_failing_capability_is_nvt_and_logged(org, monkeypatch, caplog):
    def broken(o, s, e):
        raise RuntimeError("kapot")

    _with(monkeypatch, suppliers=broken)
    rows = _rows(reports.people_section(org))
    assert rows["Inbelverzoeken van leveranciers goedgekeurd (aantal)"][0] == "n.v.t."
    assert "scorecard_figures of suppliers failed" in caplog.text


def test_the_scorecard_page_and_pdf_carry_the_section_without_names(client, login, worker, monkeypatch):
    _with(monkeypatch, people=lambda o, s, e: PEOPLE, suppliers=lambda o, s, e: SUPPLIERS)
    bottleneck(worker)
    council = UserFactory(organisation=worker.organisation, roles=[Role.COUNCIL])
    login(council)
    page = client.get(reverse("compliance:scorecard")).content.decode()
    assert "Mensen en leveranciers" in page and "87,5%" in page and "Jeugdteam" in page
    assert worker.last_name not in page and worker.username not in page
    pdf = client.get(reverse("compliance:scorecard_pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_suppliers_window_keys_are_read_too(org, monkeypatch):
    figures = {"windows_approved": 3, "windows_refused": 1, "out_of_window_sessions": 0}
    _with(monkeypatch, suppliers=lambda o, s, e: figures)
    rows = _rows(reports.people_section(org))
    assert rows["Inbelverzoeken van leveranciers goedgekeurd (aantal)"] == ("3", "")
    assert rows["Inbelverzoeken van leveranciers geweigerd (aantal)"] == ("1", "")
    assert rows["Sessies van leveranciers buiten een goedgekeurd venster (aantal)"] == ("0", "")


def test_the_people_team_list_with_an_empty_team_is_understood(org, monkeypatch):
    from decimal import Decimal

    people = {"training_completion_pct": Decimal("66.7"), "attestations_outstanding": 0,
              "training_by_team": [{"team": "Jeugdteam", "pct": Decimal("66.7")}, {"team": "Leeg", "pct": None}]}
    _with(monkeypatch, people=lambda o, s, e: people)
    section = reports.people_section(org)
    assert [(t.label, t.display, t.reason) for t in section["teams"]] == [
        ("Jeugdteam", "66,7%", ""), ("Leeg", "n.v.t.", "geen gegevens in dit kwartaal")]
