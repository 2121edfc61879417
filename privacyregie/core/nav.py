from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(_("Rollen en bevoegdheden"), "core:roles", "core.view_roles", "beheer", 10),
    NavItem(_("Inlogpogingen"), "core:security_events", "core.view_security_events", "beveiliging", 90),
    NavItem(_("Versnippering"), "core:pending_shreds", "core.view_pending_shreds", "beveiliging", 95),
    NavItem(_("Beheeromgeving"), "admin:index", "core.manage_users", "beheer", 90),
]


def home_panels(request):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import SecurityEvent, User

    user = request.user
    granted = user.privacy_permissions
    panels = []
    if "core.view_security_events" in granted:
        since = timezone.now() - timedelta(hours=24)
        events = SecurityEvent.objects.filter(organisation=user.organisation, at__gte=since)
        failed = events.filter(kind__in=[SecurityEvent.Kind.LOGIN_FAILED, SecurityEvent.Kind.OTP_FAILED]).count()
        locked = events.filter(kind=SecurityEvent.Kind.LOCKED_OUT).count()
        panels.append(
            HomePanel(
                title=_("Inloggen, laatste 24 uur"),
                lines=[
                    (_("Geslaagde logins"), events.filter(kind=SecurityEvent.Kind.LOGIN_SUCCESS).count()),
                    (_("Mislukte pogingen"), failed),
                    (_("Blokkades"), locked),
                    (_("Geweigerde pagina's"), events.filter(kind=SecurityEvent.Kind.ACCESS_DENIED).count()),
                ],
                url=reverse("core:security_events"),
                link_label=_("Alle gebeurtenissen"),
                tone="danger" if locked else ("warning" if failed else "ok"),
            )
        )
    if "core.manage_users" in granted:
        users = User.objects.filter(organisation=user.organisation, is_active=True)
        without_role = users.exclude(role_assignments__organisation=user.organisation).count()
        without_device = users.exclude(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user")).count()
        panels.append(
            HomePanel(
                title=_("Gebruikers"),
                lines=[
                    (_("Actieve gebruikers"), users.count()),
                    (_("Zonder rol"), without_role),
                    (_("Tweede factor nog niet ingesteld"), without_device),
                ],
                url=reverse("admin:core_user_changelist"),
                link_label=_("Naar de beheeromgeving"),
                tone="warning" if without_role else "",
            )
        )
    return panels
