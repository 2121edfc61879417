"""Import of the Selectielijst gemeenten en intergemeentelijke organen (VNG), in the format of VNG's
reference-lists API (``referentielijsten-api``): ``procestypen`` and ``resultaten``.

Sources: two JSON files (``procestypen.json`` + ``resultaten.json``, as in the VNG repository), a folder
holding them, or the API itself (``<base>/procestypen?jaar=2020`` and ``<base>/resultaten?procesType=<url>``,
paginated or not). The import is all or nothing: a malformed source or a list of another year raises
``SelectionListError`` with a Dutch message, is logged, and changes nothing. Re-importing the same list
changes nothing either (records are matched on the list's year, process type number and result number).

Quirks of the source (see ``data/SOURCE.md``): ``bewaartermijn`` is absent (not null) where a result is
kept permanently and in a few other rows; withdrawn results have an empty ``waardering``; terms may mix
units (``P1Y6M``); ``nummer`` of a result is its last segment only, ``volledigNummer`` is unique.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.register.periods import ISO

from .models import ProcessType, SelectionList, SelectionResult, Valuation

log = logging.getLogger(__name__)

DEFAULT_YEAR = 2020
DATA_DIR = Path(__file__).resolve().parent / "data"
TIMEOUT_SECONDS = 15
MAX_PAGES = 200
MAX_RESPONSE_BYTES = 20 * 1024 * 1024  # one page of the reference-lists API; the whole 2020 list is about 1 MB


class SelectionListError(Exception):
    """The source cannot be imported; the message says why, in Dutch."""


@dataclass
class ParsedProcessType:
    source_id: str
    number: int
    name: str
    description: str
    process_object: str


@dataclass
class ParsedResult:
    source_id: str
    process_type_id: str
    full_number: str
    name: str
    description: str
    explanation: str
    valuation: str
    retention_term: str
    process_term: str
    social_domain: bool


@dataclass
class ParsedList:
    year: int
    process_types: list[ParsedProcessType]
    results: list[ParsedResult]


@dataclass
class ImportReport:
    selection_list: SelectionList
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_unreferenced: list[str] = field(default_factory=list)


def _uuid_of(value) -> str:
    """The source id: a UUID in the files, a URL ending in the UUID in the API."""
    text = str(value or "").strip().rstrip("/")
    return text.rsplit("/", 1)[-1]


def _text(row: dict, key: str, where: str, *, required=False) -> str:
    value = row.get(key)
    if value is None:
        if required:
            raise SelectionListError(_("%(where)s: het veld '%(key)s' ontbreekt.") % {"where": where, "key": key})
        return ""
    if not isinstance(value, str):
        raise SelectionListError(_("%(where)s: het veld '%(key)s' is geen tekst.") % {"where": where, "key": key})
    if required and not value.strip():
        raise SelectionListError(_("%(where)s: het veld '%(key)s' is leeg.") % {"where": where, "key": key})
    return value.strip()


def parse(procestypen, resultaten, *, year: int = DEFAULT_YEAR) -> ParsedList:
    """Check and convert the two lists; raises SelectionListError (Dutch) for anything unexpected."""
    if not isinstance(procestypen, list) or not procestypen:
        raise SelectionListError(_("De procestypen zijn geen (gevulde) lijst."))
    if not isinstance(resultaten, list) or not resultaten:
        raise SelectionListError(_("De resultaten zijn geen (gevulde) lijst."))
    types: dict[str, ParsedProcessType] = {}
    numbers: set[int] = set()
    for index, row in enumerate(procestypen, start=1):
        where = _("procestype %(n)s") % {"n": index}
        if not isinstance(row, dict):
            raise SelectionListError(_("%(where)s is geen object.") % {"where": where})
        row_year = row.get("jaar")
        if row_year != year:
            raise SelectionListError(
                _("%(where)s hoort bij de selectielijst van %(found)s, niet bij die van %(year)s. Er is niets "
                  "geladen.") % {"where": where, "found": row_year, "year": year})
        number = row.get("nummer")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise SelectionListError(_("%(where)s heeft geen geldig nummer.") % {"where": where})
        if number in numbers:
            raise SelectionListError(_("Procestype %(n)s komt twee keer voor.") % {"n": number})
        numbers.add(number)
        source_id = _uuid_of(_text(row, "url", where, required=True))
        types[source_id] = ParsedProcessType(source_id=source_id, number=number,
                                             name=_text(row, "naam", where, required=True),
                                             description=_text(row, "omschrijving", where),
                                             process_object=_text(row, "procesobject", where))
    results: list[ParsedResult] = []
    full_numbers: set[str] = set()
    valuations = {v.value for v in Valuation}
    for index, row in enumerate(resultaten, start=1):
        where = _("resultaat %(n)s") % {"n": index}
        if not isinstance(row, dict):
            raise SelectionListError(_("%(where)s is geen object.") % {"where": where})
        full_number = _text(row, "volledigNummer", where, required=True)
        where = _("resultaat %(n)s") % {"n": full_number}
        if full_number in full_numbers:
            raise SelectionListError(_("Resultaat %(n)s komt twee keer voor.") % {"n": full_number})
        full_numbers.add(full_number)
        type_id = _uuid_of(_text(row, "procesType", where, required=True))
        process_type = types.get(type_id)
        if process_type is None:
            raise SelectionListError(_("%(where)s verwijst naar een procestype dat niet in de lijst staat.")
                                     % {"where": where})
        if not full_number.startswith(f"{process_type.number}."):
            raise SelectionListError(_("%(where)s hoort volgens zijn nummer niet bij procestype %(n)s.")
                                     % {"where": where, "n": process_type.number})
        valuation = _text(row, "waardering", where)
        if valuation not in valuations:
            raise SelectionListError(_("%(where)s: onbekende waardering '%(v)s'.") % {"where": where, "v": valuation})
        term = _text(row, "bewaartermijn", where).upper()
        if term and not ISO.match(term):
            raise SelectionListError(_("%(where)s: bewaartermijn '%(v)s' is geen ISO 8601-duur (zoals P10Y of "
                                       "P1Y6M).") % {"where": where, "v": term})
        if valuation == Valuation.DESTROY and not term:
            log.info("Selectielijst: result %s is 'vernietigen' without a term", full_number)
        results.append(ParsedResult(
            source_id=_uuid_of(_text(row, "url", where, required=True)), process_type_id=type_id,
            full_number=full_number, name=_text(row, "naam", where, required=True),
            description=_text(row, "omschrijving", where), explanation=_text(row, "toelichting", where),
            valuation=valuation, retention_term=term,
            process_term=_text(row, "procestermijn", where), social_domain=row.get("sociaalDomein") is True))
    return ParsedList(year=year, process_types=sorted(types.values(), key=lambda t: t.number), results=results)


def _load_json(raw: bytes, what: str):
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SelectionListError(_("%(what)s is geen geldige JSON: %(error)s") % {"what": what, "error": error}) \
            from error
    except RecursionError as error:  # absurdly deep nesting: not a selection list
        raise SelectionListError(_("%(what)s is te diep genest om een selectielijst te zijn.") % {"what": what}) \
            from error


def parse_bytes(procestypen: bytes, resultaten: bytes, *, year: int = DEFAULT_YEAR) -> ParsedList:
    return parse(_load_json(procestypen, "procestypen.json"), _load_json(resultaten, "resultaten.json"), year=year)


def read_folder(folder, *, year: int = DEFAULT_YEAR) -> ParsedList:
    folder = Path(folder)
    files = [folder / "procestypen.json", folder / "resultaten.json"]
    for path in files:
        if not path.is_file():
            raise SelectionListError(_("Het bestand %(path)s ontbreekt.") % {"path": path})
    return parse_bytes(files[0].read_bytes(), files[1].read_bytes(), year=year)


def _get(url: str):
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise SelectionListError(_("Alleen http- en https-adressen kunnen worden geladen."))
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 (scheme checked)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (scheme checked)
            raw = response.read(MAX_RESPONSE_BYTES + 1)
            if len(raw) > MAX_RESPONSE_BYTES:
                raise SelectionListError(_("%(url)s gaf een antwoord groter dan %(mb)s MB; er is niets geladen.")
                                         % {"url": url, "mb": MAX_RESPONSE_BYTES // (1024 * 1024)})
            return _load_json(raw, url)
    except urllib.error.HTTPError as error:
        raise SelectionListError(_("%(url)s gaf fout %(code)s.") % {"url": url, "code": error.code}) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SelectionListError(_("%(url)s is niet bereikbaar: %(error)s") % {"url": url, "error": error}) from error


def _all_pages(url: str) -> list:
    """A plain list, or a paginated DRF answer ({"results": [...], "next": url})."""
    items: list = []
    for _page in range(MAX_PAGES):
        data = _get(url)
        if isinstance(data, list):
            return items + data
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise SelectionListError(_("%(url)s gaf geen lijst terug.") % {"url": url})
        items.extend(data["results"])
        url = data.get("next")
        if not url:
            return items
    raise SelectionListError(_("%(url)s heeft te veel pagina's.") % {"url": url})


def fetch_api(base_url: str, *, year: int = DEFAULT_YEAR) -> ParsedList:
    """Load the list from the reference-lists API at ``base_url`` (e.g.
    https://selectielijst.openzaak.nl/api/v1)."""
    base = base_url.rstrip("/")
    process_types = _all_pages(f"{base}/procestypen?{urllib.parse.urlencode({'jaar': year})}")
    results: list = []
    for row in process_types:
        if not isinstance(row, dict) or not row.get("url"):
            raise SelectionListError(_("De procestypen van %(url)s zijn onvolledig.") % {"url": base})
        results.extend(_all_pages(f"{base}/resultaten?{urllib.parse.urlencode({'procesType': row['url']})}"))
    return parse(process_types, results, year=year)


def load(source: str, *, year: int = DEFAULT_YEAR) -> ParsedList:
    """A folder, or an http(s) address of the API."""
    if str(source).startswith(("http://", "https://")):
        return fetch_api(str(source), year=year)
    return read_folder(source, year=year)


@transaction.atomic
def import_list(parsed: ParsedList, *, source: str = "", name: str = "") -> ImportReport:
    """Store the parsed list, idempotently. Results that disappeared from the source are deleted unless a
    rule or case refers to them (then they are kept and reported)."""
    selection_list, created = SelectionList.objects.get_or_create(
        year=parsed.year, defaults={"name": name or _("Selectielijst gemeenten en intergemeentelijke organen "
                                                          "%(year)s") % {"year": parsed.year}, "source": source[:300]})
    report = ImportReport(selection_list=selection_list)
    if not created:
        changes = {"source": source[:300]} if source and source[:300] != selection_list.source else {}
        if name and name != selection_list.name:
            changes["name"] = name
        if changes:
            changes["imported_at"] = timezone.now()
            SelectionList.objects.filter(pk=selection_list.pk).update(**changes)
            selection_list.refresh_from_db()
    types_by_source = {}
    existing_types = {t.number: t for t in selection_list.process_types.all()}
    for parsed_type in parsed.process_types:
        values = {"source_id": parsed_type.source_id, "name": parsed_type.name[:300],
                  "description": parsed_type.description, "process_object": parsed_type.process_object[:300]}
        types_by_source[parsed_type.source_id] = _upsert(
            ProcessType, existing_types.get(parsed_type.number), values, report,
            selection_list=selection_list, number=parsed_type.number)
    existing_results = {r.full_number: r for r in selection_list.results.all()}
    for parsed_result in parsed.results:
        values = {"source_id": parsed_result.source_id,
                  "process_type": types_by_source[parsed_result.process_type_id],
                  "name": parsed_result.name[:300], "description": parsed_result.description,
                  "explanation": parsed_result.explanation, "valuation": parsed_result.valuation,
                  "retention_term": parsed_result.retention_term, "process_term": parsed_result.process_term[:40],
                  "social_domain": parsed_result.social_domain}
        _upsert(SelectionResult, existing_results.pop(parsed_result.full_number, None), values, report,
                selection_list=selection_list, full_number=parsed_result.full_number)
    for gone in existing_results.values():
        if gone.rules.exists() or _used_by_cases(gone):
            report.kept_unreferenced.append(gone.full_number)
        else:
            gone.delete()
    known_numbers = {t.number for t in parsed.process_types}
    for number, process_type in existing_types.items():
        if number not in known_numbers and not process_type.results.exists():
            process_type.delete()
    return report


def _used_by_cases(result) -> bool:
    from .models import CaseRetention, DestructionItem

    return CaseRetention.objects.filter(result=result).exists() or DestructionItem.objects.filter(result=result).exists()


def _upsert(model, instance, values: dict, report: ImportReport, **keys):
    if instance is None:
        report.created += 1
        return model.objects.create(**keys, **values)
    changed = {k: v for k, v in values.items()
               if (getattr(instance, f"{k}_id") if k == "process_type" else getattr(instance, k))
               != (v.pk if k == "process_type" else v)}
    if changed:
        for key, value in changed.items():
            setattr(instance, key, value)
        instance.save(update_fields=list(changed))
        report.updated += 1
    else:
        report.unchanged += 1
    return instance


def load_and_import(source, *, year: int = DEFAULT_YEAR, user=None) -> ImportReport:
    """Load from a folder or the API and import; every failure is logged and re-raised (nothing changed)."""
    try:
        parsed = load(source, year=year)
        report = import_list(parsed, source=str(source))
    except SelectionListError as error:
        log.warning("Selectielijst not imported from %s by %s: %s", source, getattr(user, "username", "-"), error)
        raise
    log.info("Selectielijst %s imported from %s by %s: %s new, %s changed, %s unchanged", year, source,
             getattr(user, "username", "-"), report.created, report.updated, report.unchanged)
    return report


def import_uploaded(procestypen: bytes, resultaten: bytes, *, year: int = DEFAULT_YEAR, user=None,
                    source: str = "") -> ImportReport:
    try:
        parsed = parse_bytes(procestypen, resultaten, year=year)
        report = import_list(parsed, source=source or _("geüpload bestand"))
    except SelectionListError as error:
        log.warning("Selectielijst upload rejected (user %s): %s", getattr(user, "username", "-"), error)
        raise
    log.info("Selectielijst %s uploaded by %s: %s new, %s changed, %s unchanged", year,
             getattr(user, "username", "-"), report.created, report.updated, report.unchanged)
    return report
