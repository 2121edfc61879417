"""Helpers to write processing-log entries in tests."""

from django.utils import timezone

from privacyregie.kernel import chain
from privacyregie.kernel.models import Outcome, ProcessingLogEntry
from privacyregie.kernel.policy import Action, LegalBasisKind, Purpose


def log_entry(organisation, *, key="subject-a", username="tester", action=Action.VIEW, **fields):
    entry = ProcessingLogEntry(
        organisation=organisation, occurred_at=timezone.now(), actor_username=username, action=action,
        target_type="dossiers.case", target_id="1", purpose=Purpose.CASE_WORK,
        legal_basis=LegalBasisKind.STATUTORY_TASK, outcome=Outcome.ALLOWED, subject_pseudonym=key, **fields,
    )
    return chain.append(entry, key)
