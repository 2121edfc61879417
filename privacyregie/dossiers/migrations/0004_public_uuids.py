"""Public identifiers (UUID) for residents, cases and case contents: added nullable, filled per row, then made unique.

Three steps, because a unique field with a callable default cannot be added to a table
with rows in one step (every existing row would get the same value). Runs on SQLite and
PostgreSQL.
"""

import uuid

from django.db import migrations, models

from privacyregie.core.identifiers import fill_public_ids

MODELS = ("resident", "case", "casemembership", "casenote", "casedocument", "consent", "breakglassaccess")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0003_verbose_names")]

    operations = [
        *(migrations.AddField(model_name=name, name="uuid", field=models.UUIDField(null=True, editable=False))
          for name in MODELS),
        migrations.RunPython(fill_public_ids("dossiers", *MODELS), migrations.RunPython.noop),
        *(migrations.AlterField(model_name=name, name="uuid",
                                field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True,
                                                       verbose_name="publieke id"))
          for name in MODELS),
    ]
