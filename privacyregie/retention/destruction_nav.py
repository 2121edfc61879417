"""Menu item and start-page panel of destruction: for the privacy officer and the information manager, the
proposals awaiting their approval and the cases past their term not yet on a proposal (no personal data)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.access import has_permission
from privacyregie.core.navigation import PANEL_FIGURES_SECONDS, HomePanel, NavItem, organisation_figures

NAV_ITEMS = [
    NavItem(gettext_lazy("Vernietigingslijsten"), "retention:destruction_list", "retention.view_destruction",
            "verantwoording", 40),
]


def home_panels(request):
    from .destruction import awaiting_approval_of, due_for_destruction

    user = request.user
    if not has_permission(user, "retention.view_destruction"):
        return []
    awaiting = awaiting_approval_of(user)
    due, kept = 0, 0
    if has_permission(user, "retention.propose_destruction"):
        kept = PANEL_FIGURES_SECONDS
        # an organisation-wide count (no personal data), kept briefly; what awaits this user stays current
        due = organisation_figures("destruction-due", user.organisation_id,
                                   lambda: len(due_for_destruction(user.organisation)))
    lines = [(_("Wachten op uw goedkeuring"), len(awaiting))]
    lines += [(p.reference, _("vernietigingslijst")) for p in awaiting[:5]]
    lines.append((_("Termijn verstreken, nog niet op een lijst"), due))
    return [HomePanel(title=_("Vernietigen"), lines=lines, url=reverse("retention:destruction_list"),
                      link_label=_("Naar de vernietigingslijsten"), tone="warning" if awaiting else "",
                      kept_seconds=kept)]
