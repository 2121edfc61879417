"""Import of completed trainings from an e-learning export: dry run, round trip, bad rows, API."""

import datetime
import io
import logging

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from privacyregie.people import importing
from privacyregie.people.models import Completion

from .factories import CourseFactory


def _csv(text: str, name="export.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("export.xlsx", buffer.getvalue())


def test_csv_round_trip_dry_run_then_import_then_nothing_new(org, worker):
    CourseFactory(organisation=org, code="privacy-basis", name="Privacy basis", validity_months=12)
    text = "E-mail;Cursus;Afgerond op\njan.jeugd@example.org;privacy-basis;15-01-2026\n"
    report = importing.parse(org, _csv(text))
    assert report.ok and [r.action for r in report.rows] == ["nieuw"]
    assert not Completion.objects.filter(user=worker).exists()  # a dry run writes nothing
    assert importing.apply(org, report) == 1
    completion = Completion.objects.get(user=worker)
    assert completion.completed_on == datetime.date(2026, 1, 15)
    assert completion.valid_until == datetime.date(2027, 1, 14) and completion.source == "import"
    again = importing.parse(org, _csv(text))
    assert again.ok and [r.action for r in again.rows] == ["al bekend"]
    assert importing.apply(org, again) == 0 and Completion.objects.filter(user=worker).count() == 1


def test_xlsx_by_username_and_course_name(org, worker):
    CourseFactory(organisation=org, code="phishing", name="Phishing herkennen")
    report = importing.parse(org, _xlsx([["Gebruikersnaam", "Training", "Datum"],
                                         ["JAN.JEUGD", "Phishing herkennen", "2026-02-01"]]))
    assert report.ok
    importing.apply(org, report)
    assert Completion.objects.get(user=worker).course.code == "phishing"


def test_an_unknown_employee_is_a_row_error_and_nothing_is_imported(org, worker, caplog):
    CourseFactory(organisation=org, code="privacy-basis")
    text = ("gebruikersnaam,training,datum\n"
            "jan.jeugd,privacy-basis,2026-01-15\n"
            "piet.onbekend,privacy-basis,2026-01-15\n"
            "jan.jeugd,bestaat-niet,31-02-2026\n")
    with caplog.at_level(logging.WARNING, logger="privacyregie.people"):
        report = importing.parse(org, _csv(text))
    assert not report.ok
    errors = [e for row in report.invalid for e in row.errors]
    assert errors == ["Rij 3: onbekende medewerker 'piet.onbekend'.",
                      "Rij 4: onbekende training 'bestaat-niet'.",
                      "Rij 4: '31-02-2026' is geen datum (gebruik bijvoorbeeld 2026-03-15 of 15-03-2026)."]
    assert "onbekende medewerker" in caplog.text
    with pytest.raises(ValidationError, match="niets geïmporteerd"):
        importing.apply(org, report)
    assert not Completion.objects.filter(organisation=org).exists()


def test_an_employee_of_another_organisation_is_unknown(org, worker):
    from privacyregie.core.roles import Role
    from privacyregie.core.tests.factories import UserFactory

    stranger = UserFactory(roles=[Role.CASE_WORKER])
    CourseFactory(organisation=org, code="privacy-basis")
    report = importing.parse(org, _csv(f"gebruikersnaam,training,datum\n{stranger.username},privacy-basis,2026-01-15\n"))
    assert report.invalid[0].errors == [f"Rij 2: onbekende medewerker '{stranger.username}'."]


def test_missing_columns_and_future_dates(org, worker):
    report = importing.parse(org, _csv("naam,datum\nx,2026-01-01\n"))
    assert report.file_errors == ["De kolom 'gebruikersnaam' ontbreekt.", "De kolom 'training' ontbreekt."]
    CourseFactory(organisation=org, code="privacy-basis")
    future = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    report = importing.parse(org, _csv(f"gebruikersnaam,training,datum\njan.jeugd,privacy-basis,{future}\n"))
    assert report.invalid[0].errors == ["Rij 2: de datum ligt in de toekomst."]


def test_the_web_import_shows_a_dry_run_then_imports(client, login, org, officer, worker):
    CourseFactory(organisation=org, code="privacy-basis")
    login(officer)
    url = reverse("people:import")
    response = client.post(url, {"action": "check", "file": _csv("gebruikersnaam,training,datum\n"
                                                                 "jan.jeugd,privacy-basis,2026-01-15\n")})
    assert response.status_code == 200 and "Proefimport" in response.content.decode()
    assert not Completion.objects.filter(organisation=org).exists()
    response = client.post(url, {"action": "apply"})
    assert response.status_code == 302 and Completion.objects.filter(user=worker).count() == 1


def test_the_web_import_refuses_a_file_with_an_unknown_employee(client, login, org, officer, worker):
    CourseFactory(organisation=org, code="privacy-basis")
    login(officer)
    response = client.post(reverse("people:import"), {"action": "check", "file": _csv(
        "gebruikersnaam,training,datum\njan.jeugd,privacy-basis,2026-01-15\nwie,privacy-basis,2026-01-15\n")})
    page = response.content.decode()
    assert response.status_code == 400 and "onbekende medewerker &#x27;wie&#x27;" in page
    assert client.post(reverse("people:import"), {"action": "apply"}).status_code == 302
    assert not Completion.objects.filter(organisation=org).exists()


def test_api_dry_run_and_import(client, login, org, officer, worker):
    CourseFactory(organisation=org, code="privacy-basis")
    login(officer)
    url = reverse("api:people-training-import")
    body = "gebruikersnaam,training,datum\njan.jeugd,privacy-basis,2026-01-15\n"
    response = client.post(url, {"bestand": _csv(body), "proef": "true"})
    assert response.status_code == 200 and response.json()["regels"][0]["actie"] == "nieuw"
    assert not Completion.objects.filter(organisation=org).exists()
    response = client.post(url, {"bestand": _csv(body), "proef": "false"})
    assert response.status_code == 201 and response.json()["geimporteerd"] == 1
    bad = body + "onbekend,privacy-basis,2026-01-15\n"
    response = client.post(url, {"bestand": _csv(bad.replace("2026-01-15", "2026-01-16")), "proef": "false"})
    assert response.status_code == 400 and "onbekende medewerker 'onbekend'" in response.content.decode()
    response = client.post(url, {"bestand": _csv(bad), "proef": "true"})
    assert response.status_code == 200 and response.json()["ok"] is False
    assert Completion.objects.filter(organisation=org).count() == 1
