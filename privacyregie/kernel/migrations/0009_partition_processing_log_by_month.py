"""PostgreSQL only: the processing log becomes PARTITION BY RANGE (occurred_at), one partition per month
(ADR 0110). A no-op on SQLite.

The table is rebuilt under an ACCESS EXCLUSIVE lock in the migration's transaction: a partitioned table
with the same columns, the partitions covering every existing entry and at least the last 24 months up to
three months ahead, plus a DEFAULT partition, every row copied in id order (ids and hashes unchanged), then the old table dropped
and its identity sequence (continued at the same value), foreign key, indexes, append-only trigger,
owner and grants recreated on the new one. The primary key becomes (id, occurred_at) and the unique
constraint (chain, seq, occurred_at): a unique index on a partitioned table must contain the partition
key. Uniqueness of (chain, seq) over all months is kept by the writers (locked chain heads) and checked
by verification. Nothing references the log (no foreign keys, views or rules point at it).
"""

from datetime import UTC, date, datetime

from django.db import migrations

TABLE = "kernel_processinglogentry"
OLD = f"{TABLE}_unpartitioned"
MONTHS_AHEAD = 3
MONTHS_BACK = 24  # an empty or young log: entries dated up to two years back (imports, demo data) find their month


def _month(moment) -> date:
    moment = moment.astimezone(UTC)
    return date(moment.year, moment.month, 1)


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _bounds(month: date) -> tuple[str, str]:
    return (datetime(month.year, month.month, 1, tzinfo=UTC).isoformat(),
            datetime(_next(month).year, _next(month).month, 1, tzinfo=UTC).isoformat())


def _capture(cursor) -> dict:
    """Everything of the current table that the rebuild must put back."""
    oid = f"to_regclass('{TABLE}')"
    cursor.execute(f"SELECT relkind, pg_get_userbyid(relowner) FROM pg_class WHERE oid = {oid}")  # noqa: S608
    kind, owner = cursor.fetchone()
    cursor.execute(f"SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "  # noqa: S608
                   f"WHERE conrelid = {oid} AND contype IN ('p', 'u', 'f') ORDER BY conname")
    constraints = cursor.fetchall()
    cursor.execute(f"SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = {oid} "  # noqa: S608
                   "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                   "AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)")
    indexes = [row[0] for row in cursor.fetchall()]
    cursor.execute(f"SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = {oid} "  # noqa: S608
                   "AND NOT tgisinternal AND tgparentid = 0")
    triggers = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT grantee, privilege_type FROM information_schema.role_table_grants "
                   "WHERE table_schema = current_schema() AND table_name = %s AND grantee <> %s", [TABLE, owner])
    grants = cursor.fetchall()
    cursor.execute(f"SELECT pg_get_serial_sequence('{TABLE}', 'id')")
    sequence = cursor.fetchone()[0]
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
    last_value, is_called = cursor.fetchone()
    cursor.execute(f"SELECT min(occurred_at), max(occurred_at), count(*) FROM {TABLE}")  # noqa: S608
    first, last, count = cursor.fetchone()
    return {"kind": kind, "owner": owner, "constraints": constraints, "indexes": indexes, "triggers": triggers,
            "grants": grants, "last_value": last_value, "is_called": is_called, "first": first, "last": last,
            "count": count}


def _rebuild(cursor, partitioned: bool) -> None:
    cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
    state = _capture(cursor)
    if (state["kind"] == "p") == partitioned:
        return  # already in the wanted form
    cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    by = " PARTITION BY RANGE (occurred_at)" if partitioned else ""
    cursor.execute(f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS){by}")
    if partitioned:
        today = _month(datetime.now(UTC))
        month = _month(state["first"]) if state["first"] is not None else today
        back = today
        for _ in range(MONTHS_BACK):
            back = date(back.year - (back.month == 1), (back.month - 2) % 12 + 1, 1)
        month = min(month, back)
        final = max(today, _month(state["last"]) if state["last"] is not None else today)
        for _ in range(MONTHS_AHEAD):
            final = _next(final)
        while month <= final:
            start, end = _bounds(month)
            cursor.execute(f"CREATE TABLE {TABLE}_y{month.year:04d}m{month.month:02d} PARTITION OF {TABLE} "
                           f"FOR VALUES FROM ('{start}') TO ('{end}')")
            month = _next(month)
        cursor.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
    cursor.execute("SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
                   "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped", [OLD])
    columns = cursor.fetchone()[0]
    cursor.execute(f"INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM {OLD} ORDER BY id")  # noqa: S608
    cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
    if cursor.fetchone()[0] != state["count"]:
        raise RuntimeError("the processing log was not copied completely; nothing changed")
    cursor.execute(f"DROP TABLE {OLD}")  # its identity sequence, indexes, constraints and trigger go with it
    cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), %s, %s)",
                   [state["last_value"], state["is_called"]])
    for name, kind, definition in state["constraints"]:
        if kind in ("p", "u"):
            columns_part = definition[definition.index("(") + 1: definition.index(")")]
            columns_list = [part.strip() for part in columns_part.split(",") if part.strip() != "occurred_at"]
            if partitioned:
                columns_list.append("occurred_at")
            definition = f"{'PRIMARY KEY' if kind == 'p' else 'UNIQUE'} ({', '.join(columns_list)})"
        cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
    for statement in (*state["indexes"], *state["triggers"]):
        cursor.execute(statement)
    cursor.execute("SELECT current_user")
    if cursor.fetchone()[0] != state["owner"]:
        cursor.execute(f'ALTER TABLE {TABLE} OWNER TO "{state["owner"]}"')
    for grantee, privilege in state["grants"]:
        target = "PUBLIC" if grantee == "PUBLIC" else f'"{grantee}"'
        cursor.execute(f"GRANT {privilege} ON {TABLE} TO {target}")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _rebuild(cursor, partitioned=True)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _rebuild(cursor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [("kernel", "0008_partition_seal")]
    operations = [migrations.RunPython(forwards, backwards)]
