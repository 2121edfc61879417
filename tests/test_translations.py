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
