"""Roles and their powers, defined once (R2).

This is the single, readable place where a role gets a permission. Views, API
endpoints, admin and jobs ask ``has_permission`` (via ``core.access``); nothing else
hands out powers. The functional administrator sees this table on the roles page.

Never grant a permission here that gives a role access to case contents it does not
need: case access is further limited by the privacy kernel (case membership).
"""

from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_WORKER = "consulent", _("Consulent / medewerker")
    TEAM_LEAD = "teamleider", _("Teamleider")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer / FG")
    CISO = "ciso", _("CISO / beveiligingsfunctionaris")
    FUNCTIONAL_ADMIN = "functioneel_beheerder", _("Functioneel beheerder")
    INFORMATION_MANAGER = "informatiemanager", _("Informatiemanager")
    MANAGEMENT = "directie", _("Directie / college")
    COUNCIL = "raad", _("Raad / rekenkamer (alleen lezen)")
    CHAIN_PARTNER = "ketenpartner", _("Ketenpartner (extern)")
    SUPPLIER = "leverancier", _("Leverancier (extern)")


# Every permission with its description, grouped by capability.
PERMISSIONS: dict[str, str] = {
    # core
    "core.use_app": _("Privacyregie gebruiken (startpagina, profiel)"),
    "core.view_roles": _("Rollen en bevoegdheden inzien"),
    "core.manage_users": _("Gebruikers, teams en rollen beheren (beheeromgeving)"),
    "core.view_security_events": _("Inlogpogingen en beveiligingsgebeurtenissen inzien"),
    "core.view_pending_shreds": _("Nog niet gelukte versnippering van bestanden en sleutels inzien (zonder inhoud)"),
    # dossiers + kernel (need-to-know is further limited by case membership)
    "dossiers.work_cases": _("Werken in dossiers waarbij men betrokken is"),
    "dossiers.break_glass": _("Noodtoegang (break-the-glass) tot een dossier vragen"),
    "dossiers.lead_team": _("Casussen van het eigen team toewijzen en overzien (zonder inhoud)"),
    "kernel.view_processing_log": _("Verwerkingslogboek inzien en 'wie heeft mijn gegevens bekeken' beantwoorden"),
    "kernel.review_break_glass": _("Noodtoegang beoordelen"),
    "kernel.view_deviations": _("Gemotiveerde afwijkingen van de grondslag inzien"),
    "kernel.start_authorisation_review": _("Autorisatiecontrole starten en afronden"),
    "kernel.confirm_authorisations": _("Autorisaties van het eigen team bevestigen of intrekken"),
    # register
    "register.view": _("Verwerkingsregister, ketenpartners en applicatielandschap inzien"),
    "register.edit": _("Verwerkingsregister, ketenpartners en applicatielandschap bewerken"),
    # incidents
    "incidents.report": _("Een incident, datalek of bijna-incident melden"),
    "incidents.handle": _("Incidenten en datalekken behandelen en melden aan de AP"),
    "incidents.view_register": _("Het register van datalekken inzien"),
    # compliance
    "compliance.view_reports": _("Stoplichtrapportage, kwartaalscorekaart en aanbevelingen inzien"),
    "compliance.edit_assessments": _("Normenkaders, beoordelingen en risico's bewerken"),
    "compliance.respond_recommendations": _("Reactie op aanbevelingen vastleggen"),
    "compliance.manage_indicators": _("Extra indicatoren van de raad beheren"),
    # exchange with chain partners (what is shared is decided by the privacy kernel)
    "exchange.share": _("Berichten en bestanden veilig delen met ketenpartners"),
    "exchange.receive": _("Wat met mij gedeeld is inzien en beantwoorden (ketenpartner)"),
    "exchange.partner_api": _("API-koppeling van een ketenpartner: gedeelde uitwisselingen ophalen en beantwoorden"),
    "exchange.view_usage": _("Gebruik van het veilige kanaal inzien (cijfers, zonder persoonsgegevens)"),
    # retention (bewaarregels per verwerking: register.view / register.edit)
    "retention.load_list": _("De Selectielijst gemeenten laden of bijwerken"),
    # destruction (retention, Archiefwet): a proposal needs the privacy officer AND the information manager
    "retention.view_destruction": _("Vernietigingslijsten en verklaringen van vernietiging inzien"),
    "retention.propose_destruction": _("Een vernietigingslijst opstellen en uitvoeren na goedkeuring"),
    "retention.approve_destruction": _("Een vernietigingslijst goedkeuren (privacy officer of informatiemanager/archivaris)"),
    "retention.manage_holds": _("Een bewaarplicht wegens procedure (klacht, rechtszaak) vastleggen en opheffen"),
    # residents' requests (AVG art. 15-22)
    "rights.handle_requests": _("Verzoeken van betrokkenen registreren en behandelen (inzage, rectificatie, wissing, ...)"),
    "rights.view_requests": _("Verzoeken van betrokkenen en hun termijnen inzien (zonder persoonsgegevens)"),
    # policies: the register of policy documents (no personal data)
    "policies.view": _("Register van beleidsdocumenten en protocollen inzien"),
    "policies.edit": _("Beleidsdocumenten, versies, vaststellingen en herbeoordelingen vastleggen"),
    "policies.configure": _("Per soort beleidsdocument instellen wie het mag vaststellen"),
    # people: training and attestations (each employee sees and acknowledges their own with core.use_app)
    "people.manage_training": _("Trainingen, verplichtingen en verklaringen van alle medewerkers beheren"),
    "people.view_team": _("Trainingen en verklaringen van het eigen team inzien en vastleggen"),
    # the privacy protocol in practice (R21)
    "protocol.report": _("Een knelpunt in het werken met het privacyprotocol melden en eigen meldingen volgen"),
    "protocol.manage": _("Knelpunten in het privacyprotocol categoriseren en opvolgen; evaluaties vastleggen"),
    # supplier remote access (the owner of a system, and the CISO for high confidentiality, decide per request)
    "suppliers.request_access": _("Inbeltoegang aanvragen en het uitgevoerde werk vastleggen (leverancier)"),
    "suppliers.approve": _("Aanvragen voor inbeltoegang beoordelen als eigenaar van een systeem of als CISO"),
    "suppliers.manage": _("Inbeltoegang overzien: verbindingslogs inlezen, antwoorden op inbelvragen inzien"),
    # the processing-log hub: other applications' processing logs (Logboek dataverwerkingen over OTLP)
    "hub.write_log": _("API-koppeling van een applicatie: het eigen verwerkingslogboek aanleveren (OTLP, Logboek "
                       "dataverwerkingen)"),
    "hub.view_applications": _("Aangesloten applicaties van de logboekhub inzien (laatste regel, volume, weigeringen)"),
    "suppliers.authorise": _("API-koppeling van een inbelvoorziening (jump host, VPN, PAM): mag leverancier X nu "
                             "op systeem Y?"),
    # detection of suspicious access (signalering) over the combined processing log
    "detection.view_alerts": _("Signaleringen van verdachte toegang en hun bewijs (logregels) inzien"),
    "detection.assess": _("Signaleringen beoordelen (terecht/onterecht) en een onterechte tot datalek maken"),
    "detection.configure": _("Regels en drempels voor het signaleren van verdachte toegang instellen"),
}
DESTRUCTION_PERMISSIONS = frozenset({"retention.view_destruction", "retention.propose_destruction",
                                     "retention.approve_destruction", "retention.manage_holds"})

_INTERNAL_REPORTER = {"core.use_app", "incidents.report", "protocol.report"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CASE_WORKER: frozenset(_INTERNAL_REPORTER | {"dossiers.work_cases", "dossiers.break_glass", "exchange.share"}),
    Role.TEAM_LEAD: frozenset(_INTERNAL_REPORTER | {"dossiers.lead_team", "kernel.confirm_authorisations",
                                                    "people.view_team", "suppliers.approve"}),
    Role.PRIVACY_OFFICER: frozenset(
        _INTERNAL_REPORTER
        | {
            "core.view_roles",
            "kernel.view_processing_log",
            "kernel.review_break_glass",
            "kernel.view_deviations",
            "register.view",
            "register.edit",
            "incidents.handle",
            "incidents.view_register",
            "compliance.view_reports",
            "compliance.edit_assessments",
            "exchange.view_usage",
            "rights.handle_requests",
            "rights.view_requests",
            "policies.view",
            "policies.edit",
            "policies.configure",
            "people.manage_training",
            "protocol.manage",
            "hub.view_applications",
            "detection.view_alerts",
            "detection.assess",
            "detection.configure",
        }
        | DESTRUCTION_PERMISSIONS
    ),
    Role.CISO: frozenset(
        _INTERNAL_REPORTER
        | {
            "core.view_roles",
            "core.view_security_events",
            "core.view_pending_shreds",
            "register.view",
            "incidents.handle",
            "incidents.view_register",
            "compliance.view_reports",
            "compliance.edit_assessments",
            "exchange.view_usage",
            "policies.view",
            "policies.edit",
            "suppliers.approve",
            "suppliers.manage",
        }
    ),
    Role.FUNCTIONAL_ADMIN: frozenset(
        _INTERNAL_REPORTER
        | {
            "core.view_roles",
            "core.manage_users",
            "core.view_pending_shreds",
            "kernel.start_authorisation_review",
            "register.view",
            "register.edit",
            "compliance.manage_indicators",
            "retention.load_list",
            "suppliers.approve",
            "policies.configure",
            "people.manage_training",
            "hub.view_applications",
        }
    ),
    Role.INFORMATION_MANAGER: frozenset(_INTERNAL_REPORTER | {"register.view", "register.edit", "compliance.view_reports",
                                                              "policies.view", "retention.load_list",
                                                              "suppliers.approve", "suppliers.manage"}
                                        | DESTRUCTION_PERMISSIONS),
    Role.MANAGEMENT: frozenset(
        _INTERNAL_REPORTER
        | {"register.view", "incidents.view_register", "compliance.view_reports", "compliance.respond_recommendations",
           "rights.view_requests", "policies.view"}
    ),
    Role.COUNCIL: frozenset({"core.use_app", "compliance.view_reports", "register.view"}),
    # Externals who process for the municipality report a breach as its processor (AVG art. 33(2))
    # and follow their own reports; the exchange and supplier-access work will add the rest.
    # Chain partners also report bottlenecks with the privacy protocol (seed 003 recommendation 6).
    Role.CHAIN_PARTNER: frozenset({"core.use_app", "incidents.report", "exchange.receive", "protocol.report"}),
    Role.SUPPLIER: frozenset({"core.use_app", "incidents.report", "suppliers.request_access"}),
}

# Roles of people outside the organisation. A user whose roles are all external reports
# incidents as a processor, on behalf of their own organisation.
EXTERNAL_ROLES = frozenset({Role.CHAIN_PARTNER, Role.SUPPLIER})


def is_external(roles) -> bool:
    """Whether these roles are all external (and there is at least one)."""
    roles = set(roles)
    return bool(roles) and roles <= EXTERNAL_ROLES


def permissions_for_roles(roles) -> frozenset[str]:
    """All permissions granted by the given roles (unknown roles grant nothing)."""
    return _permissions_for(tuple(roles))


@lru_cache(maxsize=256)
def _permissions_for(roles: tuple) -> frozenset[str]:
    # the union for one combination of roles, kept: ``ROLE_PERMISSIONS`` is fixed in code (the user's roles
    # are read per request; only this table lookup is kept)
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def permission_matrix():
    """Rows of (permission, description, {role: bool}) for the roles page."""
    return [
        (perm, description, [(role, perm in ROLE_PERMISSIONS.get(role, ())) for role in Role])
        for perm, description in PERMISSIONS.items()
    ]
