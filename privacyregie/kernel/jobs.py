"""Scheduled jobs of the kernel: seal the chains (every PROCESSING_LOG_SEAL_INTERVAL), verify them daily (BIO2 8.15),
create the log's monthly partitions ahead and seal closed months daily (PostgreSQL, ADR 0110)."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils.translation import gettext as _

from privacyregie.core.jobs import job


@job("seal_processing_log", every=settings.PROCESSING_LOG_SEAL_INTERVAL)
def seal_processing_log():
    from .chain import seal

    return seal().pk


@job("create_log_partitions", every=timedelta(days=1))
def create_log_partitions():
    """PostgreSQL: the coming months' partitions of the log exist ahead; every closed month gets its partition seal."""
    from .chain import seal_closed_partitions
    from .partitions import create_partitions

    created = create_partitions(settings.PROCESSING_LOG_PARTITIONS_AHEAD)
    sealed = seal_closed_partitions()
    return {"created": created, "sealed": [f"{row.month:%Y-%m}" for row in sealed]}


@job("verify_processing_log", every=timedelta(days=1))
def verify_processing_log():
    """Verify every chain; a broken chain becomes a security incident for the CISO."""
    from privacyregie.core.models import Organisation
    from privacyregie.core.roles import Role
    from privacyregie.core.services import notify, users_with_role

    from .services import verify_and_record

    result = verify_and_record()
    if result.ok:
        return result.describe()
    title = _("Verwerkingslogboek: controle van de hashketen mislukt")
    description = _(
        "De dagelijkse controle van het verwerkingslogboek vond een onregelmatigheid: %(problem)s "
        "Onderzoek of het logboek is gewijzigd (BIO2 8.15)."
    ) % {"problem": result.describe()}
    incidents = _incident_service()
    for organisation in Organisation.objects.all():
        if incidents is not None:
            incidents.register_system_incident(organisation, title, description)  # notifies the CISOs itself
        else:
            recipients = users_with_role(organisation, Role.CISO)
            notify(recipients, title, description, dedup_key=f"log-broken:{result.describe()[:150]}")
    return result.describe()


def _incident_service():
    try:
        module = import_module("privacyregie.incidents.services")
    except ModuleNotFoundError:
        return None
    return module if hasattr(module, "register_system_incident") else None
