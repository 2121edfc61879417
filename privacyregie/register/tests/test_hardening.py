"""Register: hostile imports, previews kept server-side, safe downloads, a landscape that cannot be hijacked."""

import io
import time
import xml.etree.ElementTree as ET

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.register import importing
from privacyregie.register.models import Agreement, ChainPartner, InformationSystem, ProcessingActivity, SystemLink
from privacyregie.register.tests.factories import BASE

GOOD = {**BASE, "special_categories": "nee", "criminal_data": "nee", "uses_bsn": "ja", "dpia_required": "nee"}
SVG = "{http://www.w3.org/2000/svg}"


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(importing.COLUMNS)
    for row in rows:
        sheet.append([row.get(c, "") for c in importing.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _session_size(client) -> int:
    return len(Session.objects.get(session_key=client.session.session_key).session_data)


@pytest.mark.django_db
def test_import_preview_is_kept_server_side_and_the_session_stays_small(client, login):
    login("informatiemanager")
    rows = [{**GOOD, "name": f"Activiteit {i}", "purposes": "doel " * 150} for i in range(300)]
    data = _xlsx(rows)
    # 300 rows: checked and written by background tasks (run inline in the tests), back on the same pages
    response = client.post(reverse("register:import"), {"file": SimpleUploadedFile("r.xlsx", data)}, follow=True)
    assert response.status_code == 200 and len(response.context["report"].valid) == 300
    assert _session_size(client) < 4096  # the rows themselves are far larger than this
    client.post(reverse("register:import_confirm"), {"token": response.context["token"]})
    assert ProcessingActivity.objects.filter(organisation__slug="bel", name__startswith="Activiteit ").count() == 300
    again = client.post(reverse("register:import_confirm"), {"token": response.context["token"]})
    assert again.status_code == 302  # the staged preview is gone after use


@pytest.mark.django_db
def test_import_preview_of_another_session_cannot_be_confirmed(client, login):
    from django.test import Client

    login("informatiemanager")
    response = client.post(reverse("register:import"),
                           {"file": SimpleUploadedFile("r.csv", _csv_bytes([{**GOOD, "name": "Van een ander"}]))})
    other = Client()
    login("fg", other)
    other.post(reverse("register:import_confirm"), {"token": response.context["token"]})
    assert not ProcessingActivity.objects.filter(name="Van een ander").exists()


def _csv_bytes(rows) -> bytes:
    lines = [";".join(importing.COLUMNS)] + [";".join(r.get(c, "") for c in importing.COLUMNS) for r in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.django_db
def test_zip_bomb_import_is_refused_quickly_with_a_message(client, login):
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_xlsx([GOOD])))
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w", force_zip64=True) as stream:
                    stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                 b"<sheetData>")
                    for _ in range(40):
                        stream.write(row)
                    stream.write(b"</sheetData></worksheet>")
            else:
                target.writestr(info, source.read(info))
    login("informatiemanager")
    start = time.perf_counter()
    response = client.post(reverse("register:import"), {"file": SimpleUploadedFile("r.xlsx", out.getvalue())})
    assert time.perf_counter() - start < 2
    assert response.status_code == 200 and "uitgepakt te groot" in response.content.decode()
    assert _session_size(client) < 4096


@pytest.mark.django_db
def test_exported_formulas_import_back_to_the_same_values():
    from privacyregie.register import exporting
    from privacyregie.register.tests.factories import activity

    source = OrganisationFactory()
    activity(source, name="=HYPERLINK(\"x\")", purposes="-min of meer")
    target = OrganisationFactory()
    for data, name in [(exporting.to_csv(source), "r.csv"), (exporting.to_xlsx(source), "r.xlsx")]:
        report = importing.parse(target, SimpleUploadedFile(name, data))
        assert report.ok and report.rows[0].data["name"] == "=HYPERLINK(\"x\")"
        assert report.rows[0].data["purposes"] == "-min of meer"


@pytest.mark.django_db
def test_agreement_document_keeps_its_name_with_quotes(client, login):
    from privacyregie.core.files import store_encrypted

    partner = ChainPartner.objects.filter(organisation__slug="bel").first()
    agreement = Agreement.objects.create(organisation=partner.organisation, partner=partner, kind="convenant",
                                         title="Met naam", status="getekend", document_name='VO "definitief" v2.pdf',
                                         document_storage=store_encrypted(b"%PDF-1.4 x"))
    login("fg")
    response = client.get(reverse("register:agreement_document", args=[agreement.pk]))
    assert response["Content-Disposition"] == content_disposition_header(True, 'VO "definitief" v2.pdf')


HOSTILE_NAMES = [
    '<<TABLE><TR><TD><IMG SRC="/etc/hostname"/></TD></TR></TABLE>>',
    "<<B>vet</B>>",
    'aanhalings"teken',
    "back\\slash \\N \\G \\L \\",
    "nieuwe\nregel",
    "<script>alert(1)</script> & co",
]


@pytest.mark.django_db
def test_landscape_shows_hostile_names_as_text(client, login):
    org = OrganisationFactory()
    supplier = ChainPartner.objects.create(organisation=org, name='<<I>lev</I>>"\\', kind="leverancier",
                                           role="verwerker")
    systems = [InformationSystem.objects.create(organisation=org, name=name, supplier=supplier if i == 0 else None)
               for i, name in enumerate(HOSTILE_NAMES)]
    SystemLink.objects.create(organisation=org, source=systems[0], target=systems[1], encrypted=False,
                              protocol='<<TABLE><TR><TD>x</TD></TR></TABLE>>')
    from privacyregie.core.roles import Role
    from privacyregie.core.tests.factories import UserFactory

    login(UserFactory(organisation=org, roles=[Role.INFORMATION_MANAGER]))
    response = client.get(reverse("register:landscape_svg"))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    texts = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}
    for name in HOSTILE_NAMES:
        assert " ".join(name.split()) in texts, name
    assert '(<<I>lev</I>>"\\)' in texts
    assert '<<TABLE><TR><TD>x</TD></TR></TABLE>>' in texts
    assert not list(root.iter(f"{SVG}image"))  # no file was pulled into the picture
    assert client.get(reverse("register:landscape")).status_code == 200
