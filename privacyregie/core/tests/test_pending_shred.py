"""Shredding after commit (core.shredding): recorded in the deleting transaction, so a rolled-back deletion
shreds nothing; a failure stays pending and the job retries it until it succeeds; what is gone counts as done."""

import pytest
from django.db import transaction
from django.test import override_settings

from privacyregie.core import files
from privacyregie.core.jobs import run_job
from privacyregie.core.models import PendingShred
from privacyregie.core.shredding import shred_after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_dirs(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media", FILE_SHRED_KEY_DIR=tmp_path / "keys"):
        yield


def test_a_key_that_fails_once_is_destroyed_by_the_retry(monkeypatch, django_capture_on_commit_callbacks):
    name = files.store_encrypted(b"verslag")
    files.bind_to_shred_key(name, "case:9")
    real, calls = files.destroy_shred_key, []

    def fails_once(group):
        calls.append(group)
        if len(calls) == 1:
            raise PermissionError("sleutelmap alleen-lezen")
        return real(group)

    monkeypatch.setattr(files, "destroy_shred_key", fails_once)
    with django_capture_on_commit_callbacks(execute=True):
        shred_after_commit([name], ["case:9"])
    assert not files._path(name).exists()  # the file went at once
    pending = PendingShred.objects.get()
    assert (pending.kind, pending.target, pending.attempts) == ("sleutel", "case:9", 1)
    assert "alleen-lezen" in pending.last_error and pending.last_attempt_at is not None
    assert run_job("retry_pending_shreds") == 1
    assert not PendingShred.objects.exists()
    assert calls == ["case:9", "case:9"]


def test_a_rolled_back_deletion_shreds_nothing(django_capture_on_commit_callbacks):
    name = files.store_encrypted(b"verslag")
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                shred_after_commit([name], ["case:10"])
                raise RuntimeError("the deletion failed")
        except RuntimeError:
            pass
    assert files.read_encrypted(name) == b"verslag"
    assert not PendingShred.objects.exists()


def test_what_is_already_gone_counts_as_done(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        shred_after_commit(["0" * 64, "0" * 64], ["case:11"])  # twice the same name is recorded once
    assert not PendingShred.objects.exists()
