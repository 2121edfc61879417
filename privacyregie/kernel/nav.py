from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.navigation import PANEL_FIGURES_SECONDS, HomePanel, NavItem, organisation_figures

NAV_ITEMS = [
    NavItem(_("Verwerkingslogboek"), "kernel:log", "kernel.view_processing_log", "toegang", 10),
    NavItem(_("Wie heeft geraadpleegd?"), "kernel:subject", "kernel.view_processing_log", "toegang", 11),
    NavItem(_("Gemotiveerde afwijkingen"), "kernel:deviations", "kernel.view_deviations", "toegang", 12),
]


def home_panels(request):
    from .models import Outcome, ProcessingLogEntry
    from .services import last_verification, open_deviations_count

    user = request.user
    if "kernel.view_processing_log" not in user.privacy_permissions:
        return []
    panels = []
    if "kernel.view_deviations" in user.privacy_permissions:
        # Next to the emergency accesses: the privacy officer judges every motivated deviation too (R4).
        pending = open_deviations_count(user.organisation_id)
        panels.append(HomePanel(
            title=_("Gemotiveerde afwijkingen te beoordelen"), lines=[(_("Open"), pending)],
            url=reverse("kernel:deviations"), link_label=_("Naar de afwijkingen"), tone="warning" if pending else "",
        ))

    def figures():
        week = timezone.now() - timedelta(days=7)
        # the three figures in one pass over the week's entries (conditional aggregation), not three counts
        found = ProcessingLogEntry.objects.filter(organisation_id=user.organisation_id, occurred_at__gte=week).aggregate(
            allowed=Count("pk", filter=Q(outcome=Outcome.ALLOWED)), denied=Count("pk", filter=Q(outcome=Outcome.DENIED)),
            emergency=Count("pk", filter=Q(emergency=True)))
        last = last_verification()
        return {**found, "verified": None if last is None else last.ok}

    counts = organisation_figures("processing-log", user.organisation_id, figures)
    verified = counts["verified"]
    status = _("nog niet gecontroleerd") if verified is None else (_("intact") if verified else _("NIET intact"))
    return [HomePanel(
        title=_("Verwerkingslogboek, laatste 7 dagen"),
        lines=[
            (_("Raadplegingen en wijzigingen"), counts["allowed"]),
            (_("Geweigerd"), counts["denied"]),
            (_("Noodtoegang"), counts["emergency"]),
            (_("Hashketen"), status),
        ],
        url=reverse("kernel:log"), link_label=_("Naar het logboek"),
        tone="danger" if verified is False else "", kept_seconds=PANEL_FIGURES_SECONDS,
    ), *panels]
