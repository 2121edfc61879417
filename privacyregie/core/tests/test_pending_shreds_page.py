import pytest
from django.urls import reverse

from privacyregie.core.models import PendingShred
from privacyregie.core.roles import Role
from privacyregie.core.shredding import pending_summary
from privacyregie.core.tests.factories import UserFactory
from privacyregie.core.tests.utils import login_verified

pytestmark = pytest.mark.django_db


def test_summary_counts_oldest_attempts_and_latest_error_without_targets():
    PendingShred.objects.create(kind=PendingShred.Kind.FILE, target="opslag/geheim-1.bin", attempts=3,
                                last_error="Permission denied")
    PendingShred.objects.create(kind=PendingShred.Kind.FILE, target="opslag/geheim-2.bin", attempts=1)
    summary = pending_summary()
    files, keys = summary["rows"]
    assert summary["total"] == 2
    assert (files["count"], files["attempts"], files["last_error"]) == (2, 3, "Permission denied")
    assert files["oldest"] is not None
    assert (keys["count"], keys["oldest"]) == (0, None)
    assert "geheim" not in str(summary)


@pytest.mark.parametrize("role", [Role.CISO, Role.FUNCTIONAL_ADMIN])
def test_page_shows_pending_shreds_without_the_target(client, role):
    PendingShred.objects.create(kind=PendingShred.Kind.KEY, target="case:geheim", attempts=2,
                                last_error="Schijf vol")
    login_verified(client, UserFactory(roles=[role]))
    html = client.get(reverse("core:pending_shreds")).content.decode()
    assert "Schijf vol" in html and "1 versnippering wacht nog." in html
    assert "geheim" not in html


def test_case_workers_do_not_see_it(client):
    login_verified(client, UserFactory(roles=[Role.CASE_WORKER]))
    assert client.get(reverse("core:pending_shreds")).status_code == 403
