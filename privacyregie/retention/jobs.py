"""Daily job of destruction: list, per organisation, the cases past their retention term that are not yet on
a destruction proposal (the information manager and privacy officer see them on their start page and draw
up the proposal; nothing is destroyed without two approvals). When cases are due, those people are notified
once per organisation per day (``destruction.notify_due``)."""

import logging
from datetime import timedelta

from privacyregie.core.jobs import job

log = logging.getLogger("privacyregie.retention.destruction")


@job("list_expired_cases", every=timedelta(days=1))
def list_expired_cases():
    from privacyregie.core.models import Organisation

    from .destruction import due_for_destruction, notify_due

    found = {}
    for organisation in Organisation.objects.all():
        due = due_for_destruction(organisation)
        if due:
            found[organisation.pk] = len(due)
            log.info("%s: %s case(s) past their retention term, not yet on a destruction proposal",
                     organisation, len(due))
            notify_due(organisation, len(due))
    return found
