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
