"""Signals of the case files that other capabilities listen to.

``consent_withdrawn(consent)`` is sent the moment a consent is withdrawn, inside the transaction
that records the withdrawal: a receiver (exchange) cuts open access to shares that relied on it,
and if the receiver fails the withdrawal is not recorded either (nothing half-done).
"""

from django.dispatch import Signal

consent_withdrawn = Signal()  # kwargs: consent
