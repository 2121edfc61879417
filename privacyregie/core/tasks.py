"""One-off background tasks (a large import or export) with progress, declared once.

A capability declares a kind of task with ``@one_off("register.import.check")`` in its
``jobs.py`` (next to its periodic jobs). The function receives a ``Run``: ``run.payload`` is its
input, ``run.progress(done, total)`` reports how far it is, ``run.stage_result(payload)`` keeps a
result for the owner (staged encrypted, ``core.files.stage``), and it returns an ``Outcome``
(where the owner goes next and what they are told). A ``ValidationError`` it raises is shown to
the owner as it is (Dutch); any other error is logged and the owner gets a Dutch message.

``start`` creates the ``Task`` row and hands it to the runner chosen by the ``TASKS_RUNNER``
setting, once the surrounding transaction has committed:

* ``thread`` (embedded default): a daemon thread in the web process;
* ``celery`` (production, when ``CELERY_BROKER_URL`` is set): the ``privacyregie.tasks.run`` task
  on a worker;
* ``inline``: at once, in the caller (tests, management commands).

A task that no runner picked up (the process stopped) is run by ``run_jobs`` (the job
``run_queued_tasks``); one that stopped half-way is marked failed with a message to start again.
Only the owner sees a task (``for_owner``); others get a 404.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .files import discard_staged, stage, unstage
from .models import Task

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.5  # seconds between two progress writes to the database
STALE_AFTER = timedelta(minutes=15)  # a running task without progress for this long has stopped
PICKUP_AFTER = timedelta(minutes=1)  # a queued task this old was not picked up by its runner
KEEP = timedelta(days=1)  # finished tasks are removed after this


@dataclass(frozen=True)
class Outcome:
    """What the owner sees when the task is done: a message and the page to continue on."""

    message: str = ""
    url: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    func: Callable
    label: str  # what the owner reads as the task's title (lazy, Dutch)


_KINDS: dict[str, Kind] = {}
# Progress of tasks running in this process: visible to the status page at once, also while the task's
# own database transaction (an all-or-nothing import) has not committed its progress yet.
_LIVE: dict[int, tuple[int, int]] = {}


def one_off(name: str, label):
    def decorator(func):
        _KINDS[name] = Kind(name, func, label)
        return func

    return decorator


def kinds() -> dict[str, Kind]:
    from .jobs import discover

    discover()  # imports every capability's jobs.py, where kinds are declared
    return dict(_KINDS)


def owner_key(task: Task) -> str:
    return f"task:{task.public_id}:{task.owner_id}"


class Run:
    """The running task as its function sees it."""

    def __init__(self, task: Task, payload):
        self.task = task
        self.payload = payload
        self._last_write = 0.0

    @property
    def user(self):
        return self.task.owner

    @property
    def organisation(self):
        return self.task.organisation

    def progress(self, done: int, total: int) -> None:
        _LIVE[self.task.pk] = (done, total)
        now = time.monotonic()
        if now - self._last_write >= PROGRESS_INTERVAL or done >= total:
            self._last_write = now
            Task.objects.filter(pk=self.task.pk).update(done=done, total=total, updated_at=timezone.now())

    def stage_result(self, payload) -> str:
        """Keep ``payload`` (JSON-able) for the owner; the token is kept on the task."""
        token = stage(payload, owner_key(self.task))
        self.task.result_token = token
        Task.objects.filter(pk=self.task.pk).update(result_token=token)
        return token


def start(kind: str, *, user, payload, total: int = 0, return_url: str = "") -> Task:
    """Create a task for ``user`` with ``payload`` (JSON-able, staged encrypted) and hand it to the runner."""
    if kind not in kinds():
        raise ValueError(f"Unknown task kind {kind!r}")
    task = Task.objects.create(kind=kind, owner=user, organisation=user.organisation, total=total,
                               return_url=return_url, language=translation.get_language() or "")
    task.input_token = stage(payload, owner_key(task))
    task.save(update_fields=["input_token"])
    runner = runner_name()
    if runner == "inline":
        run(task.pk)
        task.refresh_from_db()
    elif runner == "celery":
        transaction.on_commit(lambda: _send_to_celery(task.pk))
    else:
        transaction.on_commit(lambda: threading.Thread(target=_run_in_thread, args=(task.pk,), daemon=True,
                                                       name=f"task-{task.pk}").start())
    return task


def runner_name() -> str:
    configured = getattr(settings, "TASKS_RUNNER", "")
    if configured:
        return configured
    return "celery" if getattr(settings, "CELERY_BROKER_URL", "") else "thread"


def _send_to_celery(pk: int) -> None:
    from privacyregie.celery import app

    app.send_task("privacyregie.tasks.run", args=[pk])


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        run(pk)
    finally:
        connection.close()


def _claim(pk: int) -> Task | None:
    """Mark a queued task as running; None when another runner already has it."""
    claimed = Task.objects.filter(pk=pk, status=Task.Status.QUEUED).update(status=Task.Status.RUNNING,
                                                                          updated_at=timezone.now())
    return Task.objects.select_related("owner", "organisation").get(pk=pk) if claimed else None


def run(pk: int) -> None:
    """Run one queued task to its end: done with its outcome, or failed with a Dutch message."""
    task = _claim(pk)
    if task is None:
        return
    with translation.override(task.language or settings.LANGUAGE_CODE):
        _run(task)


def _run(task: Task) -> None:
    payload = unstage(task.input_token, owner_key(task))
    try:
        if payload is None:
            raise ValidationError(_("De invoer van deze taak is verlopen. Begin opnieuw."))
        outcome = kinds()[task.kind].func(Run(task, payload)) or Outcome()
    except ValidationError as exc:
        _finish(task, Task.Status.FAILED, error=" ".join(exc.messages))
    except Exception:  # noqa: BLE001 - a failing task is recorded for its owner, never lost
        log.exception("task %s (%s) failed", task.pk, task.kind)
        _finish(task, Task.Status.FAILED, error=_("De taak is mislukt door een fout in Privacyregie. Er is niets "
                                                  "gewijzigd. Probeer het opnieuw of meld het aan de beheerder."))
    else:
        _finish(task, Task.Status.DONE, message=outcome.message, url=outcome.url)
    finally:
        discard_staged(task.input_token)
        _LIVE.pop(task.pk, None)


def _finish(task: Task, status: str, *, error: str = "", message: str = "", url: str = "") -> None:
    fields = {"status": status, "error": error[:2000], "message": message[:500], "result_url": url,
              "finished_at": timezone.now(), "updated_at": timezone.now()}
    if status == Task.Status.DONE:
        done = max(task.total, Task.objects.filter(pk=task.pk).values_list("total", flat=True).first() or 0)
        fields.update(done=done, total=done)
    Task.objects.filter(pk=task.pk).update(**fields)


def for_owner(public_id, user) -> Task:
    """The task, only for its owner; 404 for anyone else (also for another organisation's user)."""
    task = Task.objects.filter(public_id=public_id, owner=user).first()
    if task is None:
        raise Http404
    return task


def state(task: Task) -> dict:
    """The task's progress as the status page and its JSON show it."""
    done, total = _LIVE.get(task.pk, (task.done, task.total)) if not task.finished else (task.done, task.total)
    percent = 100 if task.status == Task.Status.DONE else (min(100, done * 100 // total) if total else 0)
    text = _("%(status)s: %(done)s van %(total)s verwerkt (%(percent)s%%).") % {
        "status": capfirst(task.get_status_display()), "done": done, "total": total, "percent": percent}
    return {"status": task.status, "done": done, "total": total, "percent": percent, "finished": task.finished,
            "text": text, "error": task.error}


def title(task: Task) -> str:
    kind = kinds().get(task.kind)
    return str(kind.label) if kind else _("Taak")


def result(task: Task):
    """The staged result of a finished task (for its owner), or None when there is none (any more)."""
    return unstage(task.result_token, owner_key(task)) if task.result_token else None


def housekeeping(now=None) -> dict[str, int]:
    """Run tasks no runner picked up, fail tasks that stopped half-way, remove old finished tasks."""
    now = now or timezone.now()
    stale = Task.objects.filter(status=Task.Status.RUNNING, updated_at__lt=now - STALE_AFTER)
    failed = stale.update(status=Task.Status.FAILED, finished_at=now, updated_at=now,
                          error=_("De taak is onderbroken (de server is herstart). Er is niets half gewijzigd; "
                                  "begin opnieuw."))
    picked = 0
    for pk in Task.objects.filter(status=Task.Status.QUEUED, created_at__lt=now - PICKUP_AFTER).values_list("pk", flat=True):
        run(pk)
        picked += 1
    old = Task.objects.filter(finished_at__lt=now - KEEP)
    for token in old.exclude(result_token="").values_list("result_token", flat=True):
        discard_staged(token)
    removed, _by_model = old.delete()
    return {"failed": failed, "run": picked, "removed": removed}


def register_with_celery(celery_app) -> None:
    celery_app.task(name="privacyregie.tasks.run")(run)
