"""On PostgreSQL, refuse UPDATE and DELETE on the processing log (append-only)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION kernel_processing_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the processing log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS kernel_processing_log_append_only ON kernel_processinglogentry;
CREATE TRIGGER kernel_processing_log_append_only
    BEFORE UPDATE OR DELETE ON kernel_processinglogentry
    FOR EACH ROW EXECUTE FUNCTION kernel_processing_log_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS kernel_processing_log_append_only ON kernel_processinglogentry;
DROP FUNCTION IF EXISTS kernel_processing_log_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("kernel", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
