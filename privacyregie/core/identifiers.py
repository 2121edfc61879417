"""Public identifiers: a random UUID for every object that holds residents' data.

Residents, cases and their contents, and incidents are addressed in page URLs, API URLs
and API representations by a UUID (version 4), as the Common Ground APIs (Open Zaak) do.
The integer primary key stays internal (foreign keys, joins, the database) and must
never appear in a URL or an API representation of such an object: sequential ids can be
counted and enumerated, and their lookup time can tell whether an object exists.

``public_id_field()`` is the field; ``fill_public_ids`` is the data migration that gives
existing rows their own UUID (SQLite and PostgreSQL); ``UUID_PATTERN`` is the route
pattern for API lookups (DRF routers use regular expressions).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def public_id_field() -> models.UUIDField:
    """The public identifier: unique, random, never edited."""
    return models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)


def fill_public_ids(app_label: str, *model_names: str, batch_size: int = 500):
    """A ``RunPython`` function that gives every existing row of the models its own UUID."""

    def forwards(apps, schema_editor):
        for name in model_names:
            model = apps.get_model(app_label, name)
            last = None
            while True:
                rows = model.objects.order_by("pk")
                if last is not None:
                    rows = rows.filter(pk__gt=last)
                pks = list(rows.values_list("pk", flat=True)[:batch_size])
                if not pks:
                    break
                model.objects.bulk_update([model(pk=pk, uuid=uuid.uuid4()) for pk in pks], ["uuid"])
                last = pks[-1]

    return forwards
