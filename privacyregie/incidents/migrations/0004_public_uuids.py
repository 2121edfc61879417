"""Public identifiers (UUID) for incidents, their measures and attachments: added nullable, filled per row, then made unique.

Three steps, because a unique field with a callable default cannot be added to a table
with rows in one step (every existing row would get the same value). Runs on SQLite and
PostgreSQL.
"""

import uuid

from django.db import migrations, models

from privacyregie.core.identifiers import fill_public_ids

MODELS = ("incident", "measure", "attachment")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_follow_up_limits_per_source_and_overall")]

    operations = [
        *(migrations.AddField(model_name=name, name="uuid", field=models.UUIDField(null=True, editable=False))
          for name in MODELS),
        migrations.RunPython(fill_public_ids("incidents", *MODELS), migrations.RunPython.noop),
        *(migrations.AlterField(model_name=name, name="uuid",
                                field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True,
                                                       verbose_name="publieke id"))
          for name in MODELS),
    ]
