"""The hash chains of the processing log: any edit, deletion, insertion or swap is detected."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacyregie.core.tests.factories import OrganisationFactory
from privacyregie.kernel import chain
from privacyregie.kernel.models import ChainHead, ProcessingLogEntry
from privacyregie.kernel.tests.factories import log_entry

KEYS = ["subject-a", "subject-b", "subject-c"]


def _unprotected():
    """Tamper like an attacker with database access: on PostgreSQL, bypass the append-only trigger."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _build(org, count):
    return [log_entry(org, key=KEYS[i % len(KEYS)], username=f"user{i}") for i in range(count)]


@pytest.mark.django_db
def test_intact_log_verifies():
    org = OrganisationFactory()
    _build(org, 12)
    chain.seal()
    result = chain.verify()
    assert result.ok, result.describe()
    assert result.entries_checked >= 12


@pytest.mark.django_db
def test_chain_is_linear_per_chain():
    org = OrganisationFactory()
    entries = _build(org, 9)
    by_chain = {}
    for e in entries:
        by_chain.setdefault(e.chain, []).append(e)
    for items in by_chain.values():
        seqs = [e.seq for e in items]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        for previous, current in zip(items, items[1:], strict=False):
            assert current.prev_hash == previous.entry_hash


MUTATIONS = st.sampled_from(["edit", "delete", "insert_end", "swap", "edit_hash_consistently"])


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(min_value=4, max_value=12), mutation=MUTATIONS, pick=st.integers(min_value=0, max_value=1000))
def test_any_single_tampering_is_detected(count, mutation, pick):
    with transaction.atomic():
        org = OrganisationFactory()
        entries = _build(org, count)
        assert chain.verify().ok
        _unprotected()
        victim = entries[pick % len(entries)]
        same_chain = [e for e in entries if e.chain == victim.chain]
        if mutation == "edit":
            ProcessingLogEntry.objects.filter(pk=victim.pk).update(actor_username="iemand-anders")
        elif mutation == "edit_hash_consistently":
            # the attacker also recomputes the edited entry's own hash: the next link or the head breaks
            victim.actor_username = "iemand-anders"
            ProcessingLogEntry.objects.filter(pk=victim.pk).update(actor_username="iemand-anders",
                                                                   entry_hash=chain.hash_of(victim))
        elif mutation == "delete":
            ProcessingLogEntry.objects.filter(pk=victim.pk).delete()
        elif mutation == "insert_end":
            forged = ProcessingLogEntry.objects.get(pk=same_chain[-1].pk)
            forged.pk = None
            forged.seq = same_chain[-1].seq + 1
            forged.prev_hash = same_chain[-1].entry_hash
            forged.entry_hash = chain.hash_of(forged)
            forged.save(force_insert=True)
        elif mutation == "swap":
            if len(same_chain) < 2:
                ProcessingLogEntry.objects.filter(pk=victim.pk).update(seq=victim.seq + 100)
            else:
                a, b = same_chain[0], same_chain[-1]
                ProcessingLogEntry.objects.filter(pk=a.pk).update(seq=10_000)
                ProcessingLogEntry.objects.filter(pk=b.pk).update(seq=a.seq)
                ProcessingLogEntry.objects.filter(pk=a.pk).update(seq=b.seq)
        result = chain.verify()
        assert not result.ok, f"{mutation} not detected"
        assert result.problem
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_verification_names_the_edited_entry():
    org = OrganisationFactory()
    entries = _build(org, 6)
    with transaction.atomic():
        _unprotected()
        ProcessingLogEntry.objects.filter(pk=entries[2].pk).update(purpose="verantwoording")
        result = chain.verify()
        transaction.set_rollback(True)
    assert not result.ok and result.problem == "edited" and result.entry_id == entries[2].pk
    assert f"id={entries[2].pk}" in result.describe()


@pytest.mark.django_db
def test_truncating_the_tail_is_detected_by_the_head():
    org = OrganisationFactory()
    entries = _build(org, 6)
    last = max((e for e in entries if e.chain == entries[0].chain), key=lambda e: e.seq)
    with transaction.atomic():
        _unprotected()
        ProcessingLogEntry.objects.filter(pk=last.pk).delete()
        result = chain.verify()
        transaction.set_rollback(True)
    assert not result.ok and result.problem == "deleted"


@pytest.mark.django_db
def test_seal_detects_rewritten_history():
    org = OrganisationFactory()
    entries = _build(org, 3)
    chain.seal()
    target = entries[0]
    with transaction.atomic():
        _unprotected()
        # rewrite the entire chain consistently and move the head: only the seal still remembers
        previous = chain.GENESIS_HASH
        for e in ProcessingLogEntry.objects.filter(chain=target.chain).order_by("seq"):
            e.actor_username = "herschreven"
            e.prev_hash = previous
            e.entry_hash = chain.hash_of(e)
            ProcessingLogEntry.objects.filter(pk=e.pk).update(actor_username=e.actor_username, prev_hash=e.prev_hash,
                                                              entry_hash=e.entry_hash)
            previous = e.entry_hash
        ChainHead.objects.filter(chain=target.chain).update(last_hash=previous)
        result = chain.verify()
        transaction.set_rollback(True)
    # the witnessed seal (outside the database) is checked first; the database's own seal would also catch it
    assert not result.ok and result.problem == "witness mismatch"
    assert (result.chain, result.seq) == (target.chain, max(e.seq for e in entries if e.chain == target.chain))


@pytest.mark.django_db
def test_verify_command_exit_codes(capsys):
    org = OrganisationFactory()
    entries = _build(org, 4)
    call_command("verify_processing_log")
    assert "OK" in capsys.readouterr().out
    with transaction.atomic():
        _unprotected()
        ProcessingLogEntry.objects.filter(pk=entries[1].pk).update(reason="gewijzigd")
        with pytest.raises(SystemExit) as exit_info:
            call_command("verify_processing_log")
        transaction.set_rollback(True)
    assert exit_info.value.code == 1
    assert "edited" in capsys.readouterr().err


@pytest.mark.django_db
def test_broken_chain_becomes_security_incident_for_ciso():
    from privacyregie.core.models import Notification
    from privacyregie.kernel.jobs import verify_processing_log

    org = OrganisationFactory()
    entries = _build(org, 3)
    with transaction.atomic():
        _unprotected()
        ProcessingLogEntry.objects.filter(pk=entries[0].pk).update(reason="gewijzigd")
        outcome = verify_processing_log()
        assert "BROKEN" in outcome
        from privacyregie.incidents.models import Incident

        assert Incident.objects.filter(title__icontains="Verwerkingslogboek").exists()
        assert Notification.objects.filter(recipient__username="ciso").exists()
        transaction.set_rollback(True)
