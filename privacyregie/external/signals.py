"""Signals of the external-users capability.

``grant_ended(sender=ExternalGrant, user=..., grant_target=...)`` is sent once when an
external user's access to an object ends, by revocation (at once) or expiry (by the
``record_ended_external_grants`` job). Exchange and data rooms listen to close what
the user still had open (e.g. pending download links). The access itself has already
ended when the signal is sent: ``has_active_grant`` checks expiry at call time.
"""

from django.dispatch import Signal

grant_ended = Signal()
