"""Tamper evidence that survives a database administrator (issue 9, section 7).

Property tests: whoever can rewrite the database (but neither holds the signing key nor reaches
the witness outside it) is found out by ``verify``, which names the chain and sequence number
where the log broke, for each class of tampering: tail truncation with the head moved back, a
consistent rewrite of history including the database's seals, TRUNCATE, and swapping two rows'
ids. Seals taken by the application after the tampering do not hide it.
"""

import base64
import contextlib
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.kernel import chain, witness
from privacyregie.kernel.models import ChainHead, ChainSeal, ProcessingLogEntry
from privacyregie.kernel.tests.factories import log_entry

KEYS = [f"subject-{n}" for n in range(5)]
PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BUILDS = st.lists(st.sampled_from(KEYS), min_size=3, max_size=10)
LOG = ProcessingLogEntry._meta.db_table


@contextlib.contextmanager
def fresh_witness():
    """Each hypothesis example its own witness file (the database is rolled back after each)."""
    path = Path(django_settings.VAR_DIR) / "witness" / f"example-{uuid.uuid4().hex}.jsonl"
    with override_settings(PROCESSING_LOG_WITNESSES=["file"], PROCESSING_LOG_WITNESS_FILE=path):
        yield path
    path.unlink(missing_ok=True)


@contextlib.contextmanager
def example():
    """A hypothesis example: fresh witness, everything rolled back afterwards."""
    with fresh_witness() as path, transaction.atomic():
        yield path
        transaction.set_rollback(True)


def tamper_freely():
    """Act as an administrator of the database: on PostgreSQL, bypass the append-only trigger."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")


def build(org, keys):
    return [log_entry(org, key=key, username=f"user{n}") for n, key in enumerate(keys)]


def chain_of(number):
    return list(ProcessingLogEntry.objects.filter(chain=number).order_by("seq"))


def witnessed_seqs(path, number):
    return {record["heads"][str(number)][0] for record in witness.read_records(path)} - {0}


def rewrite_chain(number, start_seq, username="herschreven"):
    """Rewrite a chain from ``start_seq`` consistently: new content, recomputed hashes and links, head moved."""
    previous = chain.GENESIS_HASH
    for entry in chain_of(number):
        if entry.seq >= start_seq:
            entry.actor_username, entry.prev_hash = username, previous
            entry.entry_hash = chain.hash_of(entry)
            ProcessingLogEntry.objects.filter(pk=entry.pk).update(
                actor_username=entry.actor_username, prev_hash=entry.prev_hash, entry_hash=entry.entry_hash)
        previous = entry.entry_hash
    ChainHead.objects.filter(chain=number).update(last_hash=previous)


def forge_database_seals():
    """Recompute every seal in the database to match the rewritten chains, signed with the attacker's own key."""
    key = Ed25519PrivateKey.generate()
    current = {(e.chain, e.seq): e.entry_hash for e in ProcessingLogEntry.objects.all()}
    previous = chain.GENESIS_HASH
    for row in ChainSeal.objects.order_by("id"):
        heads = {c: [seq, current.get((int(c), seq), digest)] for c, (seq, digest) in row.heads.items()}
        digest = chain._seal_digest(heads, previous)
        signature = base64.b64encode(key.sign(witness.signed_message(row.sealed_at, heads, previous, digest))).decode()
        ChainSeal.objects.filter(pk=row.pk).update(heads=heads, prev_seal_hash=previous, seal_hash=digest,
                                                   signature=signature)
        previous = digest


# --- no false alarms ------------------------------------------------------------------------------


@pytest.mark.django_db
@PROPERTY
@given(batches=st.lists(BUILDS, min_size=1, max_size=3))
def test_untouched_log_with_seals_verifies(batches):
    with example():
        org = OrganisationFactory()
        for keys in batches:
            build(org, keys)
            chain.seal()
        result = chain.verify()
        assert result.ok, result.describe()
        assert "latest witnessed seal" in result.describe()


# --- tail truncation --------------------------------------------------------------------------------


@pytest.mark.django_db
@PROPERTY
@given(keys=BUILDS, later=st.lists(st.sampled_from(KEYS), max_size=4), cut=st.integers(1, 20),
       pick=st.integers(0, 100), drop_database_seals=st.booleans(), resealed=st.booleans())
def test_tail_truncation_with_head_moved_back_is_detected(keys, later, cut, pick, drop_database_seals, resealed):
    with example() as path:
        org = OrganisationFactory()
        entries = build(org, keys)
        chain.seal()
        build(org, later)  # entries after the seal: not witnessed yet
        number = entries[pick % len(entries)].chain
        rows = chain_of(number)
        witnessed = max(witnessed_seqs(path, number))
        keep = max(0, min(witnessed - 1, len(rows) - cut))  # at least one witnessed entry goes
        tamper_freely()
        ProcessingLogEntry.objects.filter(chain=number, seq__gt=keep).delete()
        last = rows[keep - 1] if keep else None
        ChainHead.objects.filter(chain=number).update(last_seq=keep, last_hash=last.entry_hash if last else chain.GENESIS_HASH)
        if drop_database_seals:
            ChainSeal.objects.all().delete()
        if resealed:
            chain.seal()  # the application seals the truncated chain: the earlier witnessed seal still knows
        result = chain.verify()
        assert not result.ok
        assert (result.problem, result.chain, result.seq) == ("deleted", number, keep + 1), result.describe()
        assert f"chain {number}, seq {keep + 1}" in result.describe()


# --- consistent rewrite of history, database seals included ----------------------------------------


@pytest.mark.django_db
@PROPERTY
@given(batches=st.lists(BUILDS, min_size=1, max_size=3), pick=st.integers(0, 100), start=st.integers(1, 30),
       resealed=st.booleans())
def test_consistent_rewrite_including_the_database_seals_is_detected(batches, pick, start, resealed):
    with example() as path:
        org = OrganisationFactory()
        entries = []
        for keys in batches:
            entries += build(org, keys)
            chain.seal()
        number = entries[pick % len(entries)].chain
        witnessed = witnessed_seqs(path, number)
        start_seq = 1 + (start - 1) % max(witnessed)  # rewrite from an entry that a witnessed seal covers
        tamper_freely()
        rewrite_chain(number, start_seq)
        forge_database_seals()
        if resealed:
            chain.seal()
        result = chain.verify()
        assert not result.ok
        assert result.problem == "witness mismatch", result.describe()
        assert result.chain == number and result.seq in {seq for seq in witnessed if seq >= start_seq}


@pytest.mark.django_db
def test_forged_database_seals_alone_are_detected_by_their_signature():
    with example():
        org = OrganisationFactory()
        build(org, KEYS)
        chain.seal()
        forge_database_seals()  # same heads, but signed with another key
        result = chain.verify()
    assert not result.ok and result.problem == "seal mismatch" and "signature" in result.detail


# --- TRUNCATE -------------------------------------------------------------------------------------


@pytest.mark.django_db
@PROPERTY
@given(keys=BUILDS, heads_too=st.booleans(), seals_too=st.booleans(), resealed=st.booleans())
def test_truncate_is_detected(keys, heads_too, seals_too, resealed):
    with example() as path:
        org = OrganisationFactory()
        build(org, keys)
        chain.seal()
        tables = [LOG] + ([ChainHead._meta.db_table] if heads_too else []) + ([ChainSeal._meta.db_table] if seals_too else [])
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks block TRUNCATE
            for table in tables:  # TRUNCATE fires no row trigger on PostgreSQL; SQLite has no TRUNCATE
                cursor.execute(f"TRUNCATE {table}" if connection.vendor == "postgresql" else f"DELETE FROM {table}")
        if resealed:
            chain.seal()
        result = chain.verify()
        first = min(number for number in range(16) if witnessed_seqs(path, number))
        assert not result.ok
        assert (result.problem, result.chain, result.seq) == ("deleted", first, 1), result.describe()


# --- swapping two rows' ids -------------------------------------------------------------------------


@pytest.mark.django_db
@PROPERTY
@given(keys=BUILDS, first=st.integers(0, 100), second=st.integers(0, 100), sealed=st.booleans())
def test_swapping_two_rows_ids_is_detected(keys, first, second, sealed):
    with example():
        org = OrganisationFactory()
        entries = build(org, keys)
        a, b = entries[first % len(entries)], entries[second % len(entries)]
        if a.pk == b.pk:
            b = entries[(first + 1) % len(entries)]
        if sealed:
            chain.seal()
        tamper_freely()
        spare = max(e.pk for e in entries) + 1000
        ProcessingLogEntry.objects.filter(pk=a.pk).update(id=spare)
        ProcessingLogEntry.objects.filter(pk=b.pk).update(id=a.pk)
        ProcessingLogEntry.objects.filter(pk=spare).update(id=b.pk)
        result = chain.verify()
        assert not result.ok and result.problem == "edited", result.describe()
        swapped = {a.pk: b, b.pk: a}  # the row now carrying this id holds the other entry
        assert result.entry_id in swapped
        assert (result.chain, result.seq) == (swapped[result.entry_id].chain, swapped[result.entry_id].seq)


@pytest.mark.django_db
def test_the_last_verification_is_the_newest_run_as_the_orm_finds_it():
    """``services.last_verification`` (compiled once, ``core.prepared``) is ``VerificationRun.objects.first()``:
    the newest by moment, whatever order the runs were written in, with what it found."""
    from datetime import timedelta

    from django.utils import timezone

    from privacyregie.kernel.models import VerificationRun
    from privacyregie.kernel.services import last_verification

    VerificationRun.objects.all().delete()
    assert last_verification() is None
    now = timezone.now()
    VerificationRun.objects.create(ok=True, entries_checked=10, checked_at=now - timedelta(hours=1))
    VerificationRun.objects.create(ok=False, entries_checked=7, problem="keten 3: hash wijkt af",
                                   checked_at=now)
    VerificationRun.objects.create(ok=True, entries_checked=5, checked_at=now - timedelta(days=1))
    found = last_verification()
    expected = VerificationRun.objects.first()
    assert (found.pk, found.ok, found.entries_checked, found.problem, found.checked_at) == (
        expected.pk, False, 7, "keten 3: hash wijkt af", now)
