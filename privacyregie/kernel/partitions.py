"""Monthly partitions of the processing log on PostgreSQL (ADR 0110, "Partitioning").

``kernel_processinglogentry`` is ``PARTITION BY RANGE (occurred_at)``: one partition per calendar
month in UTC (``kernel_processinglogentry_y2026m12``) and a ``DEFAULT`` partition that must stay
empty (``/health/ready`` and the metrics report it). ``create_partitions`` creates the coming
months ahead (``manage.py create_log_partitions``, daily job). On SQLite there are no partitions:
every function here is a no-op there, and months are only time ranges (``verify --partition``
still works on them).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import connection, connections, transaction

from .models import ProcessingLogEntry

TABLE = ProcessingLogEntry._meta.db_table
DEFAULT_PARTITION = f"{TABLE}_default"
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> date:
    """``2026-12`` → the first day of that month; a clear error for anything else."""
    found = MONTH_PATTERN.match(str(text).strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(f"not a month: {text!r} (expected YYYY-MM, e.g. 2026-12)")
    return date(int(found.group(1)), int(found.group(2)), 1)


def next_month(month: date, steps: int = 1) -> date:
    index = month.year * 12 + month.month - 1 + steps
    return date(index // 12, index % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month as a half-open UTC range [start, end)."""
    start = datetime(month.year, month.month, 1, tzinfo=UTC)
    following = next_month(month)
    return start, datetime(following.year, following.month, 1, tzinfo=UTC)


def partition_name(month: date) -> str:
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


# Autovacuum of a month's partition after 1 % of its rows were added, not PostgreSQL's 20 % (vacuum) and 10 %
# (statistics): the log only grows, and its pages ask for the newest entries of one resident or user. With
# the defaults, the current month's newest pages stay out of the visibility map (an index-only count reads
# the table for each of them) and its statistics miss a resident whose entries grew since the last analyse
# (the planner sorts thousands of rows instead of reading the index in order). Measured on the log viewer,
# ``docs/benchmarks.md`` (seventh round). An append-only partition's vacuum only visits its new pages.
AUTOVACUUM_PARAMETERS = {"autovacuum_vacuum_insert_scale_factor": "0.01", "autovacuum_analyze_scale_factor": "0.01"}
STORAGE_PARAMETERS_SQL = ", ".join(f"{name} = {value}" for name, value in AUTOVACUUM_PARAMETERS.items())


def _create_sql(month: date) -> str:
    start, end = month_bounds(month)
    return (f'CREATE TABLE IF NOT EXISTS "{partition_name(month)}" PARTITION OF "{TABLE}" '
            f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}') WITH ({STORAGE_PARAMETERS_SQL})")


def is_partitioned() -> bool:
    """True on PostgreSQL once the partitioning migration has run."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def existing_partitions() -> list[str]:
    """The names of the log's partitions (months and DEFAULT), sorted."""
    if not is_partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname", [TABLE])
        return [row[0] for row in cursor.fetchall()]


def owner_alias() -> str:
    """The connection that may create tables: the owner role's (``DATABASE_MIGRATE_URL``) when configured,
    since the application's runtime role may not create anything (docs/security.md)."""
    return "migrate" if "migrate" in settings.DATABASES else "default"


def create_partitions(months: int = 3, today: date | None = None) -> list[str]:
    """Create the partitions of the current month and the ``months`` after it that do not exist yet
    (idempotent); returns the names created. The new partitions get the same revocations as the log
    (``dbroles``) when the database roles are configured."""
    if not is_partitioned():
        return []
    alias = owner_alias()
    owner = connections[alias]
    if months < 0:
        raise ValueError("months must be 0 or more")
    today = today or datetime.now(UTC).date()
    first = date(today.year, today.month, 1)
    before = set(existing_partitions())
    created = []
    with transaction.atomic(using=alias), owner.cursor() as cursor:
        for step in range(months + 1):
            month = next_month(first, step)
            if partition_name(month) not in before:
                cursor.execute(_create_sql(month))
                created.append(partition_name(month))
    if created:
        from .dbroles import after_migrate

        after_migrate(using=alias, verbosity=0)  # revoke UPDATE/DELETE/TRUNCATE on the new partitions too
    return created


def default_partition_rows() -> int:
    """Entries in the DEFAULT partition (outside every month partition): should be 0; -1 when the log is
    not partitioned (SQLite, or before the migration)."""
    if not is_partitioned():
        return -1
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [DEFAULT_PARTITION])
        if cursor.fetchone()[0] is None:
            return -1
        cursor.execute(f'SELECT count(*) FROM (SELECT 1 FROM "{DEFAULT_PARTITION}" LIMIT 100000) found')  # noqa: S608
        return cursor.fetchone()[0]
