"""Menu items and start-page panels of the incidents capability."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.access import has_permission
from privacyregie.core.navigation import HomePanel, NavItem

NAV_ITEMS = [
    NavItem(gettext_lazy("Meld een incident"), "incidents:report", "incidents.report", "beveiliging", 10),
    NavItem(gettext_lazy("Mijn meldingen"), "incidents:mine", "incidents.report", "beveiliging", 12),
    NavItem(gettext_lazy("Incidenten en datalekken"), "incidents:dashboard", "incidents.handle", "beveiliging", 20),
    NavItem(gettext_lazy("Register van datalekken"), "incidents:register", "incidents.view_register", "beveiliging", 30),
]


def _processor_report_url(user) -> str:
    """A supplier reports on the supplier-access page, which links their processor agreement."""
    from django.urls import NoReverseMatch

    if has_permission(user, "suppliers.request_access"):
        try:
            return reverse("suppliers:report_breach")
        except NoReverseMatch:  # the suppliers capability is not installed
            return reverse("incidents:report")
    return reverse("incidents:report")


def _processor_panels(user):
    """Start page of a chain partner or supplier: report a breach as processor, and their own reports."""
    from .models import Incident

    organisation = user.organisation.name if user.organisation_id else _("de gemeente")
    panels = [HomePanel(
        title=_("Datalek melden als verwerker"),
        lines=[_("Verwerkt uw organisatie persoonsgegevens voor %(org)s en is er een datalek of beveiligingsincident? "
                 "Meld het zonder onredelijke vertraging (AVG artikel 33 lid 2).") % {"org": organisation}],
        url=_processor_report_url(user), link_label=_("Meld een datalek"), tone="warning",
    )]
    own = Incident.objects.filter(organisation_id=user.organisation_id, reporter=user).order_by("-reported_at")
    lines = [(f"{i.receipt_number} {i.title[:40]}", i.get_status_display()) for i in own[:5]]
    panels.append(HomePanel(
        title=_("Mijn meldingen"), lines=lines or [_("U heeft nog geen meldingen op naam gedaan.")],
        url=reverse("incidents:mine"), link_label=_("Naar mijn meldingen"),
    ))
    return panels


def home_panels(request):
    from .deadlines import format_time_left
    from .reporting import reports_as_processor
    from .services import open_breaches_brief

    user = request.user
    panels = []
    if has_permission(user, "incidents.handle"):
        breaches = open_breaches_brief(user.organisation_id)  # the id: the shell loads the organisation itself
        lines = [(f"{b.receipt_number} {b.title[:40]}", format_time_left(b.notification_deadline)) for b in breaches[:5]]
        panels.append(HomePanel(
            title=_("Open datalekken: termijn AP"),
            lines=lines or [_("Er loopt geen meldtermijn.")],
            url=reverse("incidents:dashboard"), link_label=_("Naar incidenten en datalekken"),
            tone="danger" if breaches else "ok",
        ))
    if has_permission(user, "incidents.report") and reports_as_processor(user):
        panels.extend(_processor_panels(user))
    elif has_permission(user, "incidents.report"):
        panels.append(HomePanel(
            title=_("Meld een incident"),
            lines=[_("Datalek, beveiligingsincident of bijna-incident? Meld het direct, ook anoniem.")],
            url=reverse("incidents:report"), link_label=_("Meld een incident"),
        ))
    return panels
