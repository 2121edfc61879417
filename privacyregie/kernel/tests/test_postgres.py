"""PostgreSQL only: the append-only trigger, and several processes writing the log at once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.kernel import chain
from privacyregie.kernel.models import CHAIN_COUNT, ProcessingLogEntry
from privacyregie.kernel.tests.factories import log_entry

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (make test runs the suite on PostgreSQL as well)")


@pytest.mark.django_db
def test_trigger_refuses_update():
    entry = log_entry(OrganisationFactory())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ProcessingLogEntry.objects.filter(pk=entry.pk).update(actor_username="iemand-anders")


@pytest.mark.django_db
def test_trigger_refuses_delete():
    entry = log_entry(OrganisationFactory())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ProcessingLogEntry.objects.filter(pk=entry.pk).delete()
    assert ProcessingLogEntry.objects.filter(pk=entry.pk).exists()


WRITER = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "privacyregie.test_settings"
django.setup()
from django.db import transaction
from privacyregie.kernel.tests.factories import log_entry
from privacyregie.core.models import Organisation
org = Organisation.objects.get(pk=int(sys.argv[1]))
for i in range(int(sys.argv[2])):
    with transaction.atomic():
        log_entry(org, key=f"writer{sys.argv[3]}-subject{i % 7}", username=f"writer{sys.argv[3]}")
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_writer_processes_keep_every_chain_linear():
    org = OrganisationFactory()
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    writers, per_writer = 6, 40
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(org.pk), str(per_writer), str(n)], env=env, cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for n in range(writers)
    ]
    for process in processes:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err.decode()[-2000:]
    assert ProcessingLogEntry.objects.filter(organisation=org).count() == writers * per_writer
    result = chain.verify()
    assert result.ok, result.describe()
    parallel = chain.verify(workers=2)  # chains checked in two processes give the same answer
    assert parallel.ok and parallel.entries_checked == result.entries_checked
    for number in range(CHAIN_COUNT):
        seqs = list(ProcessingLogEntry.objects.filter(chain=number).order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
