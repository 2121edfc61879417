"""Check that a PDF is readable by assistive technology: tagged, with a language and a title."""

from __future__ import annotations

import io

from pypdf import PdfReader


def assert_accessible_pdf(data: bytes, title_part: str, lang: str = "nl") -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root.get("/Lang") == lang, f"/Lang is {root.get('/Lang')!r}"
    assert root.get("/MarkInfo", {}).get("/Marked") == True, "the PDF is not marked as tagged"  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root, "the PDF has no structure tree"
    info_title = (reader.metadata or {}).get("/Title") or ""
    xmp = reader.xmp_metadata
    dc_title = " ".join((xmp.dc_title or {}).values()) if xmp is not None else ""
    assert title_part in info_title or title_part in dc_title, f"title {info_title!r} / {dc_title!r}"
    return reader
