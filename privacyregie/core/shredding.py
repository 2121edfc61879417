"""Shredding after commit, retried until it succeeds.

Deleting records that point at stored files (a destroyed case, an erased resident) is followed, after the
transaction committed, by shredding the files (``files.shred``) and destroying the shred keys of the groups
(``files.destroy_shred_key``), so that backups become unreadable too. A disk or permission error there must not
leave a readable file behind unnoticed: ``shred_after_commit`` records each step as a ``PendingShred`` inside
the deleting transaction (rolled back with it, so nothing is shredded for a deletion that did not happen),
tries it after commit, and the job ``retry_pending_shreds`` retries what failed until it succeeds. A file or
key that is already gone counts as done.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Count, F, Max, Min
from django.utils import timezone

from . import files
from .models import PendingShred

log = logging.getLogger("privacyregie.core.shredding")


def shred_after_commit(storage_names, groups=()) -> list[int]:
    """Record the files to shred and the shred groups whose key to destroy, and try them once the current
    transaction commits (at once without one). Returns the ids of the ``PendingShred`` rows."""
    ids = []
    for kind, targets in ((PendingShred.Kind.FILE, storage_names), (PendingShred.Kind.KEY, groups)):
        for target in dict.fromkeys(t for t in targets if t):
            ids.append(PendingShred.objects.get_or_create(kind=kind, target=target)[0].pk)
    if ids:
        transaction.on_commit(lambda: attempt(ids))
    return ids


def _perform(pending: PendingShred) -> None:
    if pending.kind == PendingShred.Kind.FILE:
        files.shred(pending.target)
    else:
        files.destroy_shred_key(pending.target)


def attempt(ids=None) -> int:
    """Try the pending shreds (``ids``, or all): a success removes the row, a failure is counted with its
    error and logged loudly, and stays for the next try. Returns how many succeeded."""
    pending = PendingShred.objects.order_by("pk")
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    done = 0
    for item in pending:
        try:
            _perform(item)
        except Exception as exc:  # noqa: BLE001 - any failure is retried by the job
            log.exception("shredding %s %s failed (attempt %s); it is retried", item.get_kind_display(),
                          item.target, item.attempts + 1)
            PendingShred.objects.filter(pk=item.pk).update(attempts=F("attempts") + 1, last_error=str(exc)[:300],
                                                           last_attempt_at=timezone.now())
        else:
            PendingShred.objects.filter(pk=item.pk).delete()
            done += 1
    return done


def pending_summary() -> dict:
    """What is still waiting to be shredded, for the CISO and the functional administrator: per kind the
    count, the oldest, the most attempts and the latest error. No storage names or groups (no content)."""
    rows = []
    for kind, label in PendingShred.Kind.choices:
        items = PendingShred.objects.filter(kind=kind)
        figures = items.aggregate(count=Count("pk"), oldest=Min("created_at"), attempts=Max("attempts"),
                                  last_attempt=Max("last_attempt_at"))
        latest = items.exclude(last_error="").order_by("-last_attempt_at", "-pk").first()
        rows.append({"kind": kind, "label": label, **figures, "last_error": latest.last_error if latest else ""})
    return {"rows": rows, "total": sum(row["count"] for row in rows)}
