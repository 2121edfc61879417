"""One-off tasks (core.tasks): progress, failures in Dutch, only the owner sees them, the runners."""

from __future__ import annotations

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from privacyregie.core import tasks
from privacyregie.core.models import Task
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, UserFactory

SEEN: dict[str, list] = {}


@tasks.one_off("test.count", label="Tellen")
def _count(run):
    seen = SEEN.setdefault(str(run.task.public_id), [])
    total = run.payload["total"]
    for done in range(1, total + 1):
        run.progress(done, total)
        task = Task.objects.get(pk=run.task.pk)
        seen.append((task.done, task.total, tasks.state(task)["percent"]))
    run.stage_result({"filename": "telling.txt", "content_type": "text/plain", "data": "MTIz"})
    return tasks.Outcome(message="Geteld.", url="/")


@tasks.one_off("test.refuse", label="Weigeren")
def _refuse(run):
    run.progress(1, 4)
    raise ValidationError("Regel 2 van het bestand is onleesbaar.")


@tasks.one_off("test.crash", label="Vastlopen")
def _crash(run):
    raise RuntimeError("internal detail that the user must not see")


@pytest.fixture
def owner(db):
    return UserFactory(organisation=OrganisationFactory(), roles=[Role.PRIVACY_OFFICER])


@pytest.mark.django_db
def test_progress_is_recorded_while_the_task_runs(owner, settings):
    settings.TASKS_RUNNER = "inline"
    tasks.PROGRESS_INTERVAL, previous = 0, tasks.PROGRESS_INTERVAL
    try:
        task = tasks.start("test.count", user=owner, payload={"total": 4}, total=4)
    finally:
        tasks.PROGRESS_INTERVAL = previous
    assert SEEN[str(task.public_id)] == [(1, 4, 25), (2, 4, 50), (3, 4, 75), (4, 4, 100)]
    assert task.status == Task.Status.DONE and task.message == "Geteld." and task.finished_at is not None
    assert tasks.state(task) == {"status": "klaar", "done": 4, "total": 4, "percent": 100, "finished": True,
                                 "text": "Klaar: 4 van 4 verwerkt (100%).", "error": ""}
    assert tasks.result(task)["filename"] == "telling.txt"


@pytest.mark.django_db
def test_a_refused_task_keeps_its_dutch_message_and_a_crash_gets_one(owner, settings, client, login):
    settings.TASKS_RUNNER = "inline"
    refused = tasks.start("test.refuse", user=owner, payload={}, return_url="/register/importeren/")
    assert refused.status == Task.Status.FAILED
    assert refused.error == "Regel 2 van het bestand is onleesbaar."
    crashed = tasks.start("test.crash", user=owner, payload={})
    assert crashed.status == Task.Status.FAILED
    assert crashed.error.startswith("De taak is mislukt door een fout in Privacyregie.")
    assert "internal detail" not in crashed.error
    login(owner)
    page = client.get(reverse("core:task_detail", args=[refused.public_id])).content.decode()
    assert "Regel 2 van het bestand is onleesbaar." in page and 'href="/register/importeren/"' in page
    status = client.get(reverse("core:task_status", args=[crashed.public_id])).json()
    assert status["status"] == "mislukt" and status["finished"] and status["error"] == crashed.error


@pytest.mark.django_db
def test_only_the_owner_sees_the_task(owner, settings, client, login):
    settings.TASKS_RUNNER = "inline"
    task = tasks.start("test.count", user=owner, payload={"total": 2})
    colleague = UserFactory(organisation=owner.organisation, roles=[Role.PRIVACY_OFFICER])
    for name in ("core:task_detail", "core:task_status", "core:task_download"):
        login(colleague)
        assert client.get(reverse(name, args=[task.public_id])).status_code == 404, name
    login(owner)
    download = client.get(reverse("core:task_download", args=[task.public_id]))
    assert download.status_code == 200 and download.content == b"123"
    assert download["Content-Disposition"] == 'attachment; filename="telling.txt"'
    done = client.get(reverse("core:task_detail", args=[task.public_id]))
    assert done.status_code == 302 and done.url == "/"  # on to the result, with the task's message


@pytest.mark.django_db
def test_the_page_of_a_running_task_shows_progress_and_works_without_javascript(owner, client, login):
    task = Task.objects.create(kind="test.count", owner=owner, organisation=owner.organisation,
                               status=Task.Status.RUNNING, done=30, total=120)
    login(owner)
    page = client.get(reverse("core:task_detail", args=[task.public_id])).content.decode()
    assert '<progress id="task-progress" max="100" value="25">25%</progress>' in page
    assert "Bezig: 30 van 120 verwerkt (25%)." in page
    assert f'href="{reverse("core:task_detail", args=[task.public_id])}">Vernieuwen</a>' in page
    assert "web/js/task.js" in page and "<script>" not in page  # strict CSP: no inline script
    assert client.get(reverse("core:task_status", args=[task.public_id])).json()["percent"] == 25


@pytest.mark.django_db(transaction=True)
def test_the_thread_runner_runs_the_task_after_the_commit(settings):
    settings.TASKS_RUNNER = "thread"
    owner = UserFactory(organisation=OrganisationFactory(), roles=[Role.PRIVACY_OFFICER])
    before = set(threading.enumerate())
    task = tasks.start("test.count", user=owner, payload={"total": 3}, total=3)
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=30)
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and (task.done, task.total) == (3, 3)


@pytest.mark.django_db
def test_the_celery_runner_sends_the_task_after_the_commit(owner, settings, django_capture_on_commit_callbacks):
    settings.TASKS_RUNNER = "celery"
    from privacyregie.celery import app

    with mock.patch.object(app, "send_task") as send, django_capture_on_commit_callbacks(execute=True):
        task = tasks.start("test.count", user=owner, payload={"total": 1})
    send.assert_called_once_with("privacyregie.tasks.run", args=[task.pk])
    assert Task.objects.get(pk=task.pk).status == Task.Status.QUEUED
    tasks.register_with_celery(app)
    app.tasks["privacyregie.tasks.run"](task.pk)  # what the worker does
    assert Task.objects.get(pk=task.pk).status == Task.Status.DONE


@pytest.mark.django_db
def test_housekeeping_fails_stopped_tasks_and_runs_forgotten_ones(owner, settings):
    settings.TASKS_RUNNER = "celery"
    from privacyregie.celery import app

    with mock.patch.object(app, "send_task"):
        forgotten = tasks.start("test.count", user=owner, payload={"total": 2})
    stopped = Task.objects.create(kind="test.count", owner=owner, organisation=owner.organisation,
                                  status=Task.Status.RUNNING)
    later = timezone.now() + timedelta(minutes=20)
    assert tasks.housekeeping(now=later) == {"failed": 1, "run": 1, "removed": 0}
    stopped.refresh_from_db()
    assert stopped.status == Task.Status.FAILED and stopped.error.startswith("De taak is onderbroken")
    assert Task.objects.get(pk=forgotten.pk).status == Task.Status.DONE
    assert tasks.housekeeping(now=later + timedelta(days=2))["removed"] == 2
