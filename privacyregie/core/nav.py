from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .navigation import PANEL_FIGURES_SECONDS, HomePanel, NavItem, organisation_figures

NAV_ITEMS = [
    NavItem(_("Rollen en bevoegdheden"), "core:roles", "core.view_roles", "beheer", 10),
    NavItem(_("Inlogpogingen"), "core:security_events", "core.view_security_events", "beveiliging", 90),
    NavItem(_("Versnippering"), "core:pending_shreds", "core.view_pending_shreds", "beveiliging", 95),
    NavItem(_("Beheeromgeving"), "admin:index", "core.manage_users", "beheer", 90),
]


def home_panels(request):
    from django.db.models import Count, Exists, OuterRef, Q
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import RoleAssignment, SecurityEvent, User

    user = request.user
    granted = user.privacy_permissions
    panels = []
    if "core.view_security_events" in granted:
        def login_figures():
            since = timezone.now() - timedelta(hours=24)
            # the four figures in one query (conditional aggregation)
            kinds = SecurityEvent.Kind
            return SecurityEvent.objects.filter(organisation_id=user.organisation_id, at__gte=since).aggregate(
                success=Count("pk", filter=Q(kind=kinds.LOGIN_SUCCESS)),
                failed=Count("pk", filter=Q(kind__in=[kinds.LOGIN_FAILED, kinds.OTP_FAILED])),
                locked=Count("pk", filter=Q(kind=kinds.LOCKED_OUT)),
                denied=Count("pk", filter=Q(kind=kinds.ACCESS_DENIED)))

        # the same for every officer of the organisation: kept a minute (the events page itself is live)
        counts = organisation_figures("logins-24h", user.organisation_id, login_figures)
        failed, locked = counts["failed"], counts["locked"]
        panels.append(
            HomePanel(
                title=_("Inloggen, laatste 24 uur"),
                lines=[
                    (_("Geslaagde logins"), counts["success"]),
                    (_("Mislukte pogingen"), failed),
                    (_("Blokkades"), locked),
                    (_("Geweigerde pagina's"), counts["denied"]),
                ],
                url=reverse("core:security_events"),
                link_label=_("Alle gebeurtenissen"),
                tone="danger" if locked else ("warning" if failed else "ok"), kept_seconds=PANEL_FIGURES_SECONDS,
            )
        )
    if "core.manage_users" in granted:
        def user_figures():
            # the three figures in one query (conditional aggregation over the active users)
            with_role = RoleAssignment.objects.filter(user=OuterRef("pk"), organisation_id=user.organisation_id)
            with_device = TOTPDevice.objects.filter(confirmed=True).values("user")
            return User.objects.filter(organisation_id=user.organisation_id, is_active=True).aggregate(
                active=Count("pk"), without_role=Count("pk", filter=~Exists(with_role)),
                without_device=Count("pk", filter=~Q(pk__in=with_device)))

        counts = organisation_figures("users", user.organisation_id, user_figures)
        without_role, without_device = counts["without_role"], counts["without_device"]
        panels.append(
            HomePanel(
                title=_("Gebruikers"),
                lines=[
                    (_("Actieve gebruikers"), counts["active"]),
                    (_("Zonder rol"), without_role),
                    (_("Tweede factor nog niet ingesteld"), without_device),
                ],
                url=reverse("admin:core_user_changelist"),
                link_label=_("Naar de beheeromgeving"),
                tone="warning" if without_role else "", kept_seconds=PANEL_FIGURES_SECONDS,
            )
        )
    return panels
