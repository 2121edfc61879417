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
from datetime import UTC

from django.db import transaction

from .models import CHAIN_COUNT, GENESIS_HASH, ChainHead, ChainSeal, ProcessingLogEntry

HASHED_FIELDS = (
    "organisation_id", "occurred_at", "chain", "seq", "actor_user_id", "actor_username", "actor_roles",
    "application", "action", "target_type", "target_id", "target_label", "subject_pseudonym",
    "processing_activity", "processing_activity_version_id", "purpose", "legal_basis", "legal_basis_detail",
    "outcome", "reason", "emergency", "origin", "trace_id", "span_id", "parent_span_id", "prev_hash",
)


def _canonical(value):
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="microseconds")
    return value


def entry_hash(values: dict) -> str:
    payload = json.dumps({f: _canonical(values.get(f)) for f in HASHED_FIELDS}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def hash_of(entry: ProcessingLogEntry) -> str:
    return entry_hash({f: getattr(entry, f) for f in HASHED_FIELDS})


def chain_for(key: str) -> int:
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:4], "big") % CHAIN_COUNT


def _ensure_heads():
    if ChainHead.objects.count() < CHAIN_COUNT:
        ChainHead.objects.bulk_create([ChainHead(chain=i) for i in range(CHAIN_COUNT)], ignore_conflicts=True)


def append(entry: ProcessingLogEntry, key: str) -> ProcessingLogEntry:
    """Link the entry into its chain and save it, inside the caller's transaction."""
    _ensure_heads()
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().get(chain=chain_for(key))
        entry.chain = head.chain
        entry.seq = head.last_seq + 1
        entry.prev_hash = head.last_hash
        entry.occurred_at = entry.occurred_at.astimezone(UTC)
        entry.entry_hash = hash_of(entry)
        entry.save(force_insert=True)
        ChainHead.objects.filter(chain=head.chain).update(last_seq=entry.seq, last_hash=entry.entry_hash)
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


def verify(batch_size: int = 5000) -> VerificationResult:
    checked = 0
    for chain in range(CHAIN_COUNT):
        expected_seq, expected_prev = 1, GENESIS_HASH
        hashes_by_seq: dict[int, str] = {}
        qs = ProcessingLogEntry.objects.filter(chain=chain).order_by("seq").values_list("id", *HASHED_FIELDS, "entry_hash")
        for row in qs.iterator(chunk_size=batch_size):
            entry_id, *values, stored_hash = row
            fields = dict(zip(HASHED_FIELDS, values, strict=True))
            seq = fields["seq"]
            if entry_hash(fields) != stored_hash:
                return VerificationResult(False, checked, entry_id, chain, seq, "edited",
                                          "The content no longer matches its hash.")
            if seq != expected_seq:
                problem = "deleted" if seq > expected_seq else "inserted or reordered"
                return VerificationResult(False, checked, entry_id, chain, seq, problem,
                                          f"Expected sequence number {expected_seq}.")
            if fields["prev_hash"] != expected_prev:
                return VerificationResult(False, checked, entry_id, chain, seq, "inserted or reordered",
                                          "The link to the previous entry is broken.")
            hashes_by_seq[seq] = stored_hash
            expected_seq, expected_prev = seq + 1, stored_hash
            checked += 1
        head = ChainHead.objects.filter(chain=chain).first()
        last_seq = expected_seq - 1
        if head is not None and (head.last_seq, head.last_hash) != (last_seq, expected_prev):
            problem = "deleted" if head.last_seq > last_seq else "head mismatch"
            return VerificationResult(False, checked, None, chain, None, problem,
                                      f"The chain head says {head.last_seq} entries, the chain has {last_seq}.")
        for seal_row in ChainSeal.objects.all():
            sealed_seq, sealed_hash = seal_row.heads.get(str(chain), [0, GENESIS_HASH])
            if sealed_seq and hashes_by_seq.get(sealed_seq) != sealed_hash:
                return VerificationResult(False, checked, None, chain, sealed_seq, "seal mismatch",
                                          f"Seal {seal_row.pk} of {seal_row.sealed_at:%Y-%m-%d %H:%M} no longer matches.")
    previous = GENESIS_HASH
    for seal_row in ChainSeal.objects.order_by("id"):
        if seal_row.prev_seal_hash != previous:
            return VerificationResult(False, checked, None, None, None, "seal mismatch", "A seal is missing.")
        previous = seal_row.seal_hash
    return VerificationResult(True, checked)
