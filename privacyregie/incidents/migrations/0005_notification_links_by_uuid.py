"""Links in notifications sent before incidents had a public id point at the new UUID URLs.

``/incidenten/<int>/…`` and ``/incidenten/betrokken/<int>/`` become the same path with the
incident's UUID; a link to an incident that no longer exists is left as it is (it answered
404 before as well).
"""

import re

from django.db import migrations

OLD_LINK = re.compile(r"^/incidenten/(betrokken/)?(\d+)/(.*)$")


def relink(apps, schema_editor):
    Notification = apps.get_model("core", "Notification")
    Incident = apps.get_model("incidents", "Incident")
    for notification in Notification.objects.filter(url__regex=r"^/incidenten/(betrokken/)?[0-9]+/").iterator():
        match = OLD_LINK.match(notification.url)
        public_id = Incident.objects.filter(pk=int(match.group(2))).values_list("uuid", flat=True).first()
        if public_id is not None:
            notification.url = f"/incidenten/{match.group(1) or ''}{public_id}/{match.group(3)}"
            notification.save(update_fields=["url"])


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_public_uuids"), ("core", "0001_initial")]

    operations = [migrations.RunPython(relink, migrations.RunPython.noop)]
