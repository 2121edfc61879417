"""The generator run small: each rule finds its injected pattern and stays within the stated precision
(docs/detection.md states the figures of the full run)."""

from privacyregie.detection import generator, rules

# Stated minimum precision per rule on the generated log; the family-name rule also finds namesakes
# in the employee's own caseload (see docs/detection.md).
MIN_PRECISION = {rules.VOLUME: 0.9, rules.OUTSIDE_HOURS: 0.9, rules.FAMILY_NAME: 0.2, rules.BREAK_GLASS: 0.9,
                 rules.REFUSALS: 0.9, rules.UNRELATED: 0.9}


def test_each_rule_finds_its_injected_pattern_within_the_stated_precision():
    log = generator.generate(weeks=5, users=24, residents=1200, per_day=30, injections_per_rule=2, seed=7)
    scores = generator.score(generator.evaluate(log), log)
    for rule in rules.RULES:
        assert scores[rule]["recall"] == 1.0, (rule, scores[rule])
        assert scores[rule]["precision"] >= MIN_PRECISION[rule], (rule, scores[rule])


def test_the_generator_is_deterministic():
    first = generator.generate(weeks=5, users=6, residents=100, per_day=5, injections_per_rule=1, seed=3)
    second = generator.generate(weeks=5, users=6, residents=100, per_day=5, injections_per_rule=1, seed=3)
    assert first.rows == second.rows and first.injections == second.injections
