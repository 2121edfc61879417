"""Menu item and start-page panel of residents' requests: the open requests with their deadline clocks."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.access import has_permission
from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Verzoeken van betrokkenen"), "rights:overview", "rights.view_requests", "privacy", 40),
]


def home_panels(request):
    from . import deadlines, services

    user = request.user
    if not has_permission(user, "rights.handle_requests"):
        return []
    requests = services.open_request_deadlines(user.organisation_id)
    overdue = [r for r in requests if deadlines.days_left(r.deadline) < 0]
    lines = [(f"{r.reference} {r.get_kind_display()}", deadlines.clock_text(r.deadline)) for r in requests[:5]]
    return [HomePanel(
        title=_("Verzoeken van betrokkenen: termijnen"),
        lines=lines or [_("Er zijn geen open verzoeken.")],
        url=reverse("rights:overview"), link_label=_("Naar de verzoeken"),
        tone="danger" if overdue else ("warning" if requests else "ok"),
    )]
