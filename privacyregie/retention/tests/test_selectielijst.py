"""Import of the Selectielijst: round trip, the quirks of the source, bad input, and the API path
(against a real local HTTP server)."""

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from privacyregie.retention import selectielijst
from privacyregie.retention.models import ProcessType, SelectionList, SelectionResult
from privacyregie.retention.rules import result_in_words, term_in_words

SOURCE_TYPES = json.loads((selectielijst.DATA_DIR / "procestypen.json").read_text())
SOURCE_RESULTS = json.loads((selectielijst.DATA_DIR / "resultaten.json").read_text())
BY_NUMBER = {row["volledigNummer"]: row for row in SOURCE_RESULTS}


def _counts():
    return SelectionList.objects.count(), ProcessType.objects.count(), SelectionResult.objects.count()


@pytest.fixture
def empty(db):
    """No list yet (the demo data of the session loaded one; rules and cases refer to it)."""
    from privacyregie.retention.models import CaseRetention, DestructionItem, RetentionRule

    DestructionItem.objects.all().delete()
    CaseRetention.objects.all().delete()
    RetentionRule.objects.all().delete()
    SelectionList.objects.all().delete()


def test_round_trip_every_row_as_in_the_source(empty):
    report = selectielijst.import_list(selectielijst.read_folder(selectielijst.DATA_DIR), source="map")
    assert report.created == len(SOURCE_TYPES) + len(SOURCE_RESULTS) == 29 + 346
    stored = {r.full_number: r for r in SelectionResult.objects.select_related("process_type")}
    assert set(stored) == set(BY_NUMBER)
    for number, row in BY_NUMBER.items():
        result = stored[number]
        assert (result.source_id, result.name, result.description, result.valuation,
                result.retention_term, result.process_term, result.social_domain) == (
            row["url"], row["naam"].strip(), row["omschrijving"].strip(), row["waardering"],
            row.get("bewaartermijn", ""), row["procestermijn"], row["sociaalDomein"])
        assert result.process_type.source_id == row["procesType"]
    again = selectielijst.import_list(selectielijst.read_folder(selectielijst.DATA_DIR), source="map")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 29 + 346)


def test_edge_cases_of_the_source(selection_list):
    missing = [n for n, row in BY_NUMBER.items() if "bewaartermijn" not in row]
    assert len(missing) == 94
    assert all(selection_list.results.get(full_number=n).retention_term == "" for n in missing)
    withdrawn = selection_list.results.get(full_number="7.1.20")
    assert withdrawn.withdrawn and term_in_words(withdrawn) == "vervallen"
    mixed = selection_list.results.get(retention_term="P1Y6M")
    assert term_in_words(mixed).startswith("1 jaar en 6 maanden")
    keep = selection_list.results.filter(valuation="blijvend_bewaren").first()
    assert term_in_words(keep) == "blijvend bewaren"


def test_results_are_shown_in_words(selection_list):
    words = result_in_words(selection_list.results.get(full_number="8.1.2"))
    assert words == "8.1.2 Verstrekt (Individuele jeugdhulp voorziening) — 20 jaar na afsluiting"
    assert "na het einde van de voorziening" in result_in_words(selection_list.results.get(full_number="8.1.9"))
    assert "P" not in term_in_words(selection_list.results.get(full_number="8.4.1"))


def _bad(mutate):
    types, results = copy.deepcopy(SOURCE_TYPES), copy.deepcopy(SOURCE_RESULTS)
    mutate(types, results)
    return json.dumps(types).encode(), json.dumps(results).encode()


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda t, r: t[3].update(jaar=2017), "2017, niet bij die van 2020"),
    (lambda t, r: r[5].update(bewaartermijn="twintig jaar"), "geen ISO 8601"),
    (lambda t, r: r[5].update(waardering="bewaren"), "onbekende waardering"),
    (lambda t, r: r[5].update(procesType="00000000-0000-0000-0000-000000000000"), "niet in de lijst"),
    (lambda t, r: r.append(dict(r[0])), "twee keer"),
    (lambda t, r: r[7].pop("volledigNummer"), "ontbreekt"),
    (lambda t, r: t.clear(), "geen (gevulde) lijst"),
])
def test_bad_source_changes_nothing_and_is_logged(selection_list, mutate, message, caplog):
    before = _counts()
    name_before = selection_list.name
    types, results = _bad(mutate)
    with pytest.raises(selectielijst.SelectionListError, match=message.replace("(", r"\(").replace(")", r"\)")):
        selectielijst.import_uploaded(types, results)
    assert _counts() == before
    assert SelectionList.objects.get(year=2020).name == name_before
    assert "Selectielijst upload rejected" in caplog.text


def test_not_json(db):
    with pytest.raises(selectielijst.SelectionListError, match="geen geldige JSON"):
        selectielijst.import_uploaded(b"{nope", b"[]")


def test_withdrawn_upstream_result_is_deleted_unless_in_use(selection_list):
    from privacyregie.dossiers.tests.factories import CaseFactory
    from privacyregie.retention.models import CaseRetention

    CaseRetention.objects.create(case=CaseFactory(), outcome="verstrekt", term_starts_on="2020-01-01",
                                 result=selection_list.results.get(full_number="8.1.1"))
    def drop(types, results):
        results[:] = [row for row in results if row["volledigNummer"] not in ("8.1.1", "8.1.3")]

    types, results = _bad(drop)
    report = selectielijst.import_uploaded(types, results)
    assert report.kept_unreferenced == ["8.1.1"]
    assert selection_list.results.filter(full_number="8.1.1").exists()
    assert not selection_list.results.filter(full_number="8.1.3").exists()


class _Api(BaseHTTPRequestHandler):
    """The reference-lists API: procestypen as a list, resultaten paginated per process type (URLs)."""

    base = ""

    def do_GET(self):  # noqa: N802
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if url.path == "/api/v1/procestypen":
            body = [{**row, "url": f"{self.base}/procestypen/{row['url']}"} for row in SOURCE_TYPES
                    if str(row["jaar"]) == query.get("jaar", [""])[0]]
        elif url.path == "/api/v1/resultaten":
            type_id = query["procesType"][0].rsplit("/", 1)[-1]
            rows = [{**row, "url": f"{self.base}/resultaten/{row['url']}",
                     "procesType": f"{self.base}/procestypen/{row['procesType']}"}
                    for row in SOURCE_RESULTS if row["procesType"] == type_id]
            page = int(query.get("page", ["1"])[0])
            chunk = rows[(page - 1) * 10: page * 10]
            more = page * 10 < len(rows)
            body = {"count": len(rows), "previous": None, "results": chunk,
                    "next": f"{self.base}/resultaten?procesType={query['procesType'][0]}&page={page + 1}" if more else None}
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    _Api.base = f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield _Api.base
    server.shutdown()
    server.server_close()


def test_loads_from_the_api_like_from_the_files(empty, api):
    report = selectielijst.load_and_import(api, year=2020)
    assert report.created == 29 + 346
    result = SelectionResult.objects.get(full_number="8.1.2")
    assert result.source_id == BY_NUMBER["8.1.2"]["url"] and result.retention_term == "P20Y"
    again = selectielijst.import_list(selectielijst.read_folder(selectielijst.DATA_DIR))
    assert (again.created, again.updated) == (0, 0)


def test_api_of_another_year_or_unreachable(selection_list, api, caplog):
    before = _counts()
    with pytest.raises(selectielijst.SelectionListError, match="geen \\(gevulde\\) lijst"):
        selectielijst.load_and_import(api, year=2017)
    with pytest.raises(selectielijst.SelectionListError, match="fout 404"):
        selectielijst.load_and_import(api.replace("/api/v1", "/elders"))
    with pytest.raises(selectielijst.SelectionListError, match="niet bereikbaar"):
        selectielijst.load_and_import("http://127.0.0.1:9/api/v1")
    assert _counts() == before
    assert caplog.text.count("Selectielijst not imported") == 3


def test_management_command(selection_list, tmp_path):
    out = __import__("io").StringIO()
    call_command("load_selectielijst", stdout=out)
    assert "0 nieuw, 0 gewijzigd, 375 ongewijzigd" in out.getvalue()
    with pytest.raises(CommandError, match="Niets geladen"):
        call_command("load_selectielijst", str(tmp_path))


def test_deeply_nested_json_is_refused_with_a_message_not_an_error():
    from privacyregie.retention.selectielijst import SelectionListError, parse_bytes

    deep = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(SelectionListError, match="te diep genest"):
        parse_bytes(deep, b"[]")
