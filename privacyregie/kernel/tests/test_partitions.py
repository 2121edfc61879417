"""Monthly partitions of the processing log (ADR 0110): the migration, where writes land, the DEFAULT
partition, create_log_partitions, the grants on new partitions, and verification of one month."""

import io
from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.kernel import chain, partitions
from privacyregie.kernel.models import PartitionSeal, ProcessingLogEntry
from privacyregie.kernel.tests.factories import log_entry, tamper
from privacyregie.kernel.tests.test_database_roles import _url, roles  # noqa: F401 - the roles fixture

KEYS = ["subject-a", "subject-b", "subject-c"]
EARLIER, LATER = date(2019, 3, 1), date(2019, 4, 1)  # two closed months before any demo data


def _postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (make test runs the suite on PostgreSQL as well)")


def _where(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {partitions.TABLE} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _month_partitions(*months):
    """PostgreSQL: partitions for past months (the migration creates them from the current month on)."""
    if partitions.is_partitioned():
        with connection.cursor() as cursor:
            for month in months:
                cursor.execute(partitions._create_sql(month))


def _write(org, month, count, offset=0):
    start, _end = partitions.month_bounds(month)
    return [log_entry(org, key=KEYS[i % len(KEYS)], username=f"user{i}",
                      occurred_at=start + timedelta(days=1, minutes=offset + i)) for i in range(count)]


@pytest.fixture
def two_months():
    org = OrganisationFactory()
    _month_partitions(EARLIER, LATER)
    with transaction.atomic():
        earlier = _write(org, EARLIER, 7)
        later = _write(org, LATER, 6)
    return org, earlier, later


# --- on PostgreSQL: the table and its partitions -----------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_migration_keeps_ids_hashes_and_verification_of_existing_entries():
    _postgres()
    call_command("migrate", "kernel", "0008", verbosity=0)
    assert not partitions.is_partitioned()
    org = OrganisationFactory()
    written = [log_entry(org, key=KEYS[i % 3]) for i in range(9)]
    before = list(ProcessingLogEntry.objects.order_by("id").values_list("id", "chain", "seq", "entry_hash"))
    assert chain.verify().ok

    call_command("migrate", "kernel", verbosity=0)
    assert partitions.is_partitioned()
    assert list(ProcessingLogEntry.objects.order_by("id").values_list("id", "chain", "seq", "entry_hash")) == before
    result = chain.verify()
    assert result.ok and result.entries_checked == len(before) >= len(written), result.describe()
    following = log_entry(org)  # the identity sequence continues where it was
    assert following.pk > max(row[0] for row in before)
    assert _where(following.pk) == partitions.partition_name(datetime.now(UTC).date().replace(day=1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                       [partitions.TABLE])
        assert cursor.fetchone()[0] == 1  # the append-only trigger, on the parent (inherited by every partition)


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_write_lands_in_its_months_partition_and_updates_stay_refused():
    _postgres()
    org = OrganisationFactory()
    now = datetime.now(UTC)
    single = log_entry(org)
    batch = chain.append_many([(ProcessingLogEntry(
        organisation=org, occurred_at=now + timedelta(days=40), action="view", target_type="dossiers.case",
        purpose="casusbehandeling", legal_basis="wettelijke_taak", outcome="allowed"), key) for key in KEYS])
    assert _where(single.pk) == partitions.partition_name(now.date().replace(day=1))
    ahead = (now + timedelta(days=40)).date().replace(day=1)
    assert {_where(entry.pk) for entry in batch} == {partitions.partition_name(ahead)}
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {partitions.partition_name(ahead)} SET actor_username = 'x'")  # noqa: S608
    assert chain.verify().ok


@pytest.mark.postgres
@pytest.mark.django_db
def test_an_entry_outside_every_month_is_reported_by_health_and_metrics(client):
    _postgres()
    from privacyregie.core.metrics import DatabaseCollector

    org = OrganisationFactory()
    log_entry(org)
    before = partitions.default_partition_rows()  # the demo data's oldest entries may lie before every month
    if before == 0:
        assert "processing_log_default_partition" not in client.get("/health/ready").json()["checks"]
    old = log_entry(org, occurred_at=datetime(2001, 5, 1, tzinfo=UTC))  # before every partition
    assert _where(old.pk) == partitions.DEFAULT_PARTITION
    assert partitions.default_partition_rows() == before + 1
    response = client.get("/health/ready")
    assert response.status_code == 200  # stored and chained: a warning, not unready
    assert response.json()["checks"]["processing_log_default_partition"] == "in_use"
    families = {family.name: family for family in DatabaseCollector()._default_partition()}
    assert families["privacyregie_processing_log_default_partition_entries"].samples[0].value == before + 1
    assert chain.verify().ok


@pytest.mark.postgres
@pytest.mark.django_db
def test_create_log_partitions_is_idempotent():
    _postgres()
    out = io.StringIO()
    call_command("create_log_partitions", months=6, no_seal=True, stdout=out)
    today = datetime.now(UTC).date().replace(day=1)
    wanted = {partitions.partition_name(partitions.next_month(today, step)) for step in range(7)}
    assert wanted <= set(partitions.existing_partitions())
    assert partitions.partition_name(partitions.next_month(today, 6)) in out.getvalue()
    again = io.StringIO()
    call_command("create_log_partitions", months=6, no_seal=True, stdout=again)
    assert "exist already" in again.getvalue()
    assert partitions.create_partitions(6) == []
    with pytest.raises(CommandError):
        call_command("create_log_partitions", months=-1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_runtime_role_may_not_change_a_new_partition(roles, settings):  # noqa: F811 - the fixture
    _postgres()
    owner, runtime = roles
    call_command("setup_database_roles", owner=owner, runtime=runtime, stdout=io.StringIO())
    settings.DATABASE_OWNER_ROLE, settings.DATABASE_RUNTIME_ROLE = owner, runtime
    created = partitions.create_partitions(9)
    assert created
    newest = created[-1]
    org = OrganisationFactory()
    log_entry(org)
    with psycopg.connect(_url(runtime), autocommit=True) as runtime_connection:
        for statement in (f"UPDATE {newest} SET actor_username = 'x'", f"DELETE FROM {newest}",  # noqa: S608
                          f"TRUNCATE {newest}", f"DELETE FROM {partitions.DEFAULT_PARTITION}"):  # noqa: S608
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                runtime_connection.execute(statement)
        assert runtime_connection.execute(f"SELECT count(*) FROM {partitions.TABLE}").fetchone()[0] >= 1  # noqa: S608


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_duplicate_sequence_number_in_another_month_is_found(two_months):
    _postgres()
    org, earlier, later = two_months
    copy = earlier[2]
    values = {f.attname: getattr(copy, f.attname) for f in ProcessingLogEntry._meta.concrete_fields if f.attname != "id"}
    values["occurred_at"] = partitions.month_bounds(LATER)[0] + timedelta(days=20)
    twin = ProcessingLogEntry.objects.create(**values)  # an attacker's copy with another time: another partition
    twin.entry_hash = chain.hash_of(twin)
    tamper(twin.pk, entry_hash=twin.entry_hash)
    result = chain.verify_partition(LATER)
    assert not result.ok and result.problem == "inserted or reordered", result.describe()
    assert not chain.verify().ok


# --- on every database: one month verified -----------------------------------------------------------------

@pytest.mark.django_db
def test_a_month_verifies_against_the_sealed_month_before_it(two_months):
    org, earlier, later = two_months
    assert chain.seal_partition(EARLIER).entries == len(earlier)
    sealed = chain.seal_partition(LATER)
    assert sealed.prev_seal_hash == PartitionSeal.objects.get(month=EARLIER).seal_hash
    assert chain.seal_partition(LATER) == sealed  # sealed once
    result = chain.verify(partition="2019-04")
    assert result.ok and result.entries_checked == len(later), result.describe()
    assert "2019-04" in result.note
    assert chain.verify(partition=EARLIER).entries_checked == len(earlier)
    assert chain.verify().ok
    out = io.StringIO()
    call_command("verify_processing_log", partition="2019-04", stdout=out)
    assert f"OK: {len(later)} entries" in out.getvalue()
    with pytest.raises(CommandError, match="not a month"):
        call_command("verify_processing_log", partition="2026-13")
    with pytest.raises(ValueError, match="not ended"):
        chain.seal_partition(datetime.now(UTC).date().replace(day=1))


@pytest.mark.django_db
def test_a_tampered_entry_in_the_month_is_found(two_months):
    org, earlier, later = two_months
    chain.seal_partition(EARLIER)
    tamper(later[3].pk, actor_username="iemand-anders")
    result = chain.verify_partition(LATER)
    assert not result.ok and result.problem == "edited" and result.entry_id == later[3].pk, result.describe()
    assert chain.verify_partition(EARLIER).ok  # the other month is not affected


@pytest.mark.django_db
def test_a_broken_link_across_the_month_boundary_is_found(two_months):
    org, earlier, later = two_months
    chain.seal_partition(EARLIER)
    first = min((e for e in later if e.chain == later[0].chain), key=lambda e: e.seq)
    first.prev_hash = "f" * 64  # relinked, and rehashed so that the entry itself looks sound
    tamper(first.pk, prev_hash=first.prev_hash, entry_hash=chain.hash_of(first))
    result = chain.verify_partition(LATER)
    assert not result.ok and result.problem == "inserted or reordered", result.describe()
    assert result.entry_id == first.pk and "partition seal of 2019-03" in result.detail


@pytest.mark.django_db
def test_an_entry_removed_from_a_sealed_month_is_found(two_months):
    org, earlier, later = two_months
    chain.seal_partition(EARLIER)
    chain.seal_partition(LATER)
    last = max(later, key=lambda e: e.pk)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        ProcessingLogEntry.objects.filter(pk=last.pk).delete()
    result = chain.verify_partition(LATER)
    assert not result.ok and result.problem == "deleted", result.describe()


@pytest.mark.django_db
def test_closed_months_are_sealed_by_the_daily_job(two_months):
    from privacyregie.kernel.jobs import create_log_partitions

    done = create_log_partitions()
    assert done["sealed"][:2] == ["2019-03", "2019-04"]  # the months with entries, oldest first
    assert create_log_partitions()["sealed"] == []


def _storage_parameters(name: str) -> dict[str, str]:
    """A partition's storage parameters (``reloptions``), e.g. its autovacuum settings."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = to_regclass(%s)", [name])
        row = cursor.fetchone()
    return dict(option.split("=", 1) for option in (row[0] or [])) if row else {}


@pytest.mark.django_db
def test_every_month_partition_is_vacuumed_and_analysed_after_one_percent_new_rows():
    """Existing partitions (the migration) and new ones (create_log_partitions) alike; the parameters are
    the ones the module names, and the migration's text matches them."""
    from importlib import import_module

    migration = import_module("privacyregie.kernel.migrations.0011_log_partitions_autovacuum")
    assert migration.PARAMETERS == partitions.STORAGE_PARAMETERS_SQL
    _postgres()
    months = [name for name in partitions.existing_partitions() if name != partitions.DEFAULT_PARTITION]
    assert months
    for name in months:
        assert _storage_parameters(name) == partitions.AUTOVACUUM_PARAMETERS, name
    far = date(2031, 5, 1)
    with connection.cursor() as cursor:
        cursor.execute(partitions._create_sql(far))
    assert _storage_parameters(partitions.partition_name(far)) == partitions.AUTOVACUUM_PARAMETERS
