"""The demo data: one team at 80%, and consulent.jeugd is asked for version 2 of the code of conduct."""

from decimal import Decimal

from django.utils import timezone

from privacyregie.core.models import Organisation, User
from privacyregie.people import demo, services


def test_demo_has_a_team_at_80_percent_and_a_pending_code_of_conduct(db):
    demo.load()  # idempotent: loading twice changes nothing
    bel = Organisation.objects.get(slug="bel")
    now = timezone.now()
    figures = services.scorecard_figures(bel, now, now)
    teams = {row["team"]: row["pct"] for row in figures["training_by_team"]}
    assert teams["Team Participatie BEL"] == Decimal("80.0")
    assert services.pending_conduct(User.objects.get(username="consulent.jeugd")).version == 2
    assert services.pending_conduct(User.objects.get(username="consulent.wmo")) is None
    assert services.pending_conduct(User.objects.get(username="fg.haren")) is None  # Haren has no code
