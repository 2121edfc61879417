"""The log's existing month partitions get the autovacuum settings new ones are created with
(``kernel.partitions.AUTOVACUUM_PARAMETERS``): vacuum and analyse after 1 % new rows. PostgreSQL only."""

from django.db import migrations

TABLE = "kernel_processinglogentry"
PARAMETERS = "autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.01"


def _set_on_every_partition(schema_editor, setting: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = to_regclass(%s) AND c.relkind = 'r'", [TABLE])
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{name}" {setting}')


def forwards(apps, schema_editor):
    _set_on_every_partition(schema_editor, f"SET ({PARAMETERS})")


def backwards(apps, schema_editor):
    _set_on_every_partition(schema_editor, "RESET (autovacuum_vacuum_insert_scale_factor, "
                                           "autovacuum_analyze_scale_factor)")


class Migration(migrations.Migration):

    dependencies = [("kernel", "0010_log_organisation_without_own_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
