"""Operations on users and notifications that other apps may call."""

import secrets

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from .models import Notification, User

RECOVERY_CODE_COUNT = 10
MAX_EMAIL_ATTEMPTS = 8


def create_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones and return them (shown once)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
        device.token_set.all().delete()
        tokens = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=t) for t in tokens])
    return tokens


def logout_everywhere(user) -> None:
    """Invalidate every session of the user (all devices) by bumping the session version."""
    User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
    user.refresh_from_db(fields=["session_version"])


def notify(recipients, subject: str, body: str, url: str = "", dedup_key: str = "") -> list[Notification]:
    """Store a notification per recipient, then try to e-mail it after commit.

    With a ``dedup_key`` a recipient gets the notification at most once (reminders).
    The notification is stored first: a failing mail server never loses it, and
    ``send_pending_emails`` (a scheduled job) retries.
    """
    created = []
    for recipient in recipients:
        if dedup_key and Notification.objects.filter(recipient=recipient, dedup_key=dedup_key).exists():
            continue
        created.append(
            Notification.objects.create(
                organisation_id=recipient.organisation_id,
                recipient=recipient,
                subject=subject[:200],
                body=body,
                url=url,
                dedup_key=dedup_key,
            )
        )
    if created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: send_pending_emails(ids=ids))
    return created


def send_pending_emails(ids=None) -> int:
    """Send stored notifications by e-mail; failures are kept for a retry. Returns sent count."""
    pending = Notification.objects.filter(email_sent_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS)
    pending = pending.exclude(recipient__email="").select_related("recipient")
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent = 0
    for notification in pending:
        try:
            send_mail(notification.subject, notification.body, None, [notification.recipient.email])
        except Exception as exc:  # noqa: BLE001 - any mail failure is retried later
            Notification.objects.filter(pk=notification.pk).update(
                email_attempts=F("email_attempts") + 1, email_error=str(exc)[:300]
            )
        else:
            Notification.objects.filter(pk=notification.pk).update(
                email_attempts=F("email_attempts") + 1, email_sent_at=timezone.now(), email_error=""
            )
            sent += 1
    return sent


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def users_with_role(organisation, role):
    return User.objects.filter(
        is_active=True, organisation=organisation, role_assignments__role=role,
        role_assignments__organisation=organisation,
    ).distinct()


def random_password() -> str:
    return secrets.token_urlsafe(18)


def functional_administrators(user) -> list[User]:
    """Whom a user asks for a role or an authorisation: the functional administrators of their organisation."""
    from .roles import Role

    if not user.organisation_id:
        return []
    return list(users_with_role(user.organisation, Role.FUNCTIONAL_ADMIN).order_by("last_name", "username"))
