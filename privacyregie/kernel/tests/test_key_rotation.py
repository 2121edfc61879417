"""Rotating the seal-signing key: every seal names its key, and older seals keep verifying."""

import json
import re
import secrets
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.kernel import chain, witness
from privacyregie.kernel.models import ChainSeal
from privacyregie.kernel.tests.factories import log_entry

pytestmark = pytest.mark.django_db


def _public(private_text):
    return witness.public_key_text(witness._private_key(private_text).public_key())


@pytest.fixture
def old_key():
    return secrets.token_urlsafe(32)


@pytest.fixture
def new_key():
    return secrets.token_urlsafe(32)


def _seal_with(key, retired=()):
    with override_settings(PROCESSING_LOG_SIGNING_KEY=key, PROCESSING_LOG_VERIFY_KEY="",
                           PROCESSING_LOG_VERIFY_KEYS=list(retired)):
        return chain.seal()


def _verify_with(key, retired=()):
    with override_settings(PROCESSING_LOG_SIGNING_KEY=key, PROCESSING_LOG_VERIFY_KEY="",
                           PROCESSING_LOG_VERIFY_KEYS=list(retired)):
        return chain.verify()


def test_seals_signed_with_the_old_key_still_verify_after_rotation(old_key, new_key, _own_witness_file):
    org = OrganisationFactory()
    log_entry(org, key="subject-a")
    before = _seal_with(old_key)
    log_entry(org, key="subject-b")
    after = _seal_with(new_key, retired=[_public(old_key)])
    assert before.key_id != after.key_id  # each seal names the key that signed it
    assert before.key_id == witness.key_id(witness._private_key(old_key).public_key())
    result = _verify_with(new_key, retired=[_public(old_key)])
    assert result.ok, result.detail
    records = [json.loads(line) for line in _own_witness_file.read_text().splitlines()]
    assert [r["key_id"] for r in records] == [before.key_id, after.key_id]


def test_a_seal_whose_key_is_not_in_the_keyring_fails_with_a_clear_message(old_key, new_key):
    log_entry(OrganisationFactory(), key="subject-a")
    old_seal = _seal_with(old_key)
    result = _verify_with(new_key)  # rotated, but the old public key was not kept
    assert not result.ok
    assert old_seal.key_id in result.detail and "not in the keyring" in result.detail
    assert "PROCESSING_LOG_VERIFY_KEYS" in result.detail


def test_an_unknown_key_id_in_the_database_fails_verification(old_key, _own_witness_file):
    log_entry(OrganisationFactory(), key="subject-a")
    seal = _seal_with(old_key)
    _own_witness_file.write_text("")  # only the database's seal is at stake here
    ChainSeal.objects.filter(pk=seal.pk).update(key_id="0123456789abcdef")
    with override_settings(PROCESSING_LOG_WITNESSES=[]):
        result = _verify_with(old_key)
    assert not result.ok and result.problem == "seal mismatch"
    assert f"Seal {seal.pk}" in result.detail and "signing key 0123456789abcdef" in result.detail


def test_a_witnessed_seal_naming_an_unknown_key_fails_verification(old_key, _own_witness_file):
    log_entry(OrganisationFactory(), key="subject-a")
    _seal_with(old_key)
    record = json.loads(_own_witness_file.read_text())
    record["key_id"] = "fedcba9876543210"
    _own_witness_file.write_text(json.dumps(record) + "\n")
    result = _verify_with(old_key)
    assert not result.ok and result.problem == "witness mismatch"
    assert "signing key fedcba9876543210" in result.detail and "not in the keyring" in result.detail


def test_a_retired_key_cannot_be_used_to_pass_off_a_seal_of_another_key(old_key, new_key, _own_witness_file):
    """The id picks the key: a signature by the old key under the new key's id does not verify."""
    log_entry(OrganisationFactory(), key="subject-a")
    seal = _seal_with(old_key)
    new_id = witness.key_id(witness._private_key(new_key).public_key())
    ChainSeal.objects.filter(pk=seal.pk).update(key_id=new_id)
    with override_settings(PROCESSING_LOG_WITNESSES=[]):
        result = _verify_with(new_key, retired=[_public(old_key)])
    assert not result.ok and "no valid signature" in result.detail


def test_a_malformed_retired_key_is_named():
    with override_settings(PROCESSING_LOG_VERIFY_KEYS=["geen-sleutel"]):
        with pytest.raises(ValueError, match="PROCESSING_LOG_VERIFY_KEYS"):
            witness.keyring()


def test_rotate_seal_key_prints_a_working_key_pair_and_the_keyring(old_key, new_key):
    out = StringIO()
    var_before = sorted(p.name for p in Path(settings.VAR_DIR).iterdir())
    with override_settings(PROCESSING_LOG_SIGNING_KEY=old_key, PROCESSING_LOG_VERIFY_KEYS=[_public(new_key)]):
        call_command("rotate_seal_key", stdout=out)
    text = out.getvalue()
    printed_key = re.search(r"PROCESSING_LOG_SIGNING_KEY=(\S+)", text).group(1)
    keyring = re.search(r"PROCESSING_LOG_VERIFY_KEYS=(\S+)", text).group(1).split(",")
    assert printed_key not in (old_key, new_key)
    assert keyring == [_public(new_key), _public(old_key)]  # earlier retired keys kept, the current one added
    new_id = witness.key_id(witness._private_key(printed_key).public_key())
    assert f"new key id:      {new_id}" in text
    assert sorted(p.name for p in Path(settings.VAR_DIR).iterdir()) == var_before  # writes nothing


def test_the_printed_key_pair_works_end_to_end(old_key):
    log_entry(OrganisationFactory(), key="subject-a")
    _seal_with(old_key)
    out = StringIO()
    with override_settings(PROCESSING_LOG_SIGNING_KEY=old_key, PROCESSING_LOG_VERIFY_KEYS=[]):
        call_command("rotate_seal_key", stdout=out)
    printed_key = re.search(r"PROCESSING_LOG_SIGNING_KEY=(\S+)", out.getvalue()).group(1)
    keyring = re.search(r"PROCESSING_LOG_VERIFY_KEYS=(\S+)", out.getvalue()).group(1).split(",")
    log_entry(OrganisationFactory(), key="subject-b")
    _seal_with(printed_key, retired=keyring)
    assert _verify_with(printed_key, retired=keyring).ok
