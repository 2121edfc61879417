"""Hash chains of the processing log: append, seal and verify.

Each entry's hash covers its content, its chain, its sequence number and the previous
entry's hash. Writers lock only the head row of one of ``CHAIN_COUNT`` chains (chosen by
data subject), so concurrent requests rarely wait on each other. ``verify`` walks every
chain and reports the first problem: an edited entry, a deleted entry (gap or broken
link), an inserted or reordered entry, or a head/seal that does not match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, transaction

from .models import CHAIN_COUNT, GENESIS_HASH, ChainHead, ChainSeal, ProcessingLogEntry

HASHED_FIELDS = (
    "organisation_id", "occurred_at", "chain", "seq", "actor_user_id", "actor_username", "actor_roles",
    "application", "action", "target_type", "target_id", "target_label", "subject_pseudonym",
    "processing_activity", "processing_activity_version_id", "purpose", "legal_basis", "legal_basis_detail",
    "outcome", "reason", "emergency", "origin", "trace_id", "span_id", "parent_span_id", "prev_hash",
)


HASH_VERSION = "v1"
_SEPARATOR = "\x1f"  # unit separator: cannot be typed into any field of the log


_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def _canonical(value) -> str:
    if value.__class__ is str:
        return value
    if value is None:
        return "\x1e"  # record separator marks "no value" (PostgreSQL text cannot hold NUL)
    if value is True or value is False:
        return "1" if value else "0"
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).strftime(_TIME_FORMAT)
    return str(value)


def entry_hash(values: dict) -> str:
    """SHA-256 over the entry's fields in a fixed order, separated by a character no field can hold."""
    payload = _SEPARATOR.join([HASH_VERSION, *(_canonical(values.get(f)) for f in HASHED_FIELDS)])
    return hashlib.sha256(payload.encode()).hexdigest()


_NON_TEXT = tuple(HASHED_FIELDS.index(f) for f in ("organisation_id", "occurred_at", "chain", "seq", "actor_user_id",
                                                   "emergency"))


def _row_hash(values) -> str:
    """``entry_hash`` for a database row in HASHED_FIELDS order; only non-text columns are converted."""
    parts = list(values)
    for index in _NON_TEXT:
        parts[index] = _canonical(parts[index])
    payload = _SEPARATOR.join([HASH_VERSION, *parts])
    return hashlib.sha256(payload.encode()).hexdigest()


def hash_of(entry: ProcessingLogEntry) -> str:
    return entry_hash({f: getattr(entry, f) for f in HASHED_FIELDS})


def chain_for(key: str) -> int:
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:4], "big") % CHAIN_COUNT


def _ensure_heads():
    ChainHead.objects.bulk_create([ChainHead(chain=i) for i in range(CHAIN_COUNT)], ignore_conflicts=True)


def _locked_head(number: int) -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(chain=number).first()
    if head is None:
        _ensure_heads()
        head = ChainHead.objects.select_for_update().get(chain=number)
    return head


def append(entry: ProcessingLogEntry, key: str) -> ProcessingLogEntry:
    """Link the entry into its chain and save it, inside the caller's transaction.

    The head row of the entry's chain stays locked until the caller's transaction ends, so
    entries of one chain are written one after another; other chains are not blocked.
    """
    entry.chain = chain_for(key)
    entry.occurred_at = entry.occurred_at.astimezone(UTC)
    if connection.vendor == "postgresql":
        return _append_postgresql(entry)
    with transaction.atomic(savepoint=False):
        head = _locked_head(entry.chain)
        entry.seq = head.last_seq + 1
        entry.prev_hash = head.last_hash
        entry.entry_hash = hash_of(entry)
        entry.save(force_insert=True)
        ChainHead.objects.filter(chain=head.chain).update(last_seq=entry.seq, last_hash=entry.entry_hash)
    return entry


_BEFORE_SEQ = HASHED_FIELDS[: HASHED_FIELDS.index("seq")]
_BETWEEN = HASHED_FIELDS[HASHED_FIELDS.index("seq") + 1: HASHED_FIELDS.index("prev_hash")]
_INSERT_COLUMNS = [f for f in HASHED_FIELDS if f not in ("seq", "prev_hash")]


def _append_postgresql(entry: ProcessingLogEntry) -> ProcessingLogEntry:
    """One round trip: lock the head, compute the hash in SQL (sha256), move the head, insert.

    The hash is the same as ``entry_hash``: the text before and after the sequence number is
    built here, the sequence number and previous hash are filled in by the database.
    """
    prefix = _SEPARATOR.join([HASH_VERSION, *(_canonical(getattr(entry, f)) for f in _BEFORE_SEQ)]) + _SEPARATOR
    middle = _SEPARATOR + _SEPARATOR.join(_canonical(getattr(entry, f)) for f in _BETWEEN) + _SEPARATOR
    log_table, head_table = ProcessingLogEntry._meta.db_table, ChainHead._meta.db_table
    columns = ", ".join(_INSERT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_INSERT_COLUMNS))
    sql = f"""
        WITH old AS (
            SELECT chain, last_seq, last_hash FROM {head_table} WHERE chain = %s FOR UPDATE
        ), moved AS (
            UPDATE {head_table} h
               SET last_seq = old.last_seq + 1,
                   last_hash = encode(sha256(convert_to(%s || (old.last_seq + 1)::text || %s || old.last_hash, 'UTF8')), 'hex')
              FROM old WHERE h.chain = old.chain
            RETURNING h.last_seq AS seq, h.last_hash AS entry_hash, old.last_hash AS prev_hash
        )
        INSERT INTO {log_table} ({columns}, seq, prev_hash, entry_hash)
        SELECT {placeholders}, moved.seq, moved.prev_hash, moved.entry_hash FROM moved
        RETURNING id, seq, prev_hash, entry_hash
    """  # noqa: S608 - table and column names are ours, values are parameters
    params = [entry.chain, prefix, middle, *(getattr(entry, f) for f in _INSERT_COLUMNS)]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:  # no chain heads yet (new or emptied database)
            _ensure_heads()
            cursor.execute(sql, params)
            row = cursor.fetchone()
    entry.pk, entry.seq, entry.prev_hash, entry.entry_hash = row
    entry._state.adding = False
    return entry


def seal() -> ChainSeal:
    """Record all chain heads together, chained to the previous seal."""
    _ensure_heads()
    with transaction.atomic():
        heads = {str(h.chain): [h.last_seq, h.last_hash] for h in ChainHead.objects.select_for_update().order_by("chain")}
        previous = ChainSeal.objects.order_by("-id").first()
        prev_hash = previous.seal_hash if previous else GENESIS_HASH
        digest = hashlib.sha256(json.dumps([heads, prev_hash], sort_keys=True).encode()).hexdigest()
        return ChainSeal.objects.create(heads=heads, prev_seal_hash=prev_hash, seal_hash=digest)


@dataclass
class VerificationResult:
    ok: bool
    entries_checked: int = 0
    entry_id: int | None = None
    chain: int | None = None
    seq: int | None = None
    problem: str = ""  # "edited", "deleted", "inserted or reordered", "head mismatch", "seal mismatch"
    detail: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"OK: {self.entries_checked} entries in {CHAIN_COUNT} chains verified"
        where = f"entry id={self.entry_id} (chain {self.chain}, seq {self.seq})" if self.entry_id else f"chain {self.chain}"
        return f"BROKEN at {where}: {self.problem}. {self.detail}"


_SEQ = HASHED_FIELDS.index("seq")
_PREV = HASHED_FIELDS.index("prev_hash")
_TIME = HASHED_FIELDS.index("occurred_at")


def _raw_rows(chain: int, batch_size: int):
    """Rows of one chain in sequence order, read without ORM conversions (verification speed).

    SQLite returns timestamps as text in the same UTC form the hash uses; only a missing
    fraction of a second is added back.
    """
    table = ProcessingLogEntry._meta.db_table
    columns = ", ".join(["id", *HASHED_FIELDS, "entry_hash"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE chain = %s ORDER BY seq", [chain])  # noqa: S608
        while True:
            rows = cursor.fetchmany(batch_size)
            if not rows:
                return
            for row in rows:
                moment = row[1 + _TIME]
                if moment.__class__ is str and "." not in moment:
                    row = (*row[: 1 + _TIME], moment[:19] + ".000000", *row[2 + _TIME:])
                yield row


def _verify_chain(chain: int, seals, batch_size: int) -> tuple[int, VerificationResult | None]:
    """Walk one chain; returns the number of entries checked and the first problem, if any."""
    checked = 0
    expected_seq, expected_prev = 1, GENESIS_HASH
    sealed = {}
    for seal_row in seals:
        sealed_seq, sealed_hash = seal_row.heads.get(str(chain), [0, GENESIS_HASH])
        if sealed_seq:
            sealed[sealed_seq] = (sealed_hash, seal_row)
    for row in _raw_rows(chain, batch_size):
        values = row[1:-1]
        seq, stored_hash = values[_SEQ], row[-1]
        if _row_hash(values) != stored_hash:
            return checked, VerificationResult(False, checked, row[0], chain, seq, "edited",
                                               "The content no longer matches its hash.")
        if seq != expected_seq:
            problem = "deleted" if seq > expected_seq else "inserted or reordered"
            return checked, VerificationResult(False, checked, row[0], chain, seq, problem,
                                               f"Expected sequence number {expected_seq}.")
        if values[_PREV] != expected_prev:
            return checked, VerificationResult(False, checked, row[0], chain, seq, "inserted or reordered",
                                               "The link to the previous entry is broken.")
        if seq in sealed and sealed[seq][0] != stored_hash:
            seal_row = sealed[seq][1]
            return checked, VerificationResult(False, checked, row[0], chain, seq, "seal mismatch",
                                               f"Seal {seal_row.pk} of {seal_row.sealed_at:%Y-%m-%d %H:%M} no longer matches.")
        expected_seq, expected_prev = seq + 1, stored_hash
        checked += 1
    head = ChainHead.objects.filter(chain=chain).first()
    last_seq = expected_seq - 1
    if head is not None and (head.last_seq, head.last_hash) != (last_seq, expected_prev):
        problem = "deleted" if head.last_seq > last_seq else "head mismatch"
        return checked, VerificationResult(False, checked, None, chain, None, problem,
                                           f"The chain head says {head.last_seq} entries, the chain has {last_seq}.")
    missing = [seq for seq in sealed if seq > last_seq]
    if missing:
        return checked, VerificationResult(False, checked, None, chain, missing[0], "deleted",
                                           "A sealed entry is missing from the chain.")
    return checked, None


def _verify_chains(chains, batch_size):
    from django.db import connections

    connections.close_all()  # a forked worker opens its own connection
    seals = list(ChainSeal.objects.order_by("id"))
    return [(chain, *_verify_chain(chain, seals, batch_size)) for chain in chains]


def verify(batch_size: int = 20000, workers: int = 1) -> VerificationResult:
    """Verify every chain; with ``workers`` > 1 chains are checked in parallel processes
    (PostgreSQL or a SQLite file, not an in-memory database)."""
    outcomes = []
    name = str(connection.settings_dict["NAME"])
    if workers > 1 and name not in (":memory:", "") and "memory" not in name:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from django.db import connections

        groups = [list(range(CHAIN_COUNT))[i::workers] for i in range(workers)]
        connections.close_all()
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(_verify_chains, groups, [batch_size] * workers):
                outcomes.extend(part)
    else:
        seals = list(ChainSeal.objects.order_by("id"))
        outcomes = [(chain, *_verify_chain(chain, seals, batch_size)) for chain in range(CHAIN_COUNT)]
    outcomes.sort(key=lambda item: item[0])
    checked = 0
    for _chain, count, problem in outcomes:
        checked += count
        if problem is not None:
            problem.entries_checked = checked
            return problem
    previous = GENESIS_HASH
    for seal_row in ChainSeal.objects.order_by("id"):
        if seal_row.prev_seal_hash != previous:
            return VerificationResult(False, checked, None, None, None, "seal mismatch", "A seal is missing.")
        previous = seal_row.seal_hash
    return VerificationResult(True, checked)
