"""The demo data follows the seeds and loads idempotently; the reminder job is registered."""

from privacyregie.core.jobs import discover
from privacyregie.core.models import Organisation
from privacyregie.policies import cycles, demo, services
from privacyregie.policies.models import PolicyDocument, PolicyVersion


def _states(slug):
    return {row["document"].title: (row["state"], row["under_review"])
            for row in services.report_rows(Organisation.objects.get(slug=slug))}


def test_haren_has_the_overdue_regulation_and_handbook_and_the_principles_never_adopted(db):
    assert _states("haren") == {
        "Reglement verwerking persoonsgegevens sociaal domein": (cycles.OVERDUE, False),
        "Privacy handleiding sociaal domein": (cycles.OVERDUE, False),
        "Beleidsuitgangspunten privacy sociaal domein WIJZ-teams": (cycles.NEVER_ADOPTED, False),
    }


def test_bel_has_the_2015_security_policy_under_review(db):
    states = _states("bel")
    assert states["Informatiebeveiligingsbeleid BEL Combinatie 2015"] == (cycles.OVERDUE, True)
    assert states["Privacybeleid BEL Combinatie"][0] == cycles.OVERDUE
    assert services.published_privacy_policy(Organisation.objects.get(slug="bel")) is not None


def test_loading_twice_changes_nothing(db):
    before = (PolicyDocument.objects.count(), PolicyVersion.objects.count())
    demo.load()
    assert (PolicyDocument.objects.count(), PolicyVersion.objects.count()) == before


def test_the_daily_reminder_job_is_registered():
    assert "policies_review_reminders" in discover()
