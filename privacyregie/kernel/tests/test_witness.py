"""Seals are signed with a key outside the database and written to witnesses outside it."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.kernel import chain, witness
from privacyregie.kernel.checks import processing_log_tamper_evidence_check
from privacyregie.kernel.models import ChainHead, ChainSeal, ProcessingLogEntry
from privacyregie.kernel.tests.factories import log_entry
from privacyregie.kernel.tests.test_tamper_evidence import tamper_freely

ROOT = Path(__file__).resolve().parents[3]


def test_tests_use_a_temporary_witness_file(_own_witness_file):
    assert Path(settings.PROCESSING_LOG_WITNESS_FILE) == _own_witness_file
    assert ROOT / "var" not in _own_witness_file.parents


@pytest.mark.django_db
def test_seal_is_signed_and_appended_to_the_witness_file(_own_witness_file, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    _own_witness_file.parent.mkdir(parents=True, exist_ok=True)
    _own_witness_file.write_text("earlier line kept\n")
    org = OrganisationFactory()
    log_entry(org, key="subject-a")
    first, second = chain.seal(), chain.seal()
    lines = _own_witness_file.read_text().splitlines()
    assert lines[0] == "earlier line kept"  # appended, never rewritten
    records = [json.loads(line) for line in lines[1:]]
    assert [r["seal_id"] for r in records] == [first.pk, second.pk]
    assert records[1]["prev_seal_hash"] == first.seal_hash
    assert all(witness.record_signature_valid(r) for r in records)
    assert first.signature and first.key_id == witness.key_id(witness.verify_key())
    assert synced  # every record is flushed to disk
    assert set(records[0]["heads"]) == {str(n) for n in range(16)}


@pytest.mark.django_db
def test_a_failing_witness_rolls_the_seal_back(tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    with override_settings(PROCESSING_LOG_WITNESS_FILE=blocked / "seals.jsonl"):
        with pytest.raises(OSError):
            chain.seal()
    assert not ChainSeal.objects.exists()


@pytest.mark.django_db
def test_forged_witness_record_is_reported(_own_witness_file):
    log_entry(OrganisationFactory(), key="subject-a")
    chain.seal()
    record = json.loads(_own_witness_file.read_text())
    record["heads"]["0"] = [99, "f" * 64]  # someone edits the witness without the key
    _own_witness_file.write_text(json.dumps(record) + "\n")
    result = chain.verify()
    assert not result.ok and result.problem == "witness mismatch" and "signature" in result.detail


@pytest.mark.django_db
def test_emptied_witness_is_reported(_own_witness_file):
    log_entry(OrganisationFactory(), key="subject-a")
    chain.seal()
    _own_witness_file.write_text("")
    result = chain.verify()
    assert not result.ok and result.problem == "witness mismatch" and "holds no seals" in result.detail


@pytest.mark.django_db
def test_seal_missing_from_the_database_is_reported(_own_witness_file):
    log_entry(OrganisationFactory(), key="subject-a")
    sealed = chain.seal()
    with transaction.atomic():
        tamper_freely()
        ChainSeal.objects.filter(pk=sealed.pk).delete()
        result = chain.verify()
        transaction.set_rollback(True)
    assert not result.ok and result.problem == "witness mismatch" and f"Seal {sealed.pk} of" in result.detail


class _UdpSink:
    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.settimeout(5)
        self.address = f"127.0.0.1:{self.socket.getsockname()[1]}"

    def receive(self) -> str:
        return self.socket.recv(65536).decode()


@pytest.mark.django_db
def test_syslog_witness_and_verification_from_an_export(tmp_path, capsys):
    sink = _UdpSink()
    org = OrganisationFactory()
    entries = [log_entry(org, key=f"subject-{n}") for n in range(4)]
    with override_settings(PROCESSING_LOG_WITNESSES=["syslog"], PROCESSING_LOG_SYSLOG_ADDRESS=sink.address):
        sealed = chain.seal()
        message = sink.receive()
        assert message.startswith("<") and "privacyregie: " in message  # <priority>ident: {json}
        export = tmp_path / "siem-export.log"
        export.write_text(f"Nov 30 12:00:00 app1 {message.split('>', 1)[1]}\nNov 30 12:00:01 app1 sshd: other\n")
        record = witness.read_records(export)[0]
        assert record["seal_id"] == sealed.pk and witness.record_signature_valid(record)
        assert "no witness could be read" in chain.verify().describe()  # syslog cannot be read back
        call_command("verify_processing_log", witness=str(export))
        assert "latest witnessed seal" in capsys.readouterr().out
        victim = max((e for e in entries if e.chain == entries[0].chain), key=lambda e: e.seq)
        with transaction.atomic():
            tamper_freely()
            ProcessingLogEntry.objects.filter(chain=victim.chain, seq__gte=victim.seq).delete()
            ChainHead.objects.filter(chain=victim.chain).update(last_seq=victim.seq - 1, last_hash=victim.prev_hash)
            ChainSeal.objects.all().delete()
            with pytest.raises(SystemExit):
                call_command("verify_processing_log", witness=str(export))
            transaction.set_rollback(True)
    assert f"chain {victim.chain}, seq {victim.seq}: deleted" in capsys.readouterr().err


def test_deploy_check_warns_about_key_file_and_file_only_witness(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "processing_log_signing_key").write_text("A" * 43)
    settings.PROCESSING_LOG_SIGNING_KEY = "A" * 43  # the embedded default: read from var/
    settings.PROCESSING_LOG_WITNESSES = ["file"]
    warnings = processing_log_tamper_evidence_check(None)
    assert {w.id for w in warnings} == {"privacyregie.kernel.W001", "privacyregie.kernel.W002"}
    assert str(tmp_path / "processing_log_signing_key") in warnings[0].msg
    settings.PROCESSING_LOG_SIGNING_KEY = "B" * 43  # from the environment
    settings.PROCESSING_LOG_WITNESSES = ["file", "syslog"]
    assert processing_log_tamper_evidence_check(None) == []


@pytest.mark.django_db
def test_check_deploy_command_prints_the_tamper_evidence_warnings(capsys):
    call_command("check", "--deploy")
    output = "".join(capsys.readouterr())
    assert "privacyregie.kernel.W001" in output and "privacyregie.kernel.W002" in output


def test_settings_read_the_tamper_evidence_environment(tmp_path):
    env = {**os.environ, "VAR_DIR": str(tmp_path), "DATABASE_URL": "postgres://app@db/privacyregie",
           "DATABASE_MIGRATE_URL": "postgres://owner@db/privacyregie", "PROCESSING_LOG_SEAL_INTERVAL_SECONDS": "60",
           "PROCESSING_LOG_WITNESSES": "file,syslog", "PROCESSING_LOG_SIGNING_KEY": "A" * 43}
    code = ("import json; from privacyregie import settings as s; print(json.dumps([s.DATABASES['migrate']['USER'], "
            "s.DATABASES['migrate']['TEST'], s.DATABASES['default']['USER'], s.PROCESSING_LOG_SEAL_INTERVAL.total_seconds(), "
            "s.PROCESSING_LOG_WITNESSES, s.PROCESSING_LOG_SIGNING_KEY, str(s.PROCESSING_LOG_WITNESS_FILE)]))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == ["owner", {"MIRROR": "default"}, "app", 60.0, ["file", "syslog"], "A" * 43,
                                      str(tmp_path / "witness" / "seals.jsonl")]
    assert not (tmp_path / "processing_log_signing_key").exists()  # the key came from the environment
