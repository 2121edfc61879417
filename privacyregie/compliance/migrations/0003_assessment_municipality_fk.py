"""The assessment's municipality becomes a reference to core.Municipality.

The text column is dropped and a new foreign key added (no data conversion: a free-text
name cannot be cast to a key on PostgreSQL; the demo sets the reference again).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0002_historicalrequirementassessment_live_indicator_and_more'),
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.RemoveField(model_name='assessment', name='municipality'),
        migrations.RemoveField(model_name='historicalassessment', name='municipality'),
        migrations.AddField(
            model_name='assessment',
            name='municipality',
            field=models.ForeignKey(blank=True, help_text='Leeg: de hele organisatie.', null=True, on_delete=django.db.models.deletion.PROTECT, to='core.municipality', verbose_name='gemeente'),
        ),
        migrations.AddField(
            model_name='historicalassessment',
            name='municipality',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Leeg: de hele organisatie.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.municipality', verbose_name='gemeente'),
        ),
    ]
