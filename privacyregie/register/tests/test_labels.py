"""Issue 11 §8 (labels): edit pages name the object, never 'SystemLink object (1)'."""

import pytest
from django.urls import reverse

from privacyregie.core.models import User
from privacyregie.register.models import SystemLink
from privacyregie.register.views import EDITABLE

pytestmark = pytest.mark.django_db


def test_the_link_edit_page_is_headed_by_the_systems_it_links(client, login):
    user = User.objects.get(username="beheerder")
    link = SystemLink.objects.filter(organisation=user.organisation).select_related("source", "target").first()
    login(user)
    page = client.get(reverse("register:object_edit", kwargs={"kind": "koppeling", "pk": link.pk})).content.decode()
    assert "object (" not in page
    assert f"<h1>{link.source.name} → {link.target.name}" in page or f"<h1>{link.source.name} ↔ {link.target.name}" in page


def test_every_editable_object_has_a_readable_name():
    for kind, (model, *_rest) in EDITABLE.items():
        instance = model.objects.first()
        assert instance is not None, f"no demo {kind}"
        assert "object (" not in str(instance), kind


def test_the_landscape_is_inline_scalable_and_without_object_embed(client, login):
    user = User.objects.get(username="informatiemanager")
    login(user)
    page = client.get(reverse("register:landscape")).content.decode()
    assert "<object" not in page  # object-src 'none' in the CSP refused it
    start = page.index('<svg class="landscape__svg"') if '<svg class="landscape__svg"' in page else page.index("<svg ")
    svg = page[start:page.index("</svg>", start)]
    assert "viewBox=" in svg and "landscape__svg" in svg
    assert ' width="' not in svg[:svg.index(">")] and ' height="' not in svg[:svg.index(">")]
    assert "<script" not in svg and " onload" not in svg.lower()
    system = SystemLink.objects.filter(organisation=user.organisation).first().source
    assert f'href="{reverse("register:landscape")}#app-{system.pk}"' in svg  # nodes stay clickable
    assert 'src="/static/web/js/landscape.js"' in page and 'aria-label="Inzoomen"' in page


def test_inline_svg_drops_scripts_handlers_and_foreign_links():
    from privacyregie.register.landscape import inline_svg

    hostile = (b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">'
               b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100pt" '
               b'height="50pt" viewBox="0 0 100 50" onload="alert(1)"><script>alert(2)</script>'
               b'<a xlink:href="javascript:alert(3)"><text style="x">a</text></a><a xlink:href="/register/#app-1">'
               b'<text>b</text></a></svg>')
    out = inline_svg(hostile, "Plaat")
    assert "alert" not in out and "style=" not in out and "javascript" not in out
    assert 'href="/register/#app-1"' in out and 'viewBox="0 0 100 50"' in out and 'width="' not in out
