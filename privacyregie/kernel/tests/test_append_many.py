"""``chain.append_many``: a batch of entries over several chains is linked exactly as one-by-one appends
would link it, in one statement on PostgreSQL, for small and big batches and concurrent writers."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.kernel import chain
from privacyregie.kernel.models import CHAIN_COUNT, ChainHead, ProcessingLogEntry
from privacyregie.kernel.policy import Action, LegalBasisKind, Purpose
from privacyregie.kernel.tests.factories import log_entry


def _entry(org, number, key, **fields):
    return ProcessingLogEntry(
        organisation=org, occurred_at=datetime(2026, 11, 30, 12, 0, tzinfo=UTC) + timedelta(microseconds=number),
        actor_username=f"medewerker{number % 7}", actor_user_id=number if number % 3 else None, action=Action.VIEW,
        target_type="dossiers.case", target_id=str(number), target_label=f"casus ‘{number}’ – é\u00e8",
        purpose=Purpose.CASE_WORK, legal_basis=LegalBasisKind.STATUTORY_TASK, outcome="allowed",
        subject_pseudonym=key, emergency=number % 5 == 0,
        ended_at=None if number % 2 else datetime(2026, 11, 30, 12, 0, 1, tzinfo=UTC), **fields,
    )


def _assert_linked(entries):
    """Every saved entry matches its row, its hash is ``entry_hash`` over the row, and each chain's entries
    follow each other in the caller's order."""
    rows = {row.pk: row for row in ProcessingLogEntry.objects.filter(pk__in=[e.pk for e in entries])}
    assert len(rows) == len(entries)
    last = {}
    for entry in entries:
        row = rows[entry.pk]
        assert (row.chain, row.seq, row.prev_hash, row.entry_hash) == (
            entry.chain, entry.seq, entry.prev_hash, entry.entry_hash)
        assert row.entry_hash == chain.hash_of(row)
        if entry.chain in last:
            previous = last[entry.chain]
            assert (entry.seq, entry.prev_hash) == (previous.seq + 1, previous.entry_hash)
        last[entry.chain] = entry
    for number, entry in last.items():
        head = ChainHead.objects.get(chain=number)
        assert (head.last_seq, head.last_hash) == (entry.seq, entry.entry_hash)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keys=st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, max_size=40),
       before=st.integers(min_value=0, max_value=3))
def test_a_batch_over_few_chains_is_linked_like_single_appends(keys, before):
    with transaction.atomic():
        org = OrganisationFactory()
        earlier = [log_entry(org, key=key) for key in ["a", "c"][:before]]
        entries = chain.append_many([(_entry(org, n, key), key) for n, key in enumerate(keys)])
        assert [e.subject_pseudonym for e in entries] == keys  # returned in the caller's order
        assert all(e.pk and not e._state.adding for e in entries)
        _assert_linked(earlier + entries)
        after = log_entry(org, key=keys[-1])  # a single append continues the chain
        assert (after.seq, after.prev_hash) == (entries[-1].seq + 1, entries[-1].entry_hash)
        result = chain.verify()
        assert result.ok, result.describe()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_an_empty_batch_writes_nothing():
    before = ProcessingLogEntry.objects.count()
    assert chain.append_many([]) == []
    assert ProcessingLogEntry.objects.count() == before


def _keys_on_different_chains(count):
    keys, chains = [], set()
    for n in range(1000):
        key = f"inwoner-{n}"
        if chain.chain_for(key) not in chains:
            keys.append(key)
            chains.add(chain.chain_for(key))
        if len(keys) == count:
            return keys
    raise AssertionError("not enough chains")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 2, 5, chain.SMALL_BATCH])
def test_a_requests_entries_on_different_chains_are_one_statement(count):
    """What a page writes (one entry per resident, each on its own chain): one statement on PostgreSQL, linked
    as the batch path links it."""
    from django.test.utils import CaptureQueriesContext

    org = OrganisationFactory()
    count = min(count, CHAIN_COUNT)
    keys = _keys_on_different_chains(count)
    log_entry(org, key=keys[0])  # a chain that already has an entry
    before = dict(ChainHead.objects.values_list("chain", "last_seq"))
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        entries = chain.append_many([(_entry(org, n, key), key) for n, key in enumerate(keys)])
    if connection.vendor == "postgresql":
        assert len(queries) == 1, [q["sql"][:80] for q in queries]
    assert [e.subject_pseudonym for e in entries] == keys and [e.pk for e in entries] == sorted(e.pk for e in entries)
    assert all(e.seq == before.get(e.chain, 0) + 1 for e in entries) and entries[0].seq >= 2  # chains continued
    _assert_linked(entries)
    result = chain.verify()
    assert result.ok, result.describe()


@pytest.mark.django_db
@pytest.mark.parametrize("different_chains", [False, True])
def test_missing_heads_are_created_and_the_batch_is_written_once(different_chains):
    keys = _keys_on_different_chains(4) if different_chains else [f"k{n % 4}" for n in range(10)]
    with transaction.atomic():
        if connection.vendor == "postgresql":  # a new database: empty the log past its append-only trigger
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        ProcessingLogEntry.objects.all().delete()
        ChainHead.objects.all().delete()
        org = OrganisationFactory()
        entries = chain.append_many([(_entry(org, n, key), key) for n, key in enumerate(keys)])
        assert ProcessingLogEntry.objects.count() == len(keys)
        assert ChainHead.objects.count() == CHAIN_COUNT
        assert [e.seq for e in entries if e.subject_pseudonym == keys[0]] == ([1] if different_chains else [1, 2, 3])
        _assert_linked(entries)
        assert chain.verify().ok
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_batch_of_5000_over_all_chains_verifies():
    org = OrganisationFactory()
    before = ProcessingLogEntry.objects.count()
    items = [(_entry(org, n, f"subject-{n % 300}"), f"subject-{n % 300}") for n in range(5000)]
    with transaction.atomic():
        entries = chain.append_many(items)
    assert len({e.pk for e in entries}) == 5000
    assert len({e.chain for e in entries}) == CHAIN_COUNT
    _assert_linked(entries)
    result = chain.verify()
    assert result.ok and result.entries_checked == before + 5000, result.describe()


@pytest.mark.django_db
def test_a_batch_of_5000_in_one_chain_verifies():
    org = OrganisationFactory()
    start = ChainHead.objects.filter(chain=chain.chain_for("one-resident")).values_list("last_seq", flat=True).first()
    with transaction.atomic():
        entries = chain.append_many([(_entry(org, n, "one-resident"), "one-resident") for n in range(5000)])
    assert [e.seq for e in entries] == list(range((start or 0) + 1, (start or 0) + 5001))
    _assert_linked(entries)
    assert chain.verify().ok


@pytest.mark.django_db
def test_a_failing_batch_writes_nothing():
    org = OrganisationFactory()
    log_entry(org, key="a")
    before = ProcessingLogEntry.objects.count()
    broken = _entry(org, 2, "b")
    broken.target_type = None  # the column is NOT NULL
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017, PT011 - the database's own error
        chain.append_many([(_entry(org, 1, "a"), "a"), (broken, "b")])
    assert ProcessingLogEntry.objects.count() == before
    assert chain.verify().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_batch_writers_keep_every_chain_valid():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the threads test the row locks of PostgreSQL")
    org = OrganisationFactory()
    before = ProcessingLogEntry.objects.count()
    errors = []

    def writer(number):
        try:
            for batch in range(6):
                keys = [f"shared-{(number + batch + n) % 9}" for n in range(25)]  # overlapping chains
                with transaction.atomic():
                    chain.append_many([(_entry(org, n, key), key) for n, key in enumerate(keys)])
        except Exception as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert ProcessingLogEntry.objects.count() == before + 6 * 6 * 25
    result = chain.verify()
    assert result.ok and result.entries_checked == before + 900, result.describe()
    for number in range(CHAIN_COUNT):
        seqs = list(ProcessingLogEntry.objects.filter(chain=number).order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))


@pytest.mark.django_db
def test_postgresql_verification_hashes_like_python():
    """The SQL pass computes the same hash text as ``entry_hash`` for every kind of value (no user, no end
    time, emergency, non-ASCII): of an intact chain only the last row needs a look from Python; an edited
    row is sent back too."""
    if connection.vendor != "postgresql":
        pytest.skip("the SQL verification pass is PostgreSQL's")
    org = OrganisationFactory()
    with transaction.atomic():
        entries = chain.append_many([(_entry(org, n, "varied"), "varied") for n in range(30)])
    number = entries[0].chain
    looked_at = [row for row, _before in chain._postgresql_rows(number, [])]
    assert [row[0] for row in looked_at] == [entries[-1].pk]
    sealed = list(chain._postgresql_rows(number, [entries[4].seq]))
    assert [row[0] for row, _before in sealed] == [entries[4].pk, entries[-1].pk]
    assert sealed[0][1] == (entries[4].seq - 1, entries[4].seq, entries[3].entry_hash)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        ProcessingLogEntry.objects.filter(pk=entries[10].pk).update(target_label="anders")
        assert entries[10].pk in [row[0] for row, _before in chain._postgresql_rows(number, [])]
        result = chain.verify()
        assert not result.ok and result.entry_id == entries[10].pk and result.problem == "edited"
        transaction.set_rollback(True)


_AWKWARD = ['"quoted" \\ back\\slash', "line\nbreak\ttab\r", "emoji 🧾 and ‘curly’ — dash", "\u2028\u2029 separators",
            '{"json": [1, "two"]}', "", "'; DROP TABLE x; --"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 2, 7])
def test_awkward_text_and_exact_moments_are_stored_as_given(count):
    """What a field may hold (quotes, backslashes, line breaks, characters outside the BMP, text that looks like
    JSON or SQL) and moments with and without microseconds arrive unchanged, and each hash is the row's."""
    org = OrganisationFactory()
    keys = _keys_on_different_chains(count)
    entries = []
    for n, key in enumerate(keys):
        entry = _entry(org, n, key, tracestate=_AWKWARD[n % len(_AWKWARD)])
        entry.target_label = _AWKWARD[(n + 1) % len(_AWKWARD)]
        entry.reason = _AWKWARD[(n + 2) % len(_AWKWARD)]
        entry.occurred_at = datetime(2026, 3, 29, 1, 59, 59, 999999 if n % 2 else 0, tzinfo=UTC)  # the DST change
        entry.ended_at = datetime(2026, 10, 25, 1, 0, tzinfo=UTC) if n % 3 else None
        entries.append((entry, key))
    with transaction.atomic():
        saved = chain.append_many(entries)
    for entry in saved:
        row = ProcessingLogEntry.objects.get(pk=entry.pk)
        for field in ("target_label", "reason", "tracestate", "occurred_at", "ended_at", "emergency",
                      "actor_user_id", "organisation_id", "chain"):
            assert getattr(row, field) == getattr(entry, field), field
    _assert_linked(saved)
    assert chain.verify().ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("count", [1, 3])
def test_a_write_outside_a_transaction_is_one_round_trip_and_committed(count, tmp_path):
    """A page that reads (no transaction of its own) writes its entries with one statement and nothing else
    on the wire (no BEGIN, no COMMIT: one statement is its own transaction); inside a transaction the write
    joins it and is undone with it."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: it reads libpq's wire trace of the one-statement write; SQLite's write is "
                    "three statements in a transaction of its own (_append_sqlite), covered by the tests above")
    import psycopg

    org = OrganisationFactory()
    keys = _keys_on_different_chains(count)
    log_entry(org, key=keys[0])  # the heads exist and the statement has been planned
    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    trace = tmp_path / "libpq.trace"
    with trace.open("w") as out:
        pgconn.trace(out.fileno())
        try:
            entries = chain.append_many([(_entry(org, n, key), key) for n, key in enumerate(keys)])
        finally:
            pgconn.untrace()
    # libpq's trace: time, F (from the client) or B (from the server), length, message
    sent = [line.split("\t") for line in trace.read_text().splitlines()]
    sent = [fields[3].split()[0] for fields in sent if len(fields) > 3 and fields[1] == "F"]
    assert "Query" not in sent and sent.count("Sync") == 1, sent  # one extended-protocol statement, no BEGIN
    with psycopg.connect(**connection.get_connection_params()) as other:  # committed: another session sees it
        found = other.execute("SELECT count(*) FROM kernel_processinglogentry WHERE id = ANY(%s)",
                              [[e.pk for e in entries]]).fetchone()[0]
    assert found == count
    with pytest.raises(RuntimeError), transaction.atomic():
        undone = chain.append_many([(_entry(org, n, key), key) for n, key in enumerate(keys)])
        raise RuntimeError("the caller's transaction fails")
    assert not ProcessingLogEntry.objects.filter(pk__in=[e.pk for e in undone]).exists()
    assert chain.verify().ok
