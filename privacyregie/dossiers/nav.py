"""Menu items and start-page panels of the case files."""

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.access import has_permission
from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Mijn casussen"), "dossiers:my_cases", "dossiers.work_cases", "werk", 10),
    NavItem(gettext_lazy("Inwoner zoeken"), "dossiers:search", "dossiers.work_cases", "werk", 12),
    NavItem(gettext_lazy("Mijn team"), "dossiers:team", "dossiers.lead_team", "werk", 14),
    NavItem(gettext_lazy("Noodtoegang beoordelen"), "dossiers:break_glass_reviews", "kernel.review_break_glass",
            "toegang", 20),
    NavItem(gettext_lazy("Autorisatiecontrole"), "dossiers:authorisation_reviews", "kernel.start_authorisation_review",
            "beheer", 20),
    NavItem(gettext_lazy("Autorisatiecontrole"), "dossiers:authorisation_reviews", "kernel.confirm_authorisations",
            "werk", 16),
]


def home_panels(request):
    from .services import active_break_glass_count, pending_break_glass_reviews

    user = request.user
    panels = []
    if has_permission(user, "kernel.review_break_glass"):
        pending = pending_break_glass_reviews(user.organisation_id)
        panels.append(HomePanel(
            title=_("Noodtoegang te beoordelen"), lines=[(_("Open"), pending)],
            url=reverse("dossiers:break_glass_reviews"), link_label=_("Naar de beoordeling"),
            tone="warning" if pending else "ok",
        ))
    if has_permission(user, "dossiers.work_cases"):
        from .models import Case

        # Metadata only (reference, title, status) of the user's own cases; contents stay behind the kernel.
        mine = Case.objects.filter(memberships__user=user, memberships__revoked_at__isnull=True,
                                   organisation_id=user.organisation_id).exclude(status=Case.Status.CLOSED)
        # the five newest and, in the same query, how many there are (a window over all of them)
        rows = list(mine.order_by("-opened_on").annotate(total=Window(Count("pk")))
                    .values_list("reference", "title", "status", "total")[:5])
        panels.append(HomePanel(
            title=_("Mijn casussen"),
            lines=[(_("Lopend"), rows[0][3] if rows else 0)]
            + [(f"{ref} {title}", Case.Status(status).label) for ref, title, status, _total in rows],
            url=reverse("dossiers:my_cases"), link_label=_("Naar mijn casussen"),
        ))
        active = active_break_glass_count(user)
        if active:
            panels.append(HomePanel(title=_("Actieve noodtoegang"), lines=[(_("Casussen"), active)],
                                    url=reverse("dossiers:my_cases"), link_label=_("Naar mijn casussen"),
                                    tone="danger"))
    return panels
