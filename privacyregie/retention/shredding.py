"""Binding stored files to the shred key of what they belong to, so that destroying the case (or the
resident) later makes every copy unreadable, backups included (ADR 0104).

A case's documents, its exchange files and data-room versions are bound to ``case:<uuid>``; a consent's
signed document to its case, or to ``resident:<uuid>`` when it has none. Bound when saved (signal
receivers: no capability had to change); files stored before this existed are bound by the one-off task
``retention.bind_shred_keys``. Never raises into the saving code: a file that cannot be bound stays
readable under the master key, and is still shredded (live copy) at destruction.
"""

from __future__ import annotations

import logging

from django.db.models.signals import post_save

from privacyregie.core import files

log = logging.getLogger("privacyregie.retention.shredding")


def case_group(case) -> str:
    return f"case:{case.uuid}"


def resident_group(resident) -> str:
    return f"resident:{resident.uuid}"


def bind(storage_name: str, group: str) -> bool:
    if not storage_name:
        return False
    try:
        return files.bind_to_shred_key(storage_name, group)
    except (OSError, files.TamperedFile, ValueError):
        log.warning("stored file %s could not be bound to a shred key", storage_name, exc_info=True)
        return False


def _case_document(sender, instance, **kwargs):
    if instance.storage_name:
        bind(instance.storage_name, case_group(instance.case))


def _consent(sender, instance, **kwargs):
    if instance.document_storage:
        bind(instance.document_storage, case_group(instance.case) if instance.case_id else resident_group(instance.resident))


def _exchange_file(sender, instance, **kwargs):
    case = instance.message.exchange.case
    if case is not None and instance.storage_name:
        bind(instance.storage_name, case_group(case))


def _room_version(sender, instance, **kwargs):
    case = instance.document.room.case
    if case is not None and instance.storage_name:
        bind(instance.storage_name, case_group(case))


def connect() -> None:
    from privacyregie.datarooms.models import DocumentVersion
    from privacyregie.dossiers.models import CaseDocument, Consent
    from privacyregie.exchange.models import ExchangeFile

    post_save.connect(_case_document, sender=CaseDocument, dispatch_uid="retention.shred.case_document")
    post_save.connect(_consent, sender=Consent, dispatch_uid="retention.shred.consent")
    post_save.connect(_exchange_file, sender=ExchangeFile, dispatch_uid="retention.shred.exchange_file")
    post_save.connect(_room_version, sender=DocumentVersion, dispatch_uid="retention.shred.room_version")


def bind_existing() -> int:
    """Bind every stored file of every case (and of consents without a case); returns how many changed."""
    from privacyregie.datarooms.models import DocumentVersion
    from privacyregie.dossiers.models import CaseDocument, Consent
    from privacyregie.exchange.models import ExchangeFile

    changed = 0
    for doc in CaseDocument.objects.select_related("case").exclude(storage_name="").iterator():
        changed += bind(doc.storage_name, case_group(doc.case))
    for consent in Consent.objects.select_related("case", "resident").exclude(document_storage="").iterator():
        group = case_group(consent.case) if consent.case_id else resident_group(consent.resident)
        changed += bind(consent.document_storage, group)
    for file in ExchangeFile.objects.select_related("message__exchange__case").filter(
            message__exchange__case__isnull=False).iterator():
        changed += bind(file.storage_name, case_group(file.message.exchange.case))
    for version in DocumentVersion.objects.select_related("document__room__case").filter(
            document__room__case__isnull=False).iterator():
        changed += bind(version.storage_name, case_group(version.document.room.case))
    return changed
