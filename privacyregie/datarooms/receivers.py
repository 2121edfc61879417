"""When an external user's grant on a room ends (revoked or expired), they leave the member list."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.external.signals import grant_ended

from .models import DataRoom, DataRoomMember, RoomEvent


@receiver(grant_ended, dispatch_uid="datarooms_grant_ended")
def _grant_ended(sender, user, grant_target, **kwargs):
    if not isinstance(grant_target, DataRoom):
        return
    now = timezone.now()
    ended = DataRoomMember.objects.filter(room=grant_target, user=user, removed_at__isnull=True).update(removed_at=now)
    if ended:
        RoomEvent.objects.create(room=grant_target, kind=RoomEvent.Kind.ACCESS_ENDED, actor=None,
                                 detail=_("%(user)s: externe toegang beëindigd") % {"user": user})
