"""Register: versioning, checks, import (round trip and bad input), exports, landscape, public page, API."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.models import Organisation
from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.register import exporting, importing, services
from privacyregie.register.models import (
    Agreement,
    ChainPartner,
    InformationSystem,
    ProcessingActivity,
    ProcessingActivityVersion,
    SystemLink,
)
from privacyregie.register.tests.factories import BASE, activity, legacy_activity


@pytest.mark.django_db
def test_log_entry_keeps_pointing_at_the_version_in_force():
    org = OrganisationFactory()
    act = activity(org)
    first = act.current
    moment = timezone.now()
    services.save_activity(org, {**BASE, "retention_period": "P7Y"}, activity=act,
                           valid_from=moment + timedelta(seconds=1))
    assert act.versions.count() == 2
    assert services.version_in_force(act, at=moment) == first
    assert services.version_in_force(act, at=moment + timedelta(seconds=2)).retention_period == "P7Y"
    assert act.current.retention_period == "P7Y"
    first.refresh_from_db()
    assert first.retention_period == "P5Y"  # old versions stay readable, unchanged


@pytest.mark.django_db
def test_kernel_log_stores_the_register_version_of_the_case():
    from privacyregie.dossiers.models import Case
    from privacyregie.kernel.models import ProcessingLogEntry

    case = Case.objects.get(organisation__slug="bel", reference="C-2026-0001")
    version = ProcessingActivity.objects.get(organisation__slug="bel", name="Jeugdhulp toewijzen").current
    from privacyregie.core.models import User
    from privacyregie.kernel.policy import Action, Purpose
    from privacyregie.kernel.services import access

    member = User.objects.get(username="consulent.jeugd")
    access(None, Action.VIEW, case, Purpose.CASE_WORK, user=member)
    entry = ProcessingLogEntry.objects.filter(target_id=str(case.uuid)).order_by("-id").first()
    assert entry.processing_activity_version_id == str(version.version_id)


@pytest.mark.django_db
def test_checks_find_each_kind_of_problem():
    org = OrganisationFactory()
    legacy_activity(org, name="Zonder bewaartermijn", **{k: v for k, v in BASE.items()
                                                         if k not in ("name", "retention_period")})
    activity(org, name="Gezondheid zonder DPIA", special_categories=True, dpia_link="")
    processor = ChainPartner.objects.create(organisation=org, name="Verwerker", kind="leverancier", role="verwerker")
    other = ChainPartner.objects.create(organisation=org, name="Partner", kind="zorgaanbieder", role="verantwoordelijke")
    Agreement.objects.create(organisation=org, partner=other, kind="convenant", title="Oud convenant", status="getekend",
                             starts_on=timezone.localdate() - timedelta(days=900),
                             ends_on=timezone.localdate() - timedelta(days=1), last_report_on=timezone.localdate())
    Agreement.objects.create(organisation=org, partner=other, kind="convenant", title="Rapport te laat", status="getekend",
                             starts_on=timezone.localdate() - timedelta(days=900),
                             ends_on=timezone.localdate() + timedelta(days=300),
                             last_report_on=timezone.localdate() - timedelta(days=500))
    a = InformationSystem.objects.create(organisation=org, name="A", owner="X")
    b = InformationSystem.objects.create(organisation=org, name="B", owner="")
    SystemLink.objects.create(organisation=org, source=a, target=b, encrypted=False)
    kinds = {issue.kind for issue in services.checks(org)}
    assert kinds == {"art30_missing", "no_dpia", "processor_without_agreement", "agreement_expired", "report_overdue",
                     "link_unencrypted", "system_without_owner"}
    assert processor.name in {i.label for i in services.checks(org)}


@pytest.mark.django_db
def test_checks_page_shows_demo_problems(client, login):
    login("fg")
    content = client.get(reverse("register:checks")).content.decode()
    assert "Koppeling zonder versleuteling" in content
    assert "Printstraat Noord B.V." in content  # processor without agreement
    assert "Overeenkomst is verlopen" in content


def _upload(content: bytes, name: str):
    return SimpleUploadedFile(name, content)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_round_trip_gives_the_same_register(fmt):
    source = Organisation.objects.get(slug="bel")
    target = OrganisationFactory()
    data = exporting.to_csv(source) if fmt == "csv" else exporting.to_xlsx(source)
    report = importing.parse(target, _upload(data, f"register.{fmt}"))
    assert report.ok, (report.file_errors, [r.errors for r in report.invalid])
    assert importing.apply(target, report) == ProcessingActivity.objects.filter(organisation=source).count()
    assert exporting.activity_rows(target) == exporting.activity_rows(source)
    again = importing.parse(target, _upload(data, f"register.{fmt}"))
    assert {r.action for r in again.rows} == {"ongewijzigd"}
    assert importing.apply(target, again) == 0


def _csv(rows, header=None):
    header = header or importing.COLUMNS
    lines = [";".join(header)] + [";".join(r.get(c, "") for c in header) for r in rows]
    return ("\n".join(lines) + "\n").encode()


GOOD = {**BASE, "special_categories": "nee", "criminal_data": "nee", "uses_bsn": "ja", "dpia_required": "nee"}


@pytest.mark.django_db
@pytest.mark.parametrize(("rows", "header", "message"), [
    ([GOOD], ["name", "controller"], "Ontbrekende kolommen: 'Grondslag'."),
    ([GOOD], [*importing.COLUMNS, "onzin"], "Onbekende kolommen: 'onzin'."),
    ([GOOD], [*importing.COLUMNS, "Naam"], "De kolom 'Naam' staat twee keer in het bestand."),
    ([GOOD, GOOD], None, "Rij 3, kolom 'Naam': dezelfde naam staat ook op rij 2."),
    ([{**GOOD, "legal_basis": "omdat het kan"}], None,
     "Rij 2, kolom 'Grondslag': 'omdat het kan' is geen geldige keuze. Kies uit: Wettelijke verplichting"),
    ([{**GOOD, "responsible_body": "de buurman"}], None,
     "Rij 2, kolom 'Verantwoordelijk bestuursorgaan': 'de buurman' is geen geldige keuze."),
    ([{**GOOD, "status": "half af"}], None, "Rij 2, kolom 'Status': 'half af' is geen geldige keuze."),
    ([{**GOOD, "transfers_outside_eea": "soms"}], None,
     "Rij 2, kolom 'Doorgifte naar derde landen': 'soms' is geen geldige keuze."),
    ([{**GOOD, "retention_period": "vijftien jaar"}], None,
     "Rij 2, kolom 'Bewaartermijn': 'vijftien jaar' is geen bewaartermijn."),
    ([{**GOOD, "uses_bsn": "misschien"}], None, "Rij 2, kolom 'BSN': 'misschien' is geen geldige waarde; vul ja of nee in."),
    ([{**GOOD, "purposes": ""}], None, "Rij 2, kolom 'Doeleinden': Ontbreekt (AVG art. 30 lid 1 onder b): doeleinden."),
    ([{**GOOD, "legal_basis": ""}], None, "Rij 2, kolom 'Grondslag': is verplicht."),
    ([{**GOOD, "name": ""}], None, "Rij 2, kolom 'Naam': is verplicht."),
    ([{**GOOD, "dpia_link": "geen link"}], None, "Rij 2, kolom 'Link naar DPIA': "),
    ([{**GOOD, "legal_article": "art.\x01 1"}], None, "Rij 2, kolom 'Wetsartikel': "),
    ([{**GOOD, "name": "x" * 201}], None, "Rij 2, kolom 'Naam': "),
    ([{**GOOD, "no_recipients": "ja"}], None,
     "Rij 2, kolom 'Categorieën ontvangers (ook in derde landen)': Kies 'geen ontvangers' óf"),
])
def test_bad_import_reports_per_row_and_imports_nothing(rows, header, message):
    org = OrganisationFactory()
    report = importing.parse(org, _upload(_csv(rows, header), "register.csv"))
    problems = report.file_errors + [e for r in report.rows for e in r.errors]
    assert any(p.startswith(message) for p in problems), problems
    internal = set(importing.COLUMNS) - {"name"}  # no internal field name in any message
    assert not [p for p in problems for f in internal if f"{f}:" in p or f"'{f}'" in p], problems
    with pytest.raises(Exception, match="niets"):
        importing.apply(org, report)
    assert not ProcessingActivity.objects.filter(organisation=org).exists()


@pytest.mark.django_db
def test_import_of_only_valid_rows_when_chosen():
    org = OrganisationFactory()
    report = importing.parse(org, _upload(_csv([GOOD, {**GOOD, "name": "Fout", "legal_basis": "x"}]), "r.csv"))
    assert len(report.valid) == 1 and len(report.invalid) == 1
    assert importing.apply(org, report, only_valid=True) == 1
    assert list(ProcessingActivity.objects.filter(organisation=org).values_list("name", flat=True)) == ["Testactiviteit"]


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "name", "message"), [
    (b"dit is geen excel", "register.xlsx", "geen geldig Excel"),
    (b"PK\x03\x04kapot", "register.xlsx", "geen geldig Excel"),
    (b"\xff\xfe\x00", "register.csv", "UTF-8"),
    (b"a;b\n", "register.pdf", ".csv- of .xlsx"),
    (b"x" * (importing.MAX_IMPORT_SIZE + 10), "register.csv", "te groot"),
])
def test_import_rejects_bad_files(content, name, message):
    report = importing.parse(OrganisationFactory(), _upload(content, name))
    assert any(message in e for e in report.file_errors), report.file_errors


@pytest.mark.django_db
def test_import_through_the_pages_with_dry_run(client, login):
    login("informatiemanager")
    data = _csv([{**GOOD, "name": "Nieuwe activiteit uit Excel"}])
    response = client.post(reverse("register:import"), {"file": _upload(data, "r.csv")})
    assert "nieuw" in response.content.decode()
    assert not ProcessingActivity.objects.filter(name="Nieuwe activiteit uit Excel").exists()  # dry run only
    response = client.post(reverse("register:import_confirm"), {"token": response.context["token"]})
    assert response.status_code == 302
    assert ProcessingActivity.objects.filter(name="Nieuwe activiteit uit Excel", organisation__slug="bel").exists()


@pytest.mark.django_db
def test_council_reads_but_cannot_edit(client, login):
    login("raad")
    assert client.get(reverse("register:index")).status_code == 200
    assert client.get(reverse("register:activity_create")).status_code == 403
    response = client.post("/api/v1/verwerkingsactiviteiten", {**BASE, "name": "Raad"}, content_type="application/json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_editing_through_the_page_adds_a_version(client, login):
    login("fg")
    act = ProcessingActivity.objects.filter(organisation__slug="bel").first()
    data = {k: v for k, v in services.version_data(act.current).items() if v not in (False, None)}
    data.update({"retention_period": "P25Y", "change_note": "langer bewaren"})
    response = client.post(reverse("register:activity_edit", args=[act.pk]), data)
    assert response.status_code == 302
    assert act.versions.count() == 2 and act.current.retention_period == "P25Y"
    bad = client.post(reverse("register:activity_edit", args=[act.pk]), {**data, "retention_period": "lang"})
    assert bad.status_code == 200 and "ISO 8601" in bad.content.decode()
    assert act.versions.count() == 2


@pytest.mark.django_db
def test_exports_in_every_format(client, login):
    login("fg")
    for fmt, start in [("csv", "\ufeffNaam;Status".encode()), ("xlsx", b"PK"), ("json", b"{"), ("pdf", b"%PDF")]:
        response = client.get(reverse("register:export"), {"formaat": fmt})
        assert response.status_code == 200 and response.content.startswith(start), fmt
    assert client.get(reverse("register:export"), {"formaat": "doc"}).status_code == 404
    vng = client.get("/api/v1/register/vng").json()
    assert {"naam", "grondslagen", "bewaartermijn", "categorieenBetrokkenen", "uuid"} <= set(vng[0])


@pytest.mark.django_db
def test_landscape_svg_marks_unencrypted_links_and_missing_agreements(client, login):
    login("informatiemanager")
    response = client.get(reverse("register:landscape_svg"))
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "<svg" in svg and "ONVERSLEUTELD" in svg and "GEEN verwerkersovereenkomst" in svg
    assert "#app-" in svg  # clickable nodes


@pytest.mark.django_db
def test_public_privacy_statement_needs_no_login(client):
    act = ProcessingActivity.objects.get(organisation__slug="bel", name="Wmo-maatwerkvoorziening")
    response = client.get(reverse("register:public_statement", args=["bel", act.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Hoe lang bewaren wij ze?" in content and "Autoriteit Persoonsgegevens" in content
    assert client.get(reverse("register:public_statement", args=["haren", act.pk])).status_code == 404


@pytest.mark.django_db
def test_api_create_and_update_add_versions_with_validation(client, login):
    login("fg")
    response = client.post("/api/v1/verwerkingsactiviteiten", {**BASE, "name": "Via API"}, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = ProcessingActivity.objects.get(name="Via API").pk
    response = client.put(f"/api/v1/verwerkingsactiviteiten/{pk}", {**BASE, "name": "Via API", "retention_period": "P1Y"},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["number"] == 2
    bad = client.post("/api/v1/verwerkingsactiviteiten", {**BASE, "name": "Fout", "legal_basis": "onzin"},
                      content_type="application/json")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    assert not ProcessingActivity.objects.filter(name="Fout").exists()
    assert ProcessingActivityVersion.objects.filter(activity_id=pk).count() == 2


@pytest.mark.django_db
def test_starter_set_retention_follows_selectielijst():
    org = OrganisationFactory()
    from privacyregie.register.starter import load_starter_set

    assert load_starter_set(org) == 5
    assert load_starter_set(org) == 0
    retention = {a.name: a.current.retention_period for a in ProcessingActivity.objects.filter(organisation=org)}
    assert retention["Jeugdhulp toewijzen"] == "P20Y" and retention["Wmo-maatwerkvoorziening"] == "P15Y"
    assert retention["Schuldhulpverlening"] == "P5Y" and retention["Bijstand (Participatiewet)"] == "P10Y"


@pytest.mark.django_db
def test_scorecard_figures():
    figures = services.scorecard_figures(Organisation.objects.get(slug="bel"))
    assert figures["activities_total"] == 5
    assert figures["processors_without_signed_agreement"] >= 1 and figures["agreements_expired"] >= 1


def test_oin_and_kvk_validation():
    from django.core.exceptions import ValidationError

    from privacyregie.register.models import validate_kvk, validate_oin

    validate_oin("00000001821699180000")
    with pytest.raises(ValidationError):
        validate_oin("123")
    with pytest.raises(ValidationError):
        validate_kvk("1234")



@pytest.mark.django_db
def test_agreement_reminders_are_sent_once():
    from privacyregie.core.models import Notification
    from privacyregie.register.jobs import agreement_reminders

    org = Organisation.objects.get(slug="bel")
    partner = ChainPartner.objects.filter(organisation=org).first()
    Agreement.objects.create(organisation=org, partner=partner, kind="convenant", title="Loopt bijna af", status="getekend",
                             starts_on=timezone.localdate() - timedelta(days=300),
                             ends_on=timezone.localdate() + timedelta(days=10), last_report_on=timezone.localdate())
    first = agreement_reminders()
    assert first > 0
    assert Notification.objects.filter(subject__contains="Loopt bijna af", recipient__username="fg").count() == 1
    assert agreement_reminders() == 0


@pytest.mark.django_db
def test_edit_partner_agreement_with_encrypted_document_and_links(client, login):
    login("informatiemanager")
    response = client.post(reverse("register:object_create", args=["ketenpartner"]),
                           {"name": "Nieuwe zorgaanbieder", "kind": "zorgaanbieder", "role": "verwerker", "oin": "123"})
    assert response.status_code == 200 and "20 cijfers" in response.content.decode()
    assert not ChainPartner.objects.filter(name="Nieuwe zorgaanbieder").exists()
    response = client.post(reverse("register:object_create", args=["ketenpartner"]),
                           {"name": "Nieuwe zorgaanbieder", "kind": "zorgaanbieder", "role": "verwerker"})
    partner = ChainPartner.objects.get(name="Nieuwe zorgaanbieder")
    assert partner.organisation.slug == "bel"
    bad = client.post(reverse("register:object_create", args=["overeenkomst"]), {
        "partner": partner.pk, "kind": "verwerkersovereenkomst", "title": "VO", "status": "getekend",
        "report_interval_months": 12, "document": SimpleUploadedFile("vo.pdf", b"geen pdf")})
    assert "past niet" in bad.content.decode()
    client.post(reverse("register:object_create", args=["overeenkomst"]), {
        "partner": partner.pk, "kind": "verwerkersovereenkomst", "title": "VO", "status": "getekend",
        "report_interval_months": 12, "document": SimpleUploadedFile("vo.pdf", b"%PDF-1.4 ondertekend")})
    agreement = Agreement.objects.get(partner=partner, title="VO")
    assert agreement.document_storage
    from pathlib import Path

    from django.conf import settings

    stored = (Path(settings.MEDIA_ROOT) / agreement.document_storage[:2] / agreement.document_storage).read_bytes()
    assert b"ondertekend" not in stored  # encrypted at rest
    download = client.get(reverse("register:agreement_document", args=[agreement.pk]))
    assert download.content == b"%PDF-1.4 ondertekend"
    system = InformationSystem.objects.filter(organisation__slug="bel").first()
    same = client.post(reverse("register:object_create", args=["koppeling"]),
                       {"source": system.pk, "target": system.pk, "direction": "enkel"})
    assert "twee verschillende" in same.content.decode()
    haren = OrganisationFactory()
    foreign = InformationSystem.objects.create(organisation=haren, name="Vreemd")
    other = client.post(reverse("register:object_create", args=["koppeling"]),
                        {"source": system.pk, "target": foreign.pk, "direction": "enkel"})
    assert other.status_code == 200 and not SystemLink.objects.filter(target=foreign).exists()


def _current_controllers(slug):
    return {a.current.controller for a in ProcessingActivity.objects.filter(organisation__slug=slug) if a.current}


@pytest.mark.django_db
def test_the_three_colleges_are_the_controllers_and_bel_executes():
    """BEL Combinatie carries out the tasks of Blaricum, Eemnes and Laren; their colleges are the controllers."""
    controllers = _current_controllers("bel")
    assert controllers
    for controller in controllers:
        assert controller.lower().startswith("de colleges van burgemeester en wethouders van blaricum, eemnes en laren")
        assert "BEL Combinatie" not in controller and "B en W" not in controller


@pytest.mark.django_db
def test_a_single_municipality_names_its_own_college():
    assert _current_controllers("haren") == {"College van burgemeester en wethouders van Haren"}


@pytest.mark.django_db
def test_the_starter_set_names_the_colleges_of_the_municipalities_served():
    from privacyregie.core.models import Municipality
    from privacyregie.core.tests.factories import OrganisationFactory
    from privacyregie.register.starter import load_starter_set

    org = OrganisationFactory(name="Uitvoeringsorganisatie Noord", is_shared_service=True)
    for name in ("Zuidhorn", "Grootegast", "Leek"):
        Municipality.objects.create(organisation=org, name=name)
    load_starter_set(org)
    assert {a.current.controller for a in ProcessingActivity.objects.filter(organisation=org)} == {
        "Colleges van burgemeester en wethouders van Grootegast, Leek en Zuidhorn"}


@pytest.mark.django_db
def test_privacy_statement_names_the_controllers_and_who_executes(client):
    act = ProcessingActivity.objects.get(organisation__slug="bel", name="Wmo-maatwerkvoorziening")
    content = client.get(reverse("register:public_statement", args=["bel", act.pk])).content.decode()
    assert "Verantwoordelijk voor deze verwerking: De colleges van burgemeester en wethouders van Blaricum, Eemnes " \
           "en Laren" in content
    assert "BEL Combinatie voert de taken voor hen uit." in content
