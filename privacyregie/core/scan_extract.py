"""Bounded text extraction for the check before sending: plain text and CSV, PDF (pypdf), DOCX (zipfile).

A hostile or broken file never crashes the check and never costs more than the limits allow: the
characters extracted, the pages read, the zip's declared sizes, parts and compression ratio and the
CPU time are all bounded. When a limit is reached, or a file cannot be read, the ``ScanResult`` says so
in ``problem`` (Dutch): the sender then sees that the file was not (completely) checked. This module
never writes the extracted text anywhere; it returns findings with masked excerpts only.

DOCX: the parts that hold text (``word/document.xml``, headers, footers, footnotes, endnotes, comments)
are parsed with ``xml.etree.ElementTree.iterparse`` (expat, no external entities) after a part with a
DTD has been refused (a real DOCX has none: that is how entity-expansion attacks arrive); each part is
read from the zip in bounded chunks, and zipfile checks the declared size and CRC while reading.
"""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET  # noqa: S405 (a DTD is refused before parsing; expat loads no external entities)
import zipfile
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .scanning import ScanResult, scan_text


@dataclass(frozen=True)
class ExtractLimits:
    max_chars: int = 2_000_000  # characters of text checked per file
    max_pages: int = 500  # PDF pages read
    max_uncompressed: int = 50 * 1024 * 1024  # DOCX: all parts together, unpacked
    max_parts: int = 2000  # DOCX: files inside the zip
    max_ratio: int = 100  # DOCX: unpacked / packed, for parts larger than 1 MB
    max_seconds: float = 20.0  # CPU time of the extracting thread


LIMITS = ExtractLimits()
_RATIO_FLOOR = 1024 * 1024
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_EXTENSIONS = ("txt", "csv")


class _LimitReached(Exception):
    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


def _too_long(limits: ExtractLimits) -> str:
    return _("Het bestand is langer dan de controle leest (%(n)s tekens); alleen het begin is gecontroleerd.") % {
        "n": f"{limits.max_chars:,}".replace(",", ".")}


def _too_slow(limits: ExtractLimits) -> str:
    return _("Het lezen van het bestand duurde te lang (meer dan %(s)s seconden); het is niet volledig "
             "gecontroleerd.") % {"s": f"{limits.max_seconds:g}"}


def scan_file(name: str, data: bytes, limits: ExtractLimits | None = None) -> ScanResult:
    limits = limits or LIMITS
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in TEXT_EXTENSIONS:
        return _scan_plain(data, limits)
    if extension == "pdf":
        return _scan_pdf(data, limits)
    if extension == "docx":
        return _scan_docx(data, limits)
    return ScanResult(extracted=False, problem=_("Van dit bestandstype (.%(ext)s) kan de tekst niet worden gelezen; "
                                                 "controleer zelf of er persoonsgegevens in staan.")
                      % {"ext": extension or "?"})


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Latin-1 (which reads any bytes)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _scan_plain(data: bytes, limits: ExtractLimits) -> ScanResult:
    # Latin-1 and UTF-8 never take fewer than one byte per character: cutting the bytes bounds the text.
    cut = len(data) > limits.max_chars * 4
    text = decode_text(data[:limits.max_chars * 4])
    problem = ""
    if cut or len(text) > limits.max_chars:
        text, problem = text[:limits.max_chars], _too_long(limits)
    return ScanResult(findings=scan_text(text), pages=None, extracted=True, problem=problem)


def _scan_pdf(data: bytes, limits: ExtractLimits) -> ScanResult:
    from pypdf import PdfReader

    unreadable = _("Het PDF-bestand kan niet worden gelezen; controleer zelf of er persoonsgegevens in staan.")
    deadline = time.thread_time() + limits.max_seconds
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return ScanResult(extracted=False, problem=_("Het PDF-bestand is met een wachtwoord beveiligd; de tekst kan "
                                                         "niet worden gecontroleerd."))
        total = len(reader.pages)
    except Exception:  # noqa: BLE001 (pypdf raises many kinds of errors on a broken file)
        return ScanResult(extracted=False, problem=unreadable)
    findings, chars, read, problem = [], 0, 0, ""
    for number in range(min(total, limits.max_pages)):
        if time.thread_time() > deadline:
            problem = _too_slow(limits)
            break
        try:
            text = reader.pages[number].extract_text() or ""
        except Exception:  # noqa: BLE001 (pypdf raises many kinds of errors on a broken page)
            problem = _("Pagina %(n)s van het PDF-bestand kan niet worden gelezen; die is niet gecontroleerd.") % {
                "n": number + 1}
            read += 1
            continue
        read += 1
        if chars + len(text) > limits.max_chars:
            text, problem = text[:limits.max_chars - chars], _too_long(limits)
        chars += len(text)
        findings.extend(scan_text(text, page=number + 1))
        if problem == _too_long(limits):
            break
    if total > limits.max_pages and not problem:
        problem = _("Het PDF-bestand heeft %(total)s pagina's; alleen de eerste %(n)s zijn gecontroleerd.") % {
            "total": total, "n": limits.max_pages}
    if read and not chars and not findings:
        problem = problem or _("Het PDF-bestand bevat geen leesbare tekst (misschien een scan); controleer zelf of er "
                               "persoonsgegevens in staan.")
        return ScanResult(findings=[], pages=read, extracted=False, problem=problem)
    return ScanResult(findings=findings, pages=read, extracted=True, problem=problem)


def _text_parts(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    wanted = []
    for part in archive.infolist():
        name = part.filename
        if name == "word/document.xml" or (name.startswith("word/") and name.endswith(".xml") and name[5:].startswith(
                ("header", "footer", "footnotes", "endnotes", "comments"))):
            wanted.append(part)
    return sorted(wanted, key=lambda p: (p.filename != "word/document.xml", p.filename))


def _check_docx_container(data: bytes, limits: ExtractLimits) -> zipfile.ZipFile:
    invalid = _LimitReached(_("Dit is geen geldig Word-bestand (.docx); de tekst kan niet worden gecontroleerd."))
    if not data.startswith(b"PK\x03\x04"):
        raise invalid
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise invalid from exc
    if len(parts) > limits.max_parts:
        raise _LimitReached(_("Het Word-bestand bestaat uit te veel onderdelen (maximaal %(n)s); het is niet "
                              "gecontroleerd.") % {"n": limits.max_parts})
    total = 0
    for part in parts:
        if part.flag_bits & 0x1:
            raise _LimitReached(_("Het Word-bestand is versleuteld; de tekst kan niet worden gecontroleerd."))
        total += part.file_size
        if total > limits.max_uncompressed:
            raise _LimitReached(_("Het Word-bestand is uitgepakt te groot (meer dan %(mb)s MB); het is niet "
                                  "gecontroleerd.") % {"mb": limits.max_uncompressed // (1024 * 1024)})
        if part.file_size > _RATIO_FLOOR and part.file_size > limits.max_ratio * max(part.compress_size, 1):
            raise _LimitReached(_("Het Word-bestand is verdacht sterk gecomprimeerd (een zip-bom?); het is niet "
                                  "gecontroleerd."))
    if not any(p.filename == "word/document.xml" for p in parts):
        raise invalid
    return archive


def _part_text(archive: zipfile.ZipFile, part: zipfile.ZipInfo, budget: int, deadline: float) -> tuple[str, bool]:
    """The text of one part, at most ``budget`` characters; (text, cut)."""
    parser = ET.XMLPullParser(events=("start", "end"))
    pieces: list[str] = []
    size, cut, tail = 0, False, b""
    with archive.open(part) as stream:  # zipfile stops at the declared size and checks the CRC
        while chunk := stream.read(256 * 1024):
            window = tail + chunk
            if any(marker in window for marker in _DTD_MARKERS):
                raise _LimitReached(_("Het Word-bestand bevat een DTD (entiteiten); dat komt in een echt Word-bestand "
                                      "niet voor. Het is niet gecontroleerd."))
            tail = window[-16:]
            if time.thread_time() > deadline:
                raise _LimitReached(_("Het lezen van het Word-bestand duurde te lang; het is niet gecontroleerd."))
            parser.feed(chunk)
            for event, element in parser.read_events():
                text = None
                if event == "end" and element.tag == f"{_W}t":
                    text = element.text or ""
                elif event == "end" and element.tag in (f"{_W}tab",):
                    text = "\t"
                elif event == "end" and element.tag in (f"{_W}br", f"{_W}cr", f"{_W}p"):
                    text = "\n"
                if event == "end" and element.tag in (f"{_W}p", f"{_W}tbl"):
                    element.clear()
                if text:
                    pieces.append(text)
                    size += len(text)
                    if size > budget:
                        return "".join(pieces)[:budget], True
    parser.close()
    return "".join(pieces), cut


def _scan_docx(data: bytes, limits: ExtractLimits) -> ScanResult:
    deadline = time.thread_time() + limits.max_seconds
    try:
        archive = _check_docx_container(data, limits)
        texts, budget, problem = [], limits.max_chars, ""
        for part in _text_parts(archive):
            text, cut = _part_text(archive, part, budget, deadline)
            texts.append(text)
            budget -= len(text)
            if cut or budget <= 0:
                problem = _too_long(limits)
                break
    except _LimitReached as exc:
        return ScanResult(extracted=False, problem=exc.problem)
    except (ET.ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError,
            ValueError, LookupError):  # LookupError: an unknown encoding or a missing part
        return ScanResult(extracted=False, problem=_("Het Word-bestand kan niet worden gelezen; controleer zelf of er "
                                                     "persoonsgegevens in staan."))
    return ScanResult(findings=scan_text("\n".join(texts)), pages=None, extracted=True, problem=problem)
