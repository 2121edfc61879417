"""Throughput of the check before sending (core.scanning) on generated PDFs, DOCX and plain text.

    python bench/scanner.py [--documents 10] [--pages 20] [--write-docs]

Generates ``documents`` PDFs of ``pages`` A4 pages each (Dutch case-note text, a few BSNs, IBANs,
phone numbers, birth dates and special-category words per page) with core/pdf.py (WeasyPrint),
then times ``scan_file`` on them: pages per second, for the PDF text extraction (pypdf) and the
detectors separately. The same text is also timed as a DOCX and as plain text (MB/s). Prints one JSON
object; ``--write-docs`` rewrites the section "Controle voor verzenden" in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import sys
import time
import zipfile
from datetime import UTC, datetime
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- scanner:begin -->", "<!-- scanner:end -->"

FILLER = ("Tijdens het keukentafelgesprek is de hulpvraag van het gezin besproken. De consulent heeft de "
          "mogelijkheden voor ondersteuning toegelicht en afgesproken dat de aanbieder binnen twee weken contact "
          "opneemt. Het gezin woont in een huurwoning en heeft een netwerk van familie in de buurt. ")


def _page_text(rng: random.Random, number: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    import scan_corpus

    paragraphs = [FILLER * 2]
    cases = scan_corpus.generate(seed=number, per_kind=1)
    paragraphs += [c.text for c in cases if c.truth]
    paragraphs += [FILLER * 3, rng.choice(scan_corpus.NEUTRAL).format(n="Jan Jansen", p="Laren"), FILLER * 2]
    return paragraphs


def make_documents(documents: int, pages: int, seed: int = 7) -> list[tuple[bytes, bytes, bytes, int]]:
    """(pdf, docx, txt, page count) per document."""
    from pypdf import PdfReader

    from privacyregie.core.pdf import html_to_pdf

    rng = random.Random(seed)
    made = []
    for d in range(documents):
        all_pages = [_page_text(rng, d * 1000 + p) for p in range(pages)]
        body = "".join('<section style="break-after: page">' + "".join(f"<p>{escape(t)}</p>" for t in page)
                       + "</section>" for page in all_pages)
        pdf = html_to_pdf(f'<html lang="nl"><head><title>Dossier {d}</title></head><body>{body}</body></html>')
        text = "\n\n".join("\n".join(page) for page in all_pages)
        made.append((pdf, _docx(text), text.encode("utf-8"), len(PdfReader(io.BytesIO(pdf)).pages)))
    return made


def _docx(text: str) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>"
                   for line in text.split("\n"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def run(documents: int, pages: int) -> dict:
    from pypdf import PdfReader

    from privacyregie.core.scanning import scan_file, scan_text

    made = make_documents(documents, pages)
    total_pages = sum(p for *_rest, p in made)
    start = time.perf_counter()
    findings = 0
    for pdf, _docx_bytes, _txt, _pages in made:
        result = scan_file("dossier.pdf", pdf)
        assert result.complete, result.problem
        findings += len(result.findings)
    pdf_seconds = time.perf_counter() - start

    start = time.perf_counter()
    texts = []
    for pdf, *_rest in made:
        texts.append([page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages])
    extract_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for pages_text in texts:
        for text in pages_text:
            scan_text(text)
    detect_seconds = time.perf_counter() - start

    text_bytes = sum(len(txt) for *_r, txt, _p in made)
    start = time.perf_counter()
    for _pdf, docx, _txt, _p in made:
        scan_file("dossier.docx", docx)
    docx_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for _pdf, _docx_bytes, txt, _p in made:
        scan_file("dossier.txt", txt)
    txt_seconds = time.perf_counter() - start
    return {
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "documents": documents, "pages": total_pages, "findings": findings,
        "pdf_pages_per_s": round(total_pages / pdf_seconds, 1),
        "pdf_extract_pages_per_s": round(total_pages / extract_seconds, 1),
        "detect_pages_per_s": round(total_pages / detect_seconds, 1),
        "docx_pages_per_s": round(total_pages / docx_seconds, 1),
        "text_mb_per_s": round(text_bytes / 1e6 / txt_seconds, 2),
        "text_mb": round(text_bytes / 1e6, 2),
    }


def write_docs(result: dict) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
    section = "\n".join([
        BEGIN,
        f"### {result['measured_at']} ({result['machine']})",
        "",
        f"{result['documents']} generated PDFs, {result['pages']} A4 pages in all, {result['findings']} findings.",
        "",
        "| measure | result |", "|---|---|",
        f"| PDF, whole check (`scan_file`) | {result['pdf_pages_per_s']} pages/s |",
        f"| of which text extraction (pypdf) alone | {result['pdf_extract_pages_per_s']} pages/s |",
        f"| of which detectors alone (`scan_text`) | {result['detect_pages_per_s']} pages/s |",
        f"| same text as DOCX | {result['docx_pages_per_s']} pages/s |",
        f"| same text as plain text ({result['text_mb']} MB) | {result['text_mb_per_s']} MB/s |",
        END,
    ])
    if BEGIN in text:
        start, end = text.index(BEGIN), text.index(END) + len(END)
        text = text[:start] + section + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privacyregie.settings")
    import django

    django.setup()
    result = run(args.documents, args.pages)
    print(json.dumps(result, indent=2))
    if args.write_docs:
        write_docs(result)


if __name__ == "__main__":
    main()
