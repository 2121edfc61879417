"""The detection rules: pure functions over aggregated rows of the combined processing log.

Each rule takes plain rows (``HourCount``, ``Event``, ``Pair``), the organisation's thresholds
(``Thresholds``) and, where needed, facts about users and residents, and returns ``Finding``
objects. Nothing here touches the database, so each rule is tested on crafted rows and measured
on a generated log (``generator.py``). ``aggregate()`` turns raw log rows into the same inputs the
database queries of ``collect.py`` produce. Never returns names of residents: residents are known
here only by their pseudonym.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import mean
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

VOLUME = "volume"
OUTSIDE_HOURS = "buiten_werktijd"
FAMILY_NAME = "familienaam"
BREAK_GLASS = "noodtoegang"
REFUSALS = "weigeringen"
UNRELATED = "geen_relatie"
RULES = (VOLUME, OUTSIDE_HOURS, FAMILY_NAME, BREAK_GLASS, REFUSALS, UNRELATED)
# Rules whose findings are clusters in time: a new finding overlapping an earlier one is the same finding.
CLUSTER_RULES = (BREAK_GLASS, REFUSALS)
MIN_BASELINE_DAYS = 5  # a user needs this many active days before their volume has a baseline


@dataclass(frozen=True)
class Thresholds:
    """The organisation's settings (``DetectionSettings``), as plain values; the defaults are the model's."""

    volume_enabled: bool = True
    volume_factor: float = 3.0
    volume_min_count: int = 40
    baseline_days: int = 28
    outside_enabled: bool = True
    workday_start: int = 7
    workday_end: int = 19
    weekend_is_outside: bool = True
    outside_min_count: int = 5
    family_enabled: bool = True
    family_min_lookups: int = 1
    break_glass_enabled: bool = True
    break_glass_count: int = 3
    break_glass_days: int = 7
    refusals_enabled: bool = True
    refusals_count: int = 5
    refusals_minutes: int = 10
    unrelated_enabled: bool = True
    unrelated_count: int = 3


@dataclass(frozen=True)
class HourCount:
    """Allowed entries of one actor in one local hour."""

    actor_id: int | None
    username: str
    day: date
    hour: int
    weekday: int  # ISO: 1 = Monday, 7 = Sunday
    count: int


@dataclass(frozen=True)
class DayTotal:
    """Allowed entries of one actor on one local day (``DailyTotal``): the volume rule's baseline days."""

    actor_id: int | None
    username: str
    day: date
    count: int


@dataclass(frozen=True)
class Event:
    """One emergency access (first entry per case) or one refusal."""

    actor_id: int | None
    username: str
    at: datetime
    target: str = ""


@dataclass(frozen=True)
class Pair:
    """An actor's allowed entries about one resident on one local day (emergency access left out)."""

    actor_id: int | None
    username: str
    pseudonym: str
    day: date
    count: int
    first_at: datetime
    last_at: datetime


@dataclass(frozen=True)
class Finding:
    rule: str
    actor_id: int | None
    username: str
    start: datetime
    end: datetime
    value: float
    threshold: float
    fingerprint: str
    subjects: tuple[str, ...] = ()
    facts: dict = field(default_factory=dict, compare=False, hash=False)


def actor_key(actor_id, username) -> str:
    return f"u{actor_id}" if actor_id is not None else f"n:{username}"


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM)
    nxt = day + timedelta(days=1)
    return start, datetime(nxt.year, nxt.month, nxt.day, tzinfo=AMSTERDAM)


# Dutch and common foreign family-name prefixes (voorvoegsels, as the BRP keeps them apart from the name).
_PARTICLES = {"van", "de", "der", "den", "het", "ten", "ter", "te", "in", "t", "op", "von", "la", "le", "du", "des",
              "d", "l", "s", "vd", "v", "'t"}
# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "ı": "i",
                          "þ": "th", "ŋ": "n", "ħ": "h"})


def name_key(last_name: str) -> str:
    """A family name compared without accents, case, punctuation and Dutch particles (voorvoegsels):
    'van der Berg' = 'Berg' = 'Berg, van der' = 'BERG'; 'Çelik' = 'Celik'; "'t Hart" = 'Hart'."""
    text = unicodedata.normalize("NFKD", (last_name or "").casefold().translate(_LETTERS))
    text = "".join(c if c.isalnum() else " " for c in text if not unicodedata.combining(c))
    return " ".join(w for w in text.split() if w not in _PARTICLES)


def is_outside(hour: int, weekday: int, t: Thresholds) -> bool:
    return hour < t.workday_start or hour >= t.workday_end or (t.weekend_is_outside and weekday >= 6)


def volume_spikes(hours: list[HourCount], days: set[date], t: Thresholds, day_totals=()) -> list[Finding]:
    """A day on which an actor's entries exceed ``volume_factor`` x their own mean over the
    ``baseline_days`` before it (active days only) and at least ``volume_min_count``. The baseline comes
    from ``hours`` and from ``day_totals`` (``DayTotal``, days that ``hours`` do not cover)."""
    if not t.volume_enabled:
        return []
    totals: dict[tuple, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    names = {}
    for h in [*hours, *day_totals]:
        key = actor_key(h.actor_id, h.username)
        totals[key][h.day] += h.count
        names.setdefault(key, (h.actor_id, h.username))
    findings = []
    for key, per_day in totals.items():
        for day in sorted(d for d in per_day if d in days):
            total = per_day[day]
            if total < t.volume_min_count:
                continue
            earlier = [n for d, n in per_day.items() if day - timedelta(days=t.baseline_days) <= d < day]
            if len(earlier) < MIN_BASELINE_DAYS:
                continue
            baseline = mean(earlier)
            if total > t.volume_factor * baseline:
                start, end = day_bounds(day)
                actor_id, username = names[key]
                findings.append(Finding(VOLUME, actor_id, username, start, end, total, t.volume_factor,
                                        f"{key}:{day.isoformat()}", facts={"baseline": round(baseline, 1)}))
    return findings


def outside_hours(hours: list[HourCount], days: set[date], t: Thresholds) -> list[Finding]:
    """A day on which an actor has at least ``outside_min_count`` entries outside working hours."""
    if not t.outside_enabled:
        return []
    outside: dict[tuple, int] = defaultdict(int)
    for h in hours:
        if h.day in days and is_outside(h.hour, h.weekday, t):
            outside[(actor_key(h.actor_id, h.username), h.actor_id, h.username, h.day)] += h.count
    findings = []
    for (key, actor_id, username, day), n in sorted(outside.items(), key=lambda item: (item[0][0], item[0][3])):
        if n >= t.outside_min_count:
            start, end = day_bounds(day)
            findings.append(Finding(OUTSIDE_HOURS, actor_id, username, start, end, n, t.outside_min_count,
                                    f"{key}:{day.isoformat()}",
                                    facts={"from": t.workday_start, "to": t.workday_end,
                                           "weekend": t.weekend_is_outside}))
    return findings


def family_name(pairs: list[Pair], user_names: dict, subject_names: dict, t: Thresholds,
                user_addresses=None, subject_addresses=None) -> list[Finding]:
    """Look-ups of a resident whose family name equals the actor's own (``user_names``: actor id ->
    ``name_key``; ``subject_names``: pseudonym -> ``name_key``) or who lives at the actor's home address
    (``user_addresses``: actor id -> ``address.address_key``; ``subject_addresses``: pseudonym -> the
    same), once per actor and resident. ``facts["match"]`` says which: "naam", "adres" or both."""
    if not t.family_enabled:
        return []
    user_addresses, subject_addresses = user_addresses or {}, subject_addresses or {}
    grouped: dict[tuple, list[Pair]] = defaultdict(list)
    matches: dict[tuple, tuple] = {}
    for p in pairs:
        own_name, own_address = user_names.get(p.actor_id), user_addresses.get(p.actor_id)
        match = tuple(kind for kind, same in (
            ("naam", own_name and subject_names.get(p.pseudonym) == own_name),
            ("adres", own_address and subject_addresses.get(p.pseudonym) == own_address)) if same)
        if match:
            key = (actor_key(p.actor_id, p.username), p.pseudonym)
            grouped[key].append(p)
            matches[key] = match
    findings = []
    for (key, pseudonym), items in sorted(grouped.items()):
        n = sum(p.count for p in items)
        if n >= t.family_min_lookups:
            findings.append(Finding(FAMILY_NAME, items[0].actor_id, items[0].username,
                                    min(p.first_at for p in items), max(p.last_at for p in items), n,
                                    t.family_min_lookups, f"{key}:{pseudonym}", (pseudonym,),
                                    facts={"match": "+".join(matches[(key, pseudonym)])}))
    return findings


def _clusters(events: list[Event], size: int, span: timedelta) -> list[list[Event]]:
    """Maximal runs of at least ``size`` events of which the first and last lie within ``span``."""
    events = sorted(events, key=lambda e: e.at)
    out, start, j = [], 0, 0
    while j < len(events):
        while events[j].at - events[start].at > span:
            start += 1
        if j - start + 1 >= size:
            k = j
            while k + 1 < len(events) and events[k + 1].at - events[start].at <= span:
                k += 1
            out.append(events[start:k + 1])
            start = j = k + 1
            continue
        j += 1
    return out


def _burst_rule(rule, events, size, span, threshold, facts) -> list[Finding]:
    per_actor: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        per_actor[actor_key(e.actor_id, e.username)].append(e)
    findings = []
    for key in sorted(per_actor):
        for cluster in _clusters(per_actor[key], size, span):
            first, last = cluster[0], cluster[-1]
            findings.append(Finding(rule, first.actor_id, first.username, first.at, last.at, len(cluster), threshold,
                                    f"{key}:{first.at.isoformat()}", facts=facts))
    return findings


def frequent_break_glass(events: list[Event], t: Thresholds) -> list[Finding]:
    """At least ``break_glass_count`` emergency accesses (distinct cases) within ``break_glass_days``."""
    if not t.break_glass_enabled:
        return []
    first_per_case: dict[tuple, Event] = {}
    for e in sorted(events, key=lambda e: e.at):
        first_per_case.setdefault((actor_key(e.actor_id, e.username), e.target), e)
    return _burst_rule(BREAK_GLASS, list(first_per_case.values()), t.break_glass_count,
                       timedelta(days=t.break_glass_days), t.break_glass_count, {"days": t.break_glass_days})


def refusal_bursts(events: list[Event], t: Thresholds) -> list[Finding]:
    """At least ``refusals_count`` refusals within ``refusals_minutes`` minutes."""
    if not t.refusals_enabled:
        return []
    return _burst_rule(REFUSALS, events, t.refusals_count, timedelta(minutes=t.refusals_minutes), t.refusals_count,
                       {"minutes": t.refusals_minutes})


def unrelated(pairs: list[Pair], user_teams: dict, subject_relations: dict, t: Thresholds) -> list[Finding]:
    """A day on which a team member consulted at least ``unrelated_count`` residents known in the case
    files without any case of their team(s) or their own membership (``subject_relations``: pseudonym ->
    (team ids, member user ids)). Actors without a team and residents unknown here are left out."""
    if not t.unrelated_enabled:
        return []
    grouped: dict[tuple, list[Pair]] = defaultdict(list)
    for p in pairs:
        teams = user_teams.get(p.actor_id)
        relation = subject_relations.get(p.pseudonym)
        if not teams or relation is None:
            continue
        case_teams, members = relation
        if teams & set(case_teams) or p.actor_id in members:
            continue
        grouped[(actor_key(p.actor_id, p.username), p.day)].append(p)
    findings = []
    for (key, day), items in sorted(grouped.items()):
        subjects = tuple(sorted({p.pseudonym for p in items}))
        if len(subjects) >= t.unrelated_count:
            start, end = day_bounds(day)
            findings.append(Finding(UNRELATED, items[0].actor_id, items[0].username, start, end, len(subjects),
                                    t.unrelated_count, f"{key}:{day.isoformat()}", subjects))
    return findings


@dataclass
class Inputs:
    hours: list[HourCount]
    emergencies: list[Event]
    refusals: list[Event]
    pairs: list[Pair]
    day_totals: list[DayTotal] = field(default_factory=list)  # baseline days before those of ``hours``


@dataclass(frozen=True)
class Row:
    """A raw log row, as the generator produces it (and a test builds it)."""

    actor_id: int | None
    username: str
    at: datetime
    pseudonym: str = ""
    allowed: bool = True
    emergency: bool = False
    target: str = ""


def aggregate(rows) -> Inputs:
    """The rules' inputs from raw rows: the same as ``collect.inputs`` computes in the database."""
    hours: dict[tuple, int] = defaultdict(int)
    pairs: dict[tuple, list] = {}
    emergencies, refusals = [], []
    for r in rows:
        if not r.allowed:
            refusals.append(Event(r.actor_id, r.username, r.at, r.target))
            continue
        local = r.at.astimezone(AMSTERDAM)
        hours[(r.actor_id, r.username, local.date(), local.hour, local.isoweekday())] += 1
        if r.emergency:
            emergencies.append(Event(r.actor_id, r.username, r.at, r.target))
        if r.pseudonym and not r.emergency:  # emergency access has its own rule and review
            key = (r.actor_id, r.username, r.pseudonym, local.date())
            item = pairs.setdefault(key, [0, r.at, r.at])
            item[0] += 1
            item[1], item[2] = min(item[1], r.at), max(item[2], r.at)
    return Inputs(
        hours=[HourCount(*k, n) for k, n in hours.items()],
        emergencies=emergencies, refusals=refusals,
        pairs=[Pair(*k, n, first, last) for k, (n, first, last) in pairs.items()],
    )


def evaluate(inputs: Inputs, days: set[date], t: Thresholds, *, user_names=None, subject_names=None,
             user_teams=None, subject_relations=None, user_addresses=None, subject_addresses=None) -> list[Finding]:
    """All rules over one window's inputs (``days``: the local dates of the window)."""
    return [
        *volume_spikes(inputs.hours, days, t, inputs.day_totals),
        *outside_hours(inputs.hours, days, t),
        *family_name(inputs.pairs, user_names or {}, subject_names or {}, t, user_addresses, subject_addresses),
        *frequent_break_glass(inputs.emergencies, t),
        *refusal_bursts(inputs.refusals, t),
        *unrelated(inputs.pairs, user_teams or {}, subject_relations or {}, t),
    ]
