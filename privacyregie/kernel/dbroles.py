"""Least privilege on PostgreSQL: an owner role for migrations, a runtime role for the application.

The runtime role (the application's ``DATABASE_URL``) may read and write the ordinary tables,
but on the processing log and its seals only INSERT and SELECT: it cannot UPDATE, DELETE or
TRUNCATE them, and since it does not own them it cannot disable or drop the append-only
trigger either. The owner role (``DATABASE_MIGRATE_URL``) owns every table and runs the
migrations. ``plan()`` lists the statements; it is idempotent, so it is run again after each
migration: ``after_migrate`` (a ``post_migrate`` receiver) does that by itself on PostgreSQL when
``DATABASE_OWNER_ROLE`` and ``DATABASE_RUNTIME_ROLE`` are set, limited to what the migrating
owner may do (table grants and ownership; creating roles stays with ``setup_database_roles``).
It does nothing on SQLite. See docs/security.md.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from psycopg import sql

from .models import ChainHead, ChainSeal, PartitionSeal, ProcessingLogEntry

# Tables the application may only append to and read (and, on PostgreSQL, every partition of them:
# a partition can be addressed directly, past the parent's grants).
APPEND_ONLY = (ProcessingLogEntry._meta.db_table, ChainSeal._meta.db_table, PartitionSeal._meta.db_table)
# Chain heads move with every entry (UPDATE) but are never removed.
NO_DELETE = (ChainHead._meta.db_table,)
READ_ONLY = ("django_migrations",)
TRIGGER_FUNCTION = "kernel_processing_log_append_only"


@dataclass
class Step:
    description: str
    statement: sql.Composable | None = None
    params: tuple = ()


def _role_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    return cursor.fetchone() is not None


def plan(cursor, owner: str, runtime: str, passwords: dict[str, str] | None = None,
         roles: bool = True) -> list[Step]:
    """The steps that bring roles and grants to the wanted state (read-only: nothing is changed).

    With ``roles=False`` only the table-level steps (ownership, grants, default privileges,
    revocations), which the owner role itself may take: what a migration can undo.
    """
    passwords = passwords or {}
    steps: list[Step] = []
    if roles:
        steps += _role_steps(cursor, owner, runtime, passwords)
    cursor.execute("SELECT current_schema()")
    schema = cursor.fetchone()[0]
    sch = sql.Identifier(schema)
    own, run = sql.Identifier(owner), sql.Identifier(runtime)
    steps += _table_steps(cursor, schema, sch, own, run, owner, runtime)
    return steps


def _role_steps(cursor, owner: str, runtime: str, passwords: dict[str, str]) -> list[Step]:
    steps: list[Step] = []
    for name in (owner, runtime):
        if _role_exists(cursor, name):
            steps.append(Step(f"role {name} exists"))
        else:
            steps.append(Step(f"create role {name}", sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name))))
        steps.append(Step(f"role {name}: login, no superuser, no role or database creation, no replication",
                          sql.SQL("ALTER ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
                          .format(sql.Identifier(name))))
        if passwords.get(name):
            steps.append(Step(f"role {name}: set password", sql.SQL("ALTER ROLE {} PASSWORD %s").format(
                sql.Identifier(name)), (passwords[name],)))
    cursor.execute(
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
        "WHERE r.rolname = %s AND u.rolname = %s", [owner, runtime])
    if cursor.fetchone():
        steps.append(Step(f"{runtime} is no longer a member of {owner}",
                          sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(owner), sql.Identifier(runtime))))
    cursor.execute("SELECT current_database(), current_schema()")
    database, schema = cursor.fetchone()
    db, sch = sql.Identifier(database), sql.Identifier(schema)
    own, run = sql.Identifier(owner), sql.Identifier(runtime)
    steps += [
        Step(f"both roles may connect to {database}", sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(db, own, run)),
        Step(f"only {owner} creates objects in schema {schema}",
             sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC, {}").format(sch, run)),
        Step(f"{owner} uses and creates in schema {schema}", sql.SQL("GRANT USAGE, CREATE ON SCHEMA {} TO {}").format(sch, own)),
        Step(f"{runtime} uses schema {schema}", sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sch, run)),
    ]
    return steps


def _table_steps(cursor, schema, sch, own, run, owner: str, runtime: str) -> list[Step]:
    steps: list[Step] = []
    cursor.execute(
        "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY c.relname", [schema])
    tables = cursor.fetchall()
    for table, current in tables:
        if current != owner:
            steps.append(Step(f"{owner} owns {table} (was {current})",
                              sql.SQL("ALTER TABLE {}.{} OWNER TO {}").format(sch, sql.Identifier(table), own)))
    cursor.execute("SELECT pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                   "WHERE n.nspname = %s AND p.proname = %s", [schema, TRIGGER_FUNCTION])
    row = cursor.fetchone()
    if row and row[0] != owner:
        steps.append(Step(f"{owner} owns the append-only trigger function",
                          sql.SQL("ALTER FUNCTION {}.{}() OWNER TO {}").format(sch, sql.Identifier(TRIGGER_FUNCTION), own)))
    names = {table for table, _ in tables}
    steps += [
        Step(f"{runtime} reads and writes the ordinary tables",
             sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(sch, run)),
        Step(f"{runtime} takes ids from the sequences",
             sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(sch, run)),
        Step(f"tables {owner} creates later get the same grants",
             sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}")
             .format(own, sch, run)),
        Step(f"sequences {owner} creates later get the same grants",
             sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT USAGE ON SEQUENCES TO {}").format(own, sch, run)),
    ]
    revocations = [(APPEND_ONLY, "UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER", "only INSERT and SELECT"),
                   (NO_DELETE, "DELETE, TRUNCATE, REFERENCES, TRIGGER", "no DELETE or TRUNCATE"),
                   (READ_ONLY, "INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER", "only SELECT")]
    cursor.execute(
        "SELECT p.relname, c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s ORDER BY c.relname", [schema])
    partitions = cursor.fetchall()
    for group, privileges, meaning in revocations:
        for table in (*group, *(child for parent, child in partitions if parent in group)):
            if table in names:
                steps.append(Step(f"{runtime} on {table}: {meaning}", sql.SQL("REVOKE {} ON {}.{} FROM PUBLIC, {}").format(
                    sql.SQL(privileges), sch, sql.Identifier(table), run)))
    return steps


def apply(cursor, steps: list[Step]) -> None:
    for step in steps:
        if step.statement is not None:
            cursor.execute(step.statement, step.params or None)


def roles_exist(cursor, owner: str, runtime: str) -> bool:
    return _role_exists(cursor, owner) and _role_exists(cursor, runtime)


def after_migrate(sender=None, using="default", verbosity=1, stdout=None, **kwargs) -> list[Step] | None:
    """``post_migrate``: re-apply the runtime role's table grants after every migration (idempotent).

    A migration can create a table (which gets the default privileges, also UPDATE and DELETE) or
    rebuild the processing log; this puts the revocations back. Only on PostgreSQL and only when
    ``DATABASE_OWNER_ROLE`` and ``DATABASE_RUNTIME_ROLE`` are set; returns the steps taken, or None
    when it did nothing.
    """
    from django.conf import settings
    from django.db import connections, transaction

    owner = getattr(settings, "DATABASE_OWNER_ROLE", "")
    runtime = getattr(settings, "DATABASE_RUNTIME_ROLE", "")
    connection = connections[using]
    if connection.vendor != "postgresql" or not (owner and runtime):
        return None
    out = stdout if stdout is not None else sys.stdout
    write = (lambda text: out.write(text + "\n")) if verbosity else (lambda _text: None)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if not roles_exist(cursor, owner, runtime):
            write(f"Database roles {owner}/{runtime} do not exist yet: run manage.py setup_database_roles "
                  "(see docs/security.md); grants not applied.")
            return None
        steps = plan(cursor, owner, runtime, roles=False)
        apply(cursor, steps)
    write(f"Database roles: grants of {runtime} re-applied after migrating ({len(steps)} steps).")
    return steps
