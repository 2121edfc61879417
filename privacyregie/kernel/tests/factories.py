"""Helpers to write processing-log entries in tests."""

from django.utils import timezone

from privacyregie.kernel import chain
from privacyregie.kernel.models import Outcome, ProcessingLogEntry
from privacyregie.kernel.policy import Action, LegalBasisKind, Purpose


def log_entry(organisation, *, key="subject-a", username="tester", action=Action.VIEW, **fields):
    moment = fields.pop("occurred_at", None) or timezone.now()
    entry = ProcessingLogEntry(
        organisation=organisation, occurred_at=moment, actor_username=username, action=action,
        target_type="dossiers.case", target_id="1", purpose=Purpose.CASE_WORK,
        legal_basis=LegalBasisKind.STATUTORY_TASK, outcome=Outcome.ALLOWED, subject_pseudonym=key, **fields,
    )
    return chain.append(entry, key)


def tamper(pk, **values):
    """Edit a log entry like an attacker with database access: on PostgreSQL, past the append-only trigger."""
    from django.db import connection, transaction

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        ProcessingLogEntry.objects.filter(pk=pk).update(**values)
