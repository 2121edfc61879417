"""Compliance: hostile framework files are refused quickly with a message; evidence names are handled safely."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.http import content_disposition_header

from privacyregie.compliance.models import Framework

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)) + \
    "objects: {framework: {urn: x, name: x, requirement_nodes: [{urn: n, name: *i}], translations: *i}}\n"


@pytest.mark.parametrize(("text", "message"), [
    (BILLION_LAUGHS, "te veel YAML-verwijzingen"),
    ("[" * 50_000 + "]" * 50_000, "te diep genest"),
    ("".join(" " * i + "a:\n" for i in range(100)), "te diep genest"),
    ("a: " + "9" * 5000 + "\n", "niet kan worden gelezen"),
])
def test_hostile_framework_file_is_refused_quickly_with_a_message(client, login, officer, text, message):
    login(officer)
    start = time.perf_counter()
    response = client.post(reverse("compliance:frameworks"), {"file": SimpleUploadedFile("x.yaml", text.encode())},
                           follow=True)
    assert time.perf_counter() - start < 2
    assert response.status_code == 200 and message in response.content.decode()
    assert not Framework.objects.filter(organisation=officer.organisation).exists()


def _item(assessment):
    return assessment.items.order_by("pk").first()


def test_too_long_evidence_name_gets_a_message_about_length(client, login, officer, assessment):
    item = _item(assessment)
    login(officer)
    url = reverse("compliance:evidence_upload", kwargs={"pk": item.pk})
    response = client.post(url, {"file": SimpleUploadedFile("verslag-" + "x" * 240 + ".pdf", b"%PDF-1.4 x")},
                           follow=True)
    page = response.content.decode()
    assert "De bestandsnaam is te lang" in page and "bestandstype is niet toegestaan" not in page
    assert not item.evidence.exists()


def test_evidence_download_keeps_a_quoted_name_and_drops_direction_overrides(client, login, officer, assessment):
    item = _item(assessment)
    login(officer)
    url = reverse("compliance:evidence_upload", kwargs={"pk": item.pk})
    client.post(url, {"file": SimpleUploadedFile('beleid "2026" \u202etxt.exe.txt', b"Privacybeleid")})
    evidence = item.evidence.get()
    assert evidence.name == 'beleid "2026" txt.exe.txt'
    response = client.get(reverse("compliance:evidence_download", kwargs={"pk": evidence.pk}))
    assert response["Content-Disposition"] == content_disposition_header(True, 'beleid "2026" txt.exe.txt')
