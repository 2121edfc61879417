# Store every user name in the one normalised form that login and lockout use (core.usernames).

import privacyregie.core.models
from django.db import migrations


def normalise_existing(apps, schema_editor):
    from privacyregie.core.usernames import normalise_username

    User = apps.get_model("core", "User")
    seen = {}
    changes = []
    for pk, username in User.objects.values_list("pk", "username"):
        canonical = normalise_username(username)
        if canonical in seen:
            raise RuntimeError(
                f"User names {seen[canonical]!r} and {username!r} are the same account name after normalisation "
                f"({canonical!r}). Rename one of them before migrating."
            )
        seen[canonical] = username
        if canonical != username:
            changes.append((pk, canonical))
    for pk, canonical in changes:
        User.objects.filter(pk=pk).update(username=canonical)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelManagers(
            name='user',
            managers=[
                ('objects', privacyregie.core.models.UserManager()),
            ],
        ),
        migrations.RunPython(normalise_existing, migrations.RunPython.noop),
    ]
