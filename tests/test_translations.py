"""Every user-facing text is Dutch with an English translation; English pages really are English."""

from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1] / "privacyregie"
PO_FILES = sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("path", PO_FILES, ids=[p.parts[-5] for p in PO_FILES])
def test_english_translation_is_complete(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


def test_core_apps_have_english_files():
    apps = {p.parts[-5] for p in PO_FILES}
    assert {"core", "web", "api", "kernel", "dossiers", "incidents"} <= apps


@pytest.mark.django_db
def test_login_page_in_english(client):
    call_command("compile_translations", verbosity=0)
    response = client.get("/account/inloggen/", HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert "Log in to Privacyregie" in content
    assert "Inloggen bij Privacyregie" not in content


@pytest.mark.django_db
def test_login_page_in_dutch_by_default(client):
    response = client.get("/account/inloggen/")
    assert "Inloggen bij Privacyregie" in response.content.decode()


JINJA_TEMPLATES = sorted(ROOT.glob("*/jinja2/**/*.html"))


@pytest.mark.parametrize("path", JINJA_TEMPLATES, ids=[p.name for p in JINJA_TEMPLATES])
def test_jinja_templates_texts_are_extracted_and_translated(path):
    """A Jinja2 page (ADR 0134) writes its texts as ``_("…")``: what ``makemessages`` extracts (Django's
    ``templatize`` reads it) and what the English catalogues translate."""
    import re

    from django.utils.translation.template import templatize

    source = path.read_text()
    texts = set(re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', source))
    assert texts, f"no texts found in {path}"
    extracted = set(re.findall(r'gettext\(u?\'((?:[^\'\\]|\\.)*)\'\)|_\("((?:[^"\\]|\\.)*)"\)', templatize(source)))
    assert texts <= {a or b for a, b in extracted}
    translated = {e.msgid: e.msgstr for p in PO_FILES for e in polib.pofile(str(p)) if e.msgstr}
    missing = sorted(t for t in texts if t not in translated)
    assert not missing, f"not in an English catalogue: {missing}"
