"""Menu items and start-page panels of the exchange: "shared with me" for partner users,
"sent by me" with new answers for employees. Metadata only (subject, partner, dates)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.access import has_permission
from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Gedeeld met ketenpartners"), "exchange:inbox", "exchange.share", "werk", 18),
    NavItem(gettext_lazy("Met mij gedeeld"), "exchange:inbox", "exchange.receive", "werk", 5),
    NavItem(gettext_lazy("Gebruik van het veilige kanaal"), "exchange:usage", "exchange.view_usage", "verantwoording", 14),
]


def shared_with_me_section(user):
    """The start-page section of a partner user: open exchanges shared with them, soonest expiry first."""
    from .services import shared_with

    exchanges = list(shared_with(user)[:10])
    soon = timezone.now() + timezone.timedelta(days=3)
    lines = [(_("Open"), len(exchanges))] + [
        (f"{e.subject}", _("verloopt %(date)s") % {"date": timezone.localtime(e.expires_at).strftime("%d-%m-%Y")})
        for e in exchanges]
    return HomePanel(title=_("Met mij gedeeld"), lines=lines, url=reverse("exchange:inbox"),
                     link_label=_("Naar wat met mij gedeeld is"),
                     tone="warning" if any(e.expires_at < soon for e in exchanges) else "")


def start_page_section(user):
    """The "shared with me" section of the external users' start page (external.register_start_section)."""
    from . import ports
    from .services import shared_with

    exchanges = list(shared_with(user)[:10])
    if not exchanges:
        return None
    items = [(e.subject, reverse("exchange:detail", kwargs={"uuid": e.uuid}),
              _("toegang tot %(date)s") % {"date": timezone.localtime(e.expires_at).strftime("%d-%m-%Y %H:%M")})
             for e in exchanges]
    return ports.start_section(_("Uitwisselingen"), items, reverse("exchange:inbox"))


def home_panels(request):
    from django.apps import apps

    from .services import new_answers_sent_by

    user = request.user
    panels = []
    # with external users installed, their start page shows this section (register_start_section)
    if has_permission(user, "exchange.receive") and not apps.is_installed("privacyregie.external"):
        panels.append(shared_with_me_section(user))
    if has_permission(user, "exchange.share"):
        new = new_answers_sent_by(user)
        panels.append(HomePanel(title=_("Uitwisselingen met ketenpartners"), lines=[(_("Nieuwe antwoorden"), new)],
                                url=reverse("exchange:inbox"), link_label=_("Naar mijn uitwisselingen"),
                                tone="warning" if new else ""))
    return panels
