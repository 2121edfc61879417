"""Menu items and start-page panels of supplier remote access.

The ``leverancier`` start page: my requests and windows, my signed statements (from
``external.services``); "report a data breach as processor" comes from the incidents panels and
leads to this app's report page. Owners and CISOs see the requests waiting for their decision.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.access import has_permission
from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Inbeltoegang"), "suppliers:list", "suppliers.request_access", "werk", 20),
    NavItem(gettext_lazy("Inbeltoegang leveranciers"), "suppliers:list", "suppliers.approve", "beveiliging", 40),
    NavItem(gettext_lazy("Verbindingslog inlezen"), "suppliers:connection_log", "suppliers.manage", "beveiliging", 41),
    NavItem(gettext_lazy("Inbelvragen"), "suppliers:answers", "suppliers.manage", "beveiliging", 42),
]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def _supplier_panels(user):
    from privacyregie.external.services import signed_statements

    from .services import visible_requests

    now = timezone.now()
    mine = list(visible_requests(user).filter(requester=user)[:5])
    lines = [(f"{r.system} ({_local(r.starts_at)} – {_local(r.ends_at)})", r.phase_label(now)) for r in mine]
    panels = [HomePanel(
        title=_("Mijn aanvragen en vensters"), lines=lines or [_("U heeft nog geen inbeltoegang aangevraagd.")],
        url=reverse("suppliers:list"), link_label=_("Naar inbeltoegang"),
        tone="ok" if any(r.is_open(now) for r in mine) else "",
    )]
    statements = [(_("Geheimhoudingsverklaring versie %(v)s") % {"v": a.version.version}, _local(a.accepted_at))
                  for a in signed_statements(user)[:5]]
    panels.append(HomePanel(
        title=_("Mijn ondertekende verklaringen"),
        lines=statements or [_("U heeft de geheimhoudingsverklaring nog niet ondertekend.")],
        url=reverse("external:statement") if not statements else "",
        link_label=_("Verklaring ondertekenen"), tone="" if statements else "warning",
    ))
    return panels


def home_panels(request):
    from .services import is_supplier, waiting_for

    user = request.user
    if has_permission(user, "suppliers.request_access") and is_supplier(user):
        return _supplier_panels(user)
    if has_permission(user, "suppliers.approve"):
        waiting = waiting_for(user)
        if waiting:
            return [HomePanel(
                title=_("Inbeltoegang: wacht op u"),
                lines=[(f"{r.system} – {r.reference}", _local(r.starts_at)) for r in waiting[:5]],
                url=reverse("suppliers:list"), link_label=_("Naar inbeltoegang"), tone="warning",
            )]
    return []
