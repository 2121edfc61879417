"""Each rule on crafted rows: positive, negative and exactly at the threshold (pure functions, no database)."""

from datetime import date, datetime, timedelta

from privacyregie.detection import rules
from privacyregie.detection.rules import AMSTERDAM, Row, Thresholds, aggregate

DAY = date(2026, 11, 17)  # a Tuesday
T = Thresholds()


def at(day=DAY, hour=10, minute=0, second=0):
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=AMSTERDAM)


def run(rows, days=None, **facts):
    return rules.evaluate(aggregate(rows), days or {DAY}, T, **facts)


def only(found, rule):
    return [f for f in found if f.rule == rule]


def _baseline(actor=1, per_day=20, days=10):
    rows = []
    for i in range(1, days + 1):
        day = DAY - timedelta(days=i)
        rows += [Row(actor, "a", at(day, 10, m % 60), f"p{m % 5}") for m in range(per_day)]
    return rows


def test_volume_spike_above_factor_times_own_baseline():
    rows = _baseline() + [Row(1, "a", at(DAY, 9 + m // 60, m % 60), "p1") for m in range(61)]
    found = only(run(rows), rules.VOLUME)
    assert len(found) == 1 and found[0].value == 61 and found[0].facts["baseline"] == 20


def test_volume_at_exactly_factor_times_baseline_is_not_a_spike():
    rows = _baseline() + [Row(1, "a", at(DAY, 9 + m // 60, m % 60), "p1") for m in range(60)]
    assert not only(run(rows), rules.VOLUME)


def test_volume_below_minimum_count_or_without_baseline_is_not_a_spike():
    small = _baseline(per_day=5) + [Row(1, "a", at(DAY, 9, m), "p1") for m in range(39)]
    assert not only(run(small), rules.VOLUME)
    new_user = _baseline(days=4) + [Row(1, "a", at(DAY, 9 + m // 60, m % 60), "p1") for m in range(200)]
    assert not only(run(new_user), rules.VOLUME)


def test_outside_hours_at_threshold_in_amsterdam_time():
    # 06:59 local is outside, 07:00 is inside; five outside entries is the default threshold
    rows = [Row(1, "a", at(DAY, 6, 55 + i), "p1") for i in range(5)] + [Row(1, "a", at(DAY, 7, 0), "p1")]
    found = only(run(rows), rules.OUTSIDE_HOURS)
    assert len(found) == 1 and found[0].value == 5
    assert not only(run(rows[1:]), rules.OUTSIDE_HOURS)


def test_outside_hours_counts_weekend_only_when_set():
    saturday = DAY + timedelta(days=4)
    rows = [Row(1, "a", at(saturday, 11, i), "p1") for i in range(6)]
    assert only(rules.evaluate(aggregate(rows), {saturday}, T), rules.OUTSIDE_HOURS)
    weekdays_only = Thresholds(weekend_is_outside=False)
    assert not only(rules.evaluate(aggregate(rows), {saturday}, weekdays_only), rules.OUTSIDE_HOURS)


def test_outside_hours_uses_local_time_across_the_dst_change():
    # 25 October 2026: clocks go back; 05:30 UTC is 06:30 local (outside), 06:30 UTC is 07:30 (inside)
    from datetime import UTC

    day = date(2026, 10, 26)
    rows = [Row(1, "a", datetime(2026, 10, 26, 5, 30 + i, tzinfo=UTC), "p1") for i in range(5)]
    assert only(rules.evaluate(aggregate(rows), {day}, T), rules.OUTSIDE_HOURS)
    rows = [Row(1, "a", datetime(2026, 10, 26, 6, 30 + i, tzinfo=UTC), "p1") for i in range(5)]
    assert not only(rules.evaluate(aggregate(rows), {day}, T), rules.OUTSIDE_HOURS)


def test_family_name_matches_without_particles_and_case():
    assert rules.name_key("van der Berg") == rules.name_key("Berg") == rules.name_key("BERG")
    assert rules.name_key("de Vries") != rules.name_key("Vries-de Boer")
    rows = [Row(1, "a", at(), "p-relative"), Row(1, "a", at(), "p-other")]
    found = only(run(rows, user_names={1: "berg"}, subject_names={"p-relative": "berg", "p-other": "jansen"}),
                 rules.FAMILY_NAME)
    assert [f.subjects for f in found] == [("p-relative",)]
    assert not only(run(rows, user_names={1: "jansen2"}, subject_names={"p-relative": "berg"}), rules.FAMILY_NAME)


def test_family_name_threshold_of_lookups():
    rows = [Row(1, "a", at(minute=i), "p-relative") for i in range(2)]
    facts = {"user_names": {1: "berg"}, "subject_names": {"p-relative": "berg"}}
    assert only(rules.evaluate(aggregate(rows), {DAY}, Thresholds(family_min_lookups=2), **facts), rules.FAMILY_NAME)
    assert not only(rules.evaluate(aggregate(rows), {DAY}, Thresholds(family_min_lookups=3), **facts),
                    rules.FAMILY_NAME)


def test_frequent_break_glass_counts_distinct_cases_within_the_period():
    rows = [Row(1, "a", at() + timedelta(days=2 * i), "p1", emergency=True, target=f"c{i}") for i in range(3)]
    found = only(run(rows), rules.BREAK_GLASS)
    assert len(found) == 1 and found[0].value == 3
    same_case = [Row(1, "a", at() + timedelta(days=i), "p1", emergency=True, target="c1") for i in range(5)]
    assert not only(run(same_case), rules.BREAK_GLASS)
    spread = [Row(1, "a", at() + timedelta(days=4 * i), "p1", emergency=True, target=f"c{i}") for i in range(3)]
    assert not only(run(spread), rules.BREAK_GLASS)  # 8 days between first and third: outside 7 days


def test_refusal_burst_at_threshold_within_minutes():
    rows = [Row(1, "a", at() + timedelta(minutes=2.5 * i), allowed=False, target=f"c{i}") for i in range(5)]
    found = only(run(rows), rules.REFUSALS)
    assert len(found) == 1 and found[0].value == 5  # first to last exactly 10 minutes
    slower = [Row(1, "a", at() + timedelta(minutes=2.6 * i), allowed=False) for i in range(5)]
    assert not only(run(slower), rules.REFUSALS)
    assert not only(run(rows[:4]), rules.REFUSALS)


def test_refusals_of_different_users_do_not_add_up():
    rows = [Row(i, f"u{i}", at(minute=i), allowed=False) for i in range(1, 6)]
    assert not only(run(rows), rules.REFUSALS)


def test_unrelated_consultations_of_residents_of_other_teams():
    relations = {f"p{i}": (frozenset({2}), frozenset()) for i in range(3)}
    relations["own"] = (frozenset({1}), frozenset())
    relations["member"] = (frozenset({2}), frozenset({1}))
    rows = [Row(1, "a", at(minute=i), f"p{i}") for i in range(3)]
    facts = {"user_teams": {1: {1}}, "subject_relations": relations}
    found = only(run(rows, **facts), rules.UNRELATED)
    assert len(found) == 1 and found[0].subjects == ("p0", "p1", "p2")
    own = [Row(1, "a", at(minute=i), p) for i, p in enumerate(["p0", "p1", "own", "member"])]
    assert not only(run(own, **facts), rules.UNRELATED)  # two unrelated: below the threshold of three
    assert not only(run(rows, user_teams={}, subject_relations=relations), rules.UNRELATED)  # no team: no rule


def test_emergency_access_is_left_to_its_own_rule():
    relations = {f"p{i}": (frozenset({2}), frozenset()) for i in range(3)}
    rows = [Row(1, "a", at(minute=i), f"p{i}", emergency=True, target=f"c{i}") for i in range(3)]
    found = run(rows, user_teams={1: {1}}, subject_relations=relations)
    assert not only(found, rules.UNRELATED) and only(found, rules.BREAK_GLASS)


def test_a_disabled_rule_finds_nothing():
    rows = [Row(1, "a", at(DAY, 23, i), "p1") for i in range(10)]
    assert not only(rules.evaluate(aggregate(rows), {DAY}, Thresholds(outside_enabled=False)), rules.OUTSIDE_HOURS)
