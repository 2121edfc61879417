"""The demo data: bottlenecks of seed 003 recommendations 5 and 6, one review, loaded once."""

from privacyregie.protocol import demo
from privacyregie.protocol.models import Action, Bottleneck, Review


def test_the_demo_has_bottlenecks_an_overdue_action_and_a_review(db):
    bel = Bottleneck.objects.filter(organisation__slug="bel")
    assert bel.count() == len(demo.BOTTLENECKS)
    assert bel.filter(source="ketenpartner").exists() and bel.filter(status="afgehandeld").count() == 2
    assert any(a.is_overdue() for a in Action.objects.filter(bottleneck__organisation__slug="bel"))
    assert Review.objects.filter(organisation__slug="bel").count() == 1
    demo.load()
    assert bel.count() == len(demo.BOTTLENECKS)
