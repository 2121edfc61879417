from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .navigation import nav_for

SECTION_LABELS = {
    "werk": _("Werk"),
    "privacy": _("Privacy"),
    "beveiliging": _("Beveiliging"),
    "verantwoording": _("Verantwoording"),
    "beheer": _("Beheer"),
}


def shell(request):
    user = getattr(request, "user", None)
    context = {"demo_mode": settings.DEMO_MODE, "nav_sections": [], "unread_count": 0}
    if user is not None and user.is_authenticated and hasattr(user, "organisation"):
        context["nav_sections"] = [(SECTION_LABELS.get(s, s), items) for s, items in nav_for(user)]
        context["organisation"] = user.organisation
        context["unread_count"] = user.notifications.filter(read_at__isnull=True).count()
    return context
