"""A generated processing log of several weeks with normal behaviour and injected misuse, one pattern
per rule, to measure each rule's precision and recall (``bench/detection.py``, the tests).

Deterministic for a seed. Normal behaviour is not spotless on purpose: occasional early or late
entries, a single refusal, one emergency access now and then, the odd consultation of a resident of
another team, residents who happen to share an employee's family name, busy days. The injected
patterns (``Injection``) say which rule should find them, for whom and when. Pseudonyms are plain
labels ("p00042"); nothing here is personal data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import rules
from .rules import AMSTERDAM, Row

SURNAMES = [f"Achternaam{i:03d}" for i in range(250)]


@dataclass(frozen=True)
class Injection:
    rule: str
    actor_id: int
    start: datetime
    end: datetime


@dataclass
class GeneratedLog:
    rows: list[Row]
    injections: list[Injection]
    days: set[date]  # the evaluated days (after the baseline weeks)
    user_names: dict = field(default_factory=dict)
    subject_names: dict = field(default_factory=dict)
    user_teams: dict = field(default_factory=dict)
    subject_relations: dict = field(default_factory=dict)
    user_addresses: dict = field(default_factory=dict)  # actor id -> address key (an opaque label here)
    subject_addresses: dict = field(default_factory=dict)  # pseudonym -> address key


def _at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=AMSTERDAM)


def generate(*, weeks: int = 6, users: int = 40, residents: int = 2000, teams: int = 5, per_day: int = 40,
             injections_per_rule: int = 3, baseline_weeks: int = 4, seed: int = 16,
             start: date = date(2026, 9, 7)) -> GeneratedLog:
    rnd = random.Random(seed)
    user_ids = list(range(1, users + 1))
    user_team = {u: 1 + (u - 1) % teams for u in user_ids}
    user_names = {u: rules.name_key(rnd.choice(SURNAMES)) for u in user_ids}
    pseudonyms = [f"p{i:05d}" for i in range(residents)]
    subject_team = {p: 1 + i % teams for i, p in enumerate(pseudonyms)}
    subject_names = {p: rules.name_key(rnd.choice(SURNAMES)) for p in pseudonyms}
    by_team: dict[int, list[str]] = {}
    for p, t in subject_team.items():
        by_team.setdefault(t, []).append(p)
    # each user works a caseload of residents of their team
    caseload = {u: rnd.sample(by_team[user_team[u]], min(60, len(by_team[user_team[u]]))) for u in user_ids}
    all_days = [start + timedelta(days=i) for i in range(7 * weeks)]
    evaluated = {d for d in all_days if d >= start + timedelta(weeks=baseline_weeks)}
    rows: list[Row] = []

    def name(u):
        return f"medewerker{u}"

    def row(u, at, p="", allowed=True, emergency=False, target=""):
        rows.append(Row(u, name(u), at, p, allowed, emergency, target))

    for day in all_days:
        weekend = day.isoweekday() >= 6
        for u in user_ids:
            if weekend:
                if rnd.random() < 0.03:  # an occasional look at the weekend
                    row(u, _at(day, rnd.randint(10, 15), rnd.randint(0, 59)), rnd.choice(caseload[u]))
                continue
            if rnd.random() < 0.08:  # leave, sick, training
                continue
            n = max(1, int(rnd.gauss(per_day, per_day * 0.25)) if rnd.random() > 0.05 else int(per_day * 1.9))
            for _i in range(n):
                minute = rnd.randint(8 * 60, 17 * 60 - 1)
                if rnd.random() < 0.01:  # starting early or finishing late now and then
                    minute = rnd.choice([rnd.randint(6 * 60 + 30, 7 * 60 - 1), rnd.randint(19 * 60, 20 * 60)])
                p = rnd.choice(caseload[u])
                if rnd.random() < 0.002:  # a colleague's resident, e.g. a transfer
                    p = rnd.choice(pseudonyms)
                row(u, _at(day, minute // 60, minute % 60, rnd.randint(0, 59)), p)
            if rnd.random() < 0.15:
                row(u, _at(day, rnd.randint(9, 16), rnd.randint(0, 59)), allowed=False, target=f"c{rnd.randint(1, 999)}")
            if rnd.random() < 0.01:
                row(u, _at(day, rnd.randint(9, 16), rnd.randint(0, 59)), rnd.choice(pseudonyms), emergency=True,
                    target=f"c{rnd.randint(1, 9999)}")

    injections: list[Injection] = []
    workdays = sorted(d for d in evaluated if d.isoweekday() < 6)
    offenders = rnd.sample(user_ids, min(len(user_ids), 6 * injections_per_rule))
    for k in range(injections_per_rule):
        day = workdays[(k * 5 + 2) % len(workdays)]
        u = offenders[6 * k]  # volume: four times the usual amount, within the caseload and hours
        for _i in range(per_day * 4):
            row(u, _at(day, rnd.randint(8, 16), rnd.randint(0, 59), rnd.randint(0, 59)), rnd.choice(caseload[u]))
        injections.append(Injection(rules.VOLUME, u, *rules.day_bounds(day)))
        u = offenders[6 * k + 1]  # outside hours: a late evening of look-ups
        for i in range(8):
            row(u, _at(day, 22, 5 * i), rnd.choice(caseload[u]))
        injections.append(Injection(rules.OUTSIDE_HOURS, u, *rules.day_bounds(day)))
        u = offenders[6 * k + 2]  # family name: a resident with the employee's own name, outside the caseload
        relative = f"r{k:04d}u{u}"
        subject_names[relative] = user_names[u]
        subject_team[relative] = 1 + (user_team[u] % teams)
        for i in range(2):
            row(u, _at(day, 11 + i, 15), relative)
        injections.append(Injection(rules.FAMILY_NAME, u, _at(day, 11, 15), _at(day, 12, 15)))
        u = offenders[6 * k + 3]  # break-the-glass: four cases in three days
        for i in range(4):
            row(u, _at(day, 10 + i, 0) + timedelta(days=i % 3), rnd.choice(pseudonyms), emergency=True,
                target=f"bg{k}-{i}")
        injections.append(Injection(rules.BREAK_GLASS, u, _at(day, 10), _at(day + timedelta(days=2), 14)))
        u = offenders[6 * k + 4]  # refusals: trying one case after another
        for i in range(7):
            row(u, _at(day, 15, 0) + timedelta(seconds=50 * i), allowed=False, target=f"probe{k}-{i}")
        injections.append(Injection(rules.REFUSALS, u, _at(day, 15), _at(day, 15, 6)))
        u = offenders[6 * k + 5]  # no relation: five residents of another team
        other = by_team[1 + (user_team[u] % teams)]
        for p in rnd.sample(other, 5):
            row(u, _at(day, rnd.randint(9, 15), rnd.randint(0, 59)), p)
        injections.append(Injection(rules.UNRELATED, u, *rules.day_bounds(day)))

    # home addresses, drawn apart so that the patterns above stay as they were: residents in households of
    # one to four, a third of the employees living in the municipality (one in ten at a resident's address,
    # e.g. a relative the employee never looks up); the address pattern looks up a housemate with another
    # family name, outside the caseload
    ard = random.Random(seed + 1)
    subject_addresses, household = {}, 0
    for i, p in enumerate(pseudonyms):
        if i == 0 or ard.random() < 0.45:
            household += 1
        subject_addresses[p] = f"a{household:05d}"
    user_addresses = {}
    for u in user_ids:
        if ard.random() < 0.33:
            user_addresses[u] = (subject_addresses[ard.choice(pseudonyms)] if ard.random() < 0.1
                                 else f"m{u:04d}")
    for k, u in enumerate(ard.sample(user_ids, min(len(user_ids), injections_per_rule))):
        day = workdays[(k * 5 + 3) % len(workdays)]
        housemate = f"h{k:04d}u{u}"
        user_addresses[u] = subject_addresses[housemate] = f"hm{k:04d}"
        subject_names[housemate] = rules.name_key(f"Huisgenoot{k}")
        subject_team[housemate] = 1 + (user_team[u] % teams)
        row(u, _at(day, 14, 40), housemate)
        injections.append(Injection(rules.FAMILY_NAME, u, _at(day, 14, 40), _at(day, 14, 40)))

    relations = {p: (frozenset({t}), frozenset()) for p, t in subject_team.items()}
    return GeneratedLog(rows, injections, evaluated, user_names, subject_names,
                        {u: {t} for u, t in user_team.items()}, relations, user_addresses, subject_addresses)


def score(found: list[rules.Finding], log: GeneratedLog) -> dict:
    """Per rule: findings, true positives, precision and recall against the injected patterns."""
    result = {}
    for rule in rules.RULES:
        injected = [i for i in log.injections if i.rule == rule]
        findings = [f for f in found if f.rule == rule]

        def matches(f, i):
            return f.actor_id == i.actor_id and f.start <= i.end and f.end >= i.start

        true_pos = sum(1 for f in findings if any(matches(f, i) for i in injected))
        recalled = sum(1 for i in injected if any(matches(f, i) for f in findings))
        result[rule] = {
            "injected": len(injected), "findings": len(findings), "true_positives": true_pos,
            "precision": round(true_pos / len(findings), 3) if findings else None,
            "recall": round(recalled / len(injected), 3) if injected else None,
        }
    return result


def evaluate(log: GeneratedLog, t: rules.Thresholds | None = None) -> list[rules.Finding]:
    t = t or rules.Thresholds()
    found = rules.evaluate(rules.aggregate(log.rows), log.days, t, user_names=log.user_names,
                           subject_names=log.subject_names, user_teams=log.user_teams,
                           subject_relations=log.subject_relations, user_addresses=log.user_addresses,
                           subject_addresses=log.subject_addresses)
    first = min(rules.day_bounds(d)[0] for d in log.days)
    return [f for f in found if f.end >= first]
