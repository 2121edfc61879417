"""The check before sending: which personal data does this text or file contain?

Before a message or file leaves for a chain partner (exchange, data rooms), its text is scanned for
BSNs that pass the 11-test, IBANs, Dutch phone numbers, dates of birth and Dutch words that point to
special categories (AVG art. 9) or criminal data (art. 10). Each finding names its kind, its
``DataCategory`` (so it can be compared with what the recipient's agreement covers), a MASKED excerpt
and where it was found. The sender sees the findings and confirms (``confirm_findings``); the
organisation's policy decides which uncovered categories block the share (``blocked_categories``).

This module never logs, stores or returns what it finds in full: the excerpt of a number shows at
most its last few digits ("***-**-*333"), of a date only the year; it keeps nothing between calls.
The detectors are deliberately simple and measured (bench/scan_corpus.py, docs/scanning.md): they
support the sender's judgement, they do not replace it. Dutch personal names are not detected: no
library available here does that well (docs/scanning.md says why).

File extraction (plain text, PDF, DOCX, with its limits) is in ``core.scan_extract``.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban

from .bsn import is_valid_bsn
from .categories import DataCategory, is_sensitive

KIND_BSN = "bsn"
KIND_IBAN = "iban"
KIND_PHONE = "telefoon"
KIND_BIRTH_DATE = "geboortedatum"
KIND_SPECIAL = "bijzonder"

KIND_LABELS = {
    KIND_BSN: _("Burgerservicenummer"),
    KIND_IBAN: _("IBAN (rekeningnummer)"),
    KIND_PHONE: _("Telefoonnummer"),
    KIND_BIRTH_DATE: _("Geboortedatum"),
    KIND_SPECIAL: _("Woord dat wijst op bijzondere of strafrechtelijke gegevens"),
}

WORDS_FILE = Path(__file__).resolve().parent / "data" / "special_categories_nl.yaml"
CONTEXT_CHARS = 40  # how far before a number or date its context word may stand


@dataclass(frozen=True)
class Finding:
    """One thing found: ``excerpt`` is masked, ``position`` the character offset (on ``page`` for a PDF)."""

    kind: str
    category: str
    excerpt: str
    position: int
    page: int | None = None
    length: int = 0

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def category_label(self) -> str:
        return str(DataCategory(self.category).label)


@dataclass
class ScanResult:
    """What one file contains. ``extracted`` is False when its text could not be read at all; ``problem``
    (Dutch) says what could not be checked (then the findings may be incomplete)."""

    findings: list[Finding] = field(default_factory=list)
    pages: int | None = None
    extracted: bool = True
    problem: str = ""

    @property
    def categories(self) -> set[str]:
        return {f.category for f in self.findings}

    @property
    def complete(self) -> bool:
        return self.extracted and not self.problem


# --- masking ----------------------------------------------------------------------------------------------


def mask_bsn(digits: str) -> str:
    return "***-**-*" + digits[-3:]


def mask_iban(compact: str) -> str:
    masked = compact[:2] + "*" * (len(compact) - 6) + compact[-4:]
    return " ".join(masked[i:i + 4] for i in range(0, len(masked), 4))


def mask_phone(digits: str) -> str:
    return "*" * (len(digits) - 2) + digits[-2:]


def mask_date(year: int) -> str:
    return f"**-**-{year}"


# --- numbers ------------------------------------------------------------------------------------------------

# Patterns begin with a character class and check what comes before it afterwards: the regex engine then
# skips quickly to the places where that class occurs (a leading lookbehind makes it try every position).
_BSN_CONTEXT = re.compile(r"[bsp](?<![^\W\d_][bsp])(?:sn|urgerservicenummer|ofi-?nummer|ersoonsnummer)(?![^\W\d_])",
                          re.IGNORECASE)
# Words after which a number is something else (an order, an invoice, an old bank account number).
_NUMBER_NEGATIVE = re.compile(
    r"order|factuur|klantn|klantnummer|kenmerk|referentie|artikel|zaaknummer|dossiernummer|polis|contract|"
    r"rekening|registratie|kvk|btw|postbus|bedrag|€|eur\b|nummer van uw aanvraag|aanvraagnummer|pakket|"
    r"zending|track|ticket|bestelling|transactie|machtiging",
    re.IGNORECASE)
_BSN_PLAIN = re.compile(r"\d(?<!\d\d)(?<!\d[.,/-]\d)\d{8}(?!\d)(?![.,/-]\d)")
_BSN_GROUPED = re.compile(
    r"\d(?<!\d\d)(?<!\d[ .,/-]\d)(?:\d{2}([ .-])\d{3}\1\d{3}|\d{3}([ .-])\d{2}\2\d{3}|\d{2}([ .-])\d{2}\3\d{2}\3\d{2})"
    r"(?!\d)(?![ .,/-]\d)")
_BSN_LOOSE = re.compile(r"(?<!\d)\d(?:[ .-]?\d){8}(?!\d)(?![.,/-]\d)")

# Starts at the check digits (two letters before them, and nothing alphanumeric before those).
_IBAN_START = re.compile(r"\d(?<=(?<![A-Za-z0-9])[A-Za-z]{2}\d)\d(?:[ ]?[A-Za-z0-9]){11,32}")

_PHONE_INTL = re.compile(r"[+0](?<![\w+][+0])(?:(?<=\+)|0)31[ .-]?(?:\(0\)[ .-]?)?([1-9](?:[ .-]?\d){8})(?!\d)(?![.-]\d)")
_PHONE_NATIONAL = re.compile(r"0(?<![\w+]0)(?<!\d[.-]0)([1-9](?:[ .-]?\d){8})(?!\d)(?![.-]\d)")
_PHONE_PARENS = re.compile(r"\((?<![\w+]\()0(\d{1,3})\)[ ]?(\d(?:[ .-]?\d){4,8})(?!\d)(?![.-]\d)")
_DATE_START = re.compile(r"\d{1,2}[-./]\d{1,2}[-./]")
_PHONE_NOT_PERSONAL = ("800", "900", "906", "909", "97")


def _before(text: str, start: int, chars: int = CONTEXT_CHARS) -> str:
    return text[max(0, start - chars):start]


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _bsn(digits: str) -> bool:
    """The 11-test first (cheap, rejects most numbers), then core.bsn's one rule."""
    if len(digits) != 9 or sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True)) % 11:
        return False
    return is_valid_bsn(digits)


def find_bsns(text: str) -> list[Finding]:
    spans: dict[int, Finding] = {}
    for keyword in _BSN_CONTEXT.finditer(text):
        window = text[keyword.end():keyword.end() + CONTEXT_CHARS]
        match = _BSN_LOOSE.search(window)
        if match and _bsn(_digits(match.group())):
            start = keyword.end() + match.start()
            spans[start] = Finding(KIND_BSN, DataCategory.NATIONAL_ID, mask_bsn(_digits(match.group())), start,
                                   length=len(match.group()))
    for pattern in (_BSN_PLAIN, _BSN_GROUPED):
        for match in pattern.finditer(text):
            if match.start() in spans:
                continue
            digits = _digits(match.group())
            if not _bsn(digits):
                continue
            before = _before(text, match.start())
            if not _BSN_CONTEXT.search(before) and _NUMBER_NEGATIVE.search(before[-30:]):
                continue
            spans[match.start()] = Finding(KIND_BSN, DataCategory.NATIONAL_ID, mask_bsn(digits), match.start(),
                                           length=len(match.group()))
    return list(spans.values())


def find_ibans(text: str) -> list[Finding]:
    findings, pos = [], 0
    while match := _IBAN_START.search(text, pos):
        start = match.start() - 2
        found = _longest_valid_iban(text[start:match.end()])
        if found is None:
            pos = match.start() + 1
            continue
        compact, end = found
        findings.append(Finding(KIND_IBAN, DataCategory.FINANCIAL, mask_iban(compact), start, length=end))
        pos = start + end
    return findings


def _mod97(compact: str) -> bool:
    if not compact.isalnum() or not compact.isascii():
        return False
    return int("".join(str(int(c, 36)) for c in compact[4:] + compact[:4])) % 97 == 1


def _longest_valid_iban(candidate: str) -> tuple[str, int] | None:
    """The longest prefix of ``candidate`` that is a valid IBAN ending at a word end: (compact, length)."""
    ends = [i + 1 for i, ch in enumerate(candidate) if ch != " "]
    for end in reversed(ends):
        compact = candidate[:end].replace(" ", "").upper()
        if len(compact) < 15:
            break
        if end < len(candidate) and candidate[end] != " ":
            continue  # the IBAN would end inside a word or a number
        if _mod97(compact) and stdnum_iban.is_valid(compact):
            return compact, end
    return None


def find_phones(text: str) -> list[Finding]:
    findings: dict[int, Finding] = {}
    candidates = []
    for match in _PHONE_INTL.finditer(text):
        candidates.append((match.start(), match.end(), _digits(match.group(1))))
    for match in _PHONE_NATIONAL.finditer(text):
        if not _DATE_START.match(match.group()):
            candidates.append((match.start(), match.end(), _digits(match.group(1))))
    for match in _PHONE_PARENS.finditer(text):
        candidates.append((match.start(), match.end(), _digits(match.group(1) + match.group(2))))
    for start, end, national in candidates:
        if start in findings or len(national) != 9 or national[0] == "0":
            continue
        if national.startswith(_PHONE_NOT_PERSONAL) or (national[0] == "6" and national[1] not in "12345"):
            continue
        if _NUMBER_NEGATIVE.search(_before(text, start, 30)):
            continue
        findings[start] = Finding(KIND_PHONE, DataCategory.CONTACT, mask_phone("0" + national), start,
                                  length=end - start)
    return list(findings.values())


# --- dates of birth -----------------------------------------------------------------------------------------

_MONTHS = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4, "mei": 5,
           "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
           "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
_BIRTH_CONTEXT = re.compile(r"(?<![^\W\d_])(?:geboren|geb\.|geb:|geb(?![^\W\d_])|geboortedatum|geboortedag|"
                            r"date of birth|dob)", re.IGNORECASE)
_DATE_NEGATIVE = re.compile(
    r"datum|d\.d\.|sinds|vanaf|per\b|ingang|besluit|brief|verzonden|vergadering|gesprek|afspraak|overleden|"
    r"huwelijk|getrouwd|in dienst|verhuisd|ingeschreven|uitgeschreven|overeenkomst|geldig|tot en met|t/m|"
    r"ontvangen|gewijzigd|vastgesteld|uiterlijk|termijn",
    re.IGNORECASE)
_DATE_NUMERIC = re.compile(r"(\d(?<![\d/.-]\d)\d?)([-./])(\d{1,2})\2(\d{4}|\d{2})(?![\d])(?![-./]\d)")
_DATE_ISO = re.compile(r"(\d(?<![\d/.-]\d)\d{3})-(\d{2})-(\d{2})(?![\d])")
_DATE_WORDS = re.compile(r"(\d(?<!\d\d)\d?)\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True))
                         + r")\.?\s+(\d{4})(?!\d)", re.IGNORECASE)
ADULT_YEARS = 18  # without a context word, only dates of people this old or older count as birth dates


def find_birth_dates(text: str, today: date | None = None) -> list[Finding]:
    today = today or timezone.localdate()
    candidates = []
    for match in _DATE_NUMERIC.finditer(text):
        day, month, year = int(match.group(1)), int(match.group(3)), match.group(4)
        plain = len(year) == 4
        year = int(year) if plain else (1900 + int(year) if int(year) > today.year % 100 else 2000 + int(year))
        candidates.append((match, day, month, year, plain))
    for match in _DATE_ISO.finditer(text):
        candidates.append((match, int(match.group(3)), int(match.group(2)), int(match.group(1)), False))
    for match in _DATE_WORDS.finditer(text):
        month = _MONTHS[match.group(2).lower()]
        candidates.append((match, int(match.group(1)), month, int(match.group(3)), False))
    findings = []
    for match, day, month, year, plain in candidates:
        try:
            when = date(year, month, day)
        except ValueError:
            continue
        if when > today or year < 1900:
            continue
        before = _before(text, match.start())
        if not _BIRTH_CONTEXT.search(before):
            if not plain or year > today.year - ADULT_YEARS or _DATE_NEGATIVE.search(before[-25:]):
                continue
        findings.append(Finding(KIND_BIRTH_DATE, DataCategory.IDENTIFYING, mask_date(year), match.start(),
                                length=match.end() - match.start()))
    return findings


# --- special-category words ---------------------------------------------------------------------------------

# Letters of Dutch and other Latin-script text (an explicit class is much faster than [^\W\d_]).
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ſ]+")
COMPOUND_MIN = 7  # words this long also match as the last part of a compound
_VOWELS = "aeiou"


def inflections(word: str) -> set[str]:
    """Simple Dutch inflections of a noun, adjective or participle (lower case)."""
    forms = {word + suffix for suffix in ("", "s", "'s", "e", "en", "n")}
    if word.endswith("f"):
        forms |= {word[:-1] + "ve", word[:-1] + "ven"}
    if word.endswith("s") and not word.endswith("ss"):
        forms |= {word[:-1] + "ze", word[:-1] + "zen"}
    if word.endswith("nis"):
        forms.add(word + "sen")
    if word.endswith(("ee", "ie")):
        forms.add(word + "ën")
    if len(word) >= 3 and word[-1] not in _VOWELS and word[-2] == word[-3] and word[-2] in _VOWELS:
        stem = word[:-2] + word[-1]  # psycholoog -> psycholog-en, homoseksueel -> homoseksuel-e
        forms |= {stem + "e", stem + "en"}
    return forms


@dataclass(frozen=True)
class _WordIndex:
    exact: dict[str, str]  # lower-case form -> category
    capitals: dict[str, str]  # abbreviations, matched in capitals only
    tails: dict[str, str]  # forms of long words, also as the end of a compound
    phrases: dict[str, list[tuple[re.Pattern, str]]]  # first word (lower case) -> phrases starting with it


@lru_cache(maxsize=1)
def _word_index() -> _WordIndex:
    from .bounded_yaml import load

    data = load(WORDS_FILE.read_text(encoding="utf-8"))
    exact, capitals, tails, phrases = {}, {}, {}, {}
    for category, words in data.items():
        DataCategory(category)  # an unknown category in the file is a programming error
        for word in words:
            word = str(word)
            if not _TOKEN.fullmatch(word):
                parts = [re.escape(p) for p in word.split()]
                last = parts[-1]
                forms = sorted((re.escape(f) for f in inflections(word.split()[-1].lower())), key=len, reverse=True)
                body = r"\s+".join(parts[:-1] + [f"(?:{last}|{'|'.join(forms)})"])
                first = _TOKEN.match(word).group().lower()
                phrases.setdefault(first, []).append((re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE), category))
            elif word.isupper() and len(word) > 1:
                capitals[word] = category
                capitals[word + "'s"] = category
            else:
                for form in inflections(word.lower()):
                    exact[form] = category
                    if len(word) >= COMPOUND_MIN:
                        tails[form] = category
    return _WordIndex(exact, capitals, tails, phrases)


def _word_category(token: str, lower: str, index: _WordIndex) -> str | None:
    if token in index.capitals:
        return index.capitals[token]
    if lower in index.exact:
        return index.exact[lower]
    for start in range(1, len(lower) - COMPOUND_MIN + 1):
        if lower[start:] in index.tails:
            return index.tails[lower[start:]]
    return None


def find_special_words(text: str) -> list[Finding]:
    """Words from the list (with inflections, as compound tails) and phrases, case-insensitively.

    Each distinct word of the text is looked up once; only the words that hit are then located,
    so long texts cost one tokenising pass plus the lookups of their vocabulary."""
    index = _word_index()
    hits: dict[str, str] = {}
    first_words: set[str] = set()
    for word in set(_TOKEN.findall(text)):
        lower = word.lower()
        category = _word_category(word, lower, index)
        if category is None and word + "'s" in index.capitals:
            category = index.capitals[word + "'s"]
        if category:
            hits[word] = category
        if lower in index.phrases:
            first_words.add(lower)
    findings = []
    for word, category in hits.items():
        # a literal first: the regex engine finds it fast; the start of the word is checked here
        for match in re.finditer(re.escape(word) + r"(?:'s)?(?![^\W\d_])", text):
            start = match.start()
            if start and text[start - 1].isalpha():
                continue
            findings.append(Finding(KIND_SPECIAL, category, match.group(), start, length=match.end() - start))
    for first in first_words:
        for pattern, category in index.phrases[first]:
            for phrase in pattern.finditer(text):
                findings.append(Finding(KIND_SPECIAL, category, " ".join(phrase.group().split()), phrase.start(),
                                        length=phrase.end() - phrase.start()))
    return findings


# --- the scan -----------------------------------------------------------------------------------------------

# When two findings overlap, the more specific one stays (an IBAN contains digits that may look like a BSN).
_PRIORITY = {KIND_IBAN: 0, KIND_BSN: 1, KIND_PHONE: 2, KIND_BIRTH_DATE: 3}


def _overlaps(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    at = bisect.bisect(starts, start)
    return (at > 0 and ends[at - 1] > start) or (at < len(starts) and starts[at] < end)


def scan_text(text: str, *, page: int | None = None, today: date | None = None) -> list[Finding]:
    """Every finding in ``text``, ordered by position; masked excerpts only."""
    if not text:
        return []
    numbers = find_ibans(text) + find_bsns(text) + find_phones(text) + find_birth_dates(text, today)
    numbers.sort(key=lambda f: (_PRIORITY[f.kind], f.position))
    kept: list[Finding] = []
    starts: list[int] = []  # kept spans, sorted and never overlapping
    ends: list[int] = []
    for finding in numbers:
        start, end = finding.position, finding.position + max(finding.length, 1)
        if _overlaps(starts, ends, start, end):
            continue
        at = bisect.bisect(starts, start)
        starts.insert(at, start)
        ends.insert(at, end)
        kept.append(finding)
    words = [w for w in find_special_words(text)
             if not _overlaps(starts, ends, w.position, w.position + max(w.length, 1))]
    found = kept + words
    if page is not None:
        found = [Finding(f.kind, f.category, f.excerpt, f.position, page, f.length) for f in found]
    return sorted(found, key=lambda f: (f.position, f.kind))


def scan_file(name: str, data: bytes) -> ScanResult:
    """Scan a plain text, CSV, PDF or DOCX file; see ``core.scan_extract`` for the limits."""
    from .scan_extract import scan_file as _scan_file

    return _scan_file(name, data)


# --- policy and confirmation ----------------------------------------------------------------------------------


def blocked_categories(findings: Iterable[Finding], covered_categories: Iterable[str], organisation) -> list[str]:
    """The categories found but not covered that block the share under ``organisation``'s policy.

    Ordered as ``DataCategory``; empty when nothing blocks. ``organisation`` may be None (the default policy).
    """
    from .models import ScanPolicy

    policy = getattr(organisation, "scan_policy", None) or ScanPolicy.BLOCK_SENSITIVE
    if policy == ScanPolicy.WARN:
        return []
    found = {f.category for f in findings}
    uncovered = found - {str(c) for c in covered_categories or ()}
    if policy == ScanPolicy.BLOCK_SENSITIVE:
        uncovered = {c for c in uncovered if is_sensitive(c)}
    return [choice.value for choice in DataCategory if choice.value in uncovered]


CONFIRM_FIELD = "scan_confirmed"
FINGERPRINT_FIELD = "scan_fingerprint"
CONFIRM_LABEL = _("Ik heb de gevonden gegevens bekeken en wil het bericht toch zo verzenden.")
CONFIRM_REQUIRED = _("Bekijk wat de controle heeft gevonden en bevestig dat u toch wilt verzenden, of pas het "
                     "bericht of de bestanden aan.")


def confirmation_needed(findings: Iterable[Finding], problems: Iterable[str] = ()) -> bool:
    return any(True for _f in findings) or any(p for p in problems)


def findings_fingerprint(findings: Iterable[Finding], problems: Iterable[str] = ()) -> str:
    """A short hash of what was shown (kinds, categories, masked excerpts, places): a confirmation counts
    only for the findings the sender saw, not for new ones after the message or files changed."""
    digest = hashlib.sha256()
    for f in sorted(findings, key=lambda f: (f.page or 0, f.position, f.kind)):
        digest.update(f"{f.kind}|{f.category}|{f.excerpt}|{f.page}|{f.position}\n".encode())
    for problem in problems:
        digest.update(f"!{problem}\n".encode())
    return digest.hexdigest()[:32]


def confirm_findings(form: forms.BaseForm, findings: Iterable[Finding], problems: Iterable[str] = ()) -> bool:
    """Require the confirmation checkbox on a bound form when there are findings or unchecked parts.

    Adds the checkbox and a hidden fingerprint of the findings to ``form`` (so the template shows them)
    and returns True when the sender may go on: nothing was found, or the box was ticked for exactly
    these findings. Otherwise the form gets a Dutch error on the box.
    """
    findings, problems = list(findings), [str(p) for p in problems if p]
    if not confirmation_needed(findings, problems):
        return True
    form.errors  # noqa: B018 (validates the form first, so the error below is kept)
    fingerprint = findings_fingerprint(findings, problems)
    form.fields[CONFIRM_FIELD] = forms.BooleanField(label=CONFIRM_LABEL, required=False)
    form.fields[FINGERPRINT_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
    ticked = form.fields[CONFIRM_FIELD].widget.value_from_datadict(form.data, form.files,
                                                                   form.add_prefix(CONFIRM_FIELD))
    seen = form.data.get(form.add_prefix(FINGERPRINT_FIELD), "")
    # The next rendering carries the fingerprint of what is shown now, and an unticked box.
    form.data = form.data.copy()
    form.data[form.add_prefix(FINGERPRINT_FIELD)] = fingerprint
    if ticked and seen == fingerprint:
        return True
    form.data.pop(form.add_prefix(CONFIRM_FIELD), None)
    form.add_error(CONFIRM_FIELD, CONFIRM_REQUIRED)
    return False


class ScanConfirmationMixin:
    """Form mixin: the confirmation checkbox, shown only after a scan found something."""

    def require_scan_confirmation(self, findings: Iterable[Finding], problems: Iterable[str] = ()) -> bool:
        return confirm_findings(self, findings, problems)


@dataclass
class FindingGroup:
    category: str
    label: str
    sensitive: bool
    blocked: bool
    findings: list[tuple[str, Finding]]  # (source: message or file name, finding)


def summarise(results: Iterable[tuple[str, ScanResult | list[Finding]]], blocked: Iterable[str] = ()) -> dict:
    """The context for ``core/scan_findings.html``: findings grouped by category, and the problems."""
    blocked = set(blocked)
    grouped: dict[str, list[tuple[str, Finding]]] = {}
    problems = []
    for source, result in results:
        findings = result.findings if isinstance(result, ScanResult) else result
        if isinstance(result, ScanResult) and result.problem:
            problems.append((source, result.problem))
        for finding in findings:
            grouped.setdefault(finding.category, []).append((source, finding))
    groups = [FindingGroup(choice.value, str(choice.label), is_sensitive(choice.value), choice.value in blocked,
                           grouped[choice.value])
              for choice in DataCategory if choice.value in grouped]
    return {"groups": groups, "problems": problems, "blocked": [g for g in groups if g.blocked],
            "count": sum(len(g.findings) for g in groups)}


@dataclass
class OutgoingCheck:
    """Everything a sending page needs from one check: per-source results, all findings, the problems, the
    blocked categories and the context for ``core/scan_findings.html``."""

    results: list[tuple[str, ScanResult | list[Finding]]]
    findings: list[Finding]
    problems: list[str]
    blocked: list[str]

    @property
    def summary(self) -> dict:
        return summarise(self.results, self.blocked)

    @property
    def clean(self) -> bool:
        """Nothing found and everything read: no confirmation needed."""
        return not self.findings and not self.problems


def check_before_sending(text: str, files: Iterable[tuple[str, bytes]] = (), *, covered_categories: Iterable[str] = (),
                         organisation=None, message_label: str | None = None) -> OutgoingCheck:
    """Scan a message and its files ``[(name, bytes)]`` and apply ``organisation``'s policy.

    The caller shows ``summary`` with the partial, refuses the share when ``blocked`` is not empty and
    otherwise asks ``confirm_findings(form, check.findings, check.problems)``."""
    label = message_label or str(_("bericht"))
    results: list[tuple[str, ScanResult | list[Finding]]] = [(label, scan_text(text or ""))]
    results += [(name, scan_file(name, data)) for name, data in files]
    findings = [f for _source, r in results for f in (r.findings if isinstance(r, ScanResult) else r)]
    problems = [r.problem for _source, r in results if isinstance(r, ScanResult) and r.problem]
    return OutgoingCheck(results, findings, problems, blocked_categories(findings, covered_categories, organisation))
