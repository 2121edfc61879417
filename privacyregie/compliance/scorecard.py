"""The quarterly scorecard for the council (R18): live indicators, snapshots and trends.

Figures come from other capabilities' public ``services.scorecard_figures`` functions,
called defensively: when a capability or its function is missing the indicator is shown
as "n.v.t." with the reason, never invented (ADR 0053). Past quarters are read from
``ScorecardSnapshot`` so the trend the council saw stays the same.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ManualIndicator, RecommendationAction, RequirementAssessment, ScorecardSnapshot

log = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOT_AVAILABLE = gettext_lazy("onderdeel nog niet beschikbaar")
NO_CAPABILITY = gettext_lazy("hiervoor bestaat nog geen onderdeel in Privacyregie")


def format_number(value) -> str:
    """A whole number as is, otherwise one decimal, in the active language's notation (nl: 12,5)."""
    value = Decimal(value)
    if value == value.to_integral():
        return formats.number_format(value.quantize(Decimal(1)), decimal_pos=0)
    return formats.number_format(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), decimal_pos=1)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    source: str  # "incidents", "register", "dossiers", "kernel", "exchange", "policies", "detection", "compliance" or ""
    figure: str = ""
    unit: str = ""
    higher_is_better: bool = False
    yes_no: bool = False  # the figure is a truth value: shown as "ja"/"nee", never as 1/0
    help: str = ""  # how the figure is defined, shown with it

    def format(self, value) -> str:
        """The value as the council reads it: Dutch notation (decimal comma) in Dutch, "ja"/"nee" for a truth."""
        if value is None:
            return _("n.v.t.")
        if self.yes_no:
            return _("ja") if value else _("nee")
        text = format_number(value)
        return f"{text}{' ' + str(self.unit) if self.unit else ''}".replace(" %", "%")


INDICATORS = [
    Indicator("breaches", gettext_lazy("Datalekken in het kwartaal (aantal)"), "incidents", "breaches"),
    Indicator("near_misses", gettext_lazy("Bijna-incidenten gemeld in het kwartaal (aantal)"), "incidents",
              "near_misses", higher_is_better=True),
    Indicator("pct_notified_in_time", gettext_lazy("Aan de AP gemelde datalekken die binnen 72 uur zijn gemeld"),
              "incidents", "pct_notified_in_time", "%", True),
    Indicator("mean_hours_to_triage", gettext_lazy("Gemiddelde tijd van melding tot beoordeling van een incident"),
              "incidents", "mean_hours_to_triage", gettext_lazy("uur")),
    Indicator("overdue_incident_measures", gettext_lazy("Maatregelen na incidenten over de datum (aantal)"),
              "incidents", "overdue_measures"),
    Indicator("processors_without_agreement", gettext_lazy("Verwerkers zonder getekende overeenkomst (aantal)"),
              "register", "processors_without_signed_agreement"),
    Indicator("agreements_expired", gettext_lazy("Verlopen overeenkomsten (aantal)"), "register",
              "agreements_expired"),
    Indicator("break_glass_total", gettext_lazy("Noodtoegang gebruikt (aantal keer)"), "dossiers",
              "break_glass_total"),
    Indicator("break_glass_improper", gettext_lazy("Noodtoegang achteraf onterecht bevonden (aantal keer)"),
              "dossiers", "break_glass_improper"),
    Indicator("authorisation_review_pct", gettext_lazy("Autorisatiecontrole afgerond"), "dossiers",
              "authorisation_review_completion_pct", "%", True),
    Indicator("denied_accesses", gettext_lazy("Geweigerde raadplegingen (aantal)"), "kernel", "denied_accesses"),
    Indicator("log_verified_ok", gettext_lazy("Verwerkingslogboek onveranderd: ja/nee"), "kernel",
              "log_verified_ok", "", True, yes_no=True),
    Indicator("training_completion", gettext_lazy("Privacytraining gevolgd door medewerkers"), "people",
              "training_completion_pct", "%", True,
              help=gettext_lazy("Van de medewerkers voor wie minstens één training verplicht is (per rol of per "
                                "team): het deel met alle verplichte trainingen geldig op de laatste dag van het "
                                "kwartaal.")),
    Indicator("requests_on_time", gettext_lazy("Verzoeken van inwoners op tijd afgehandeld"), "rights",
              "pct_on_time", "%", True,
              help=gettext_lazy("Van de verzoeken van betrokkenen (AVG art. 15-22) die in het kwartaal zijn "
                                "afgehandeld: het deel dat uiterlijk op de (eventueel verlengde) termijn is "
                                "beantwoord (AVG art. 12 lid 3).")),
    Indicator("secure_channel", gettext_lazy("Uitwisselingen via het veilige kanaal"), "exchange",
              "pct_secure_channel", "%", True,
              help=gettext_lazy("Van de toegestane besluiten om gegevens uit een casus te delen met een ketenpartner "
                                "in het kwartaal: het deel dat via een beveiligde uitwisseling ging (de rest werd "
                                "alleen als 'gedeeld' vastgelegd). Een besluit over meer inwoners telt één keer.")),
    Indicator("gap_red", gettext_lazy("Normen rood, voldoet niet (aantal)"), "compliance", "gap_red"),
    Indicator("gap_orange", gettext_lazy("Normen oranje, voldoet gedeeltelijk (aantal)"), "compliance", "gap_orange"),
    Indicator("overdue_actions", gettext_lazy("Acties op aanbevelingen over de datum (aantal)"), "compliance",
              "overdue_actions"),
    Indicator("requests_received", gettext_lazy("Verzoeken van inwoners ontvangen (aantal)"), "rights",
              "requests_received"),
    Indicator("policies_current", gettext_lazy("Beleidsdocumenten die actueel zijn"), "policies", "pct_current", "%",
              True, help=gettext_lazy("Van de beleidsdocumenten en protocollen (niet ingetrokken) aan het eind van "
                                      "het kwartaal: het deel dat is vastgesteld en niet over de datum van "
                                      "herbeoordeling is. Een concept dat nooit is vastgesteld telt als niet actueel.")),
    Indicator("attestations_outstanding", gettext_lazy("Verplichte verklaringen van medewerkers nog niet gegeven "
                                                       "(aantal)"), "people", "attestations_outstanding",
              help=gettext_lazy("Gedragscode (huidige versie), ambtseed of belofte, integriteitsverklaring en, waar "
                                "de organisatie dat vraagt, de datum van de VOG; stand op de laatste dag van het "
                                "kwartaal.")),
    Indicator("protocol_bottlenecks_reported", gettext_lazy("Knelpunten privacyprotocol gemeld in het kwartaal (aantal)"),
              "protocol", "bottlenecks_reported", higher_is_better=True,
              help=gettext_lazy("Door medewerkers en ketenpartners gemelde knelpunten in het werken met het "
                                "privacyprotocol. Meer meldingen betekent vooral dat knelpunten zichtbaar worden.")),
    Indicator("protocol_bottlenecks_open", gettext_lazy("Knelpunten privacyprotocol open aan het eind van het kwartaal "
                                                        "(aantal)"), "protocol", "bottlenecks_open"),
    Indicator("protocol_bottlenecks_closed", gettext_lazy("Knelpunten privacyprotocol afgehandeld in het kwartaal "
                                                          "(aantal)"), "protocol", "bottlenecks_closed",
              higher_is_better=True),
    Indicator("remote_access_approved", gettext_lazy("Inbelvensters voor leveranciers goedgekeurd (aantal)"),
              "suppliers", "windows_approved",
              help=gettext_lazy("Aanvragen voor inbeltoegang die in het kwartaal zijn goedgekeurd (door de eigenaar, "
                                "en bij hoge vertrouwelijkheid ook door de CISO).")),
    Indicator("remote_access_refused", gettext_lazy("Inbelvensters voor leveranciers afgewezen (aantal)"),
              "suppliers", "windows_refused",
              help=gettext_lazy("Aanvragen voor inbeltoegang die in het kwartaal zijn afgewezen.")),
    Indicator("remote_access_out_of_window", gettext_lazy("Sessies van leveranciers buiten een goedgekeurd venster "
                                                          "(aantal)"),
              "suppliers", "out_of_window_sessions",
              help=gettext_lazy("Sessies uit ingelezen verbindingslogs die in het kwartaal begonnen en niet (geheel) "
                                "binnen een goedgekeurd venster vielen; elk is een beveiligingsincident.")),
    Indicator("access_alerts_raised", gettext_lazy("Signaleringen van verdachte toegang (aantal)"), "detection",
              "alerts_raised",
              help=gettext_lazy("Signaleringen die de regels over het gezamenlijke verwerkingslogboek in het kwartaal "
                                "gaven (piek, buiten werktijd, eigen achternaam, noodtoegang, weigeringen, geen "
                                "relatie met een casus van het team).")),
    Indicator("access_alerts_improper", gettext_lazy("Signaleringen van verdachte toegang onterecht bevonden (aantal)"),
              "detection", "alerts_improper",
              help=gettext_lazy("Van de signaleringen in het kwartaal: het aantal dat de privacy officer als onterechte "
                                "toegang beoordeelde.")),
    Indicator("access_alerts_open", gettext_lazy("Signaleringen van verdachte toegang nog niet beoordeeld (aantal)"),
              "detection", "alerts_open",
              help=gettext_lazy("Van de signaleringen in het kwartaal: het aantal dat nog op een beoordeling wacht.")),
]
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    @property
    def label(self) -> str:
        return f"{self.year}-K{self.quarter}"

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime(self.year, 3 * self.quarter - 2, 1, tzinfo=AMSTERDAM)

    @property
    def end(self) -> datetime.datetime:
        if self.quarter == 4:
            return datetime.datetime(self.year + 1, 1, 1, tzinfo=AMSTERDAM)
        return datetime.datetime(self.year, 3 * self.quarter + 1, 1, tzinfo=AMSTERDAM)

    @property
    def last_day(self) -> datetime.date:
        return (self.end - datetime.timedelta(days=1)).date()

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        year, _sep, quarter = text.upper().partition("-K")
        result = cls(int(year), int(quarter))
        if not 1 <= result.quarter <= 4:
            raise ValueError(text)
        return result


def current_quarter() -> Quarter:
    return Quarter.of(timezone.localdate())


def recent_quarters(count: int = 4, until: Quarter | None = None) -> list[Quarter]:
    """The last ``count`` quarters, oldest first, ending with ``until`` (default: now)."""
    quarter = until or current_quarter()
    result = [quarter]
    for _i in range(count - 1):
        quarter = quarter.previous()
        result.append(quarter)
    return list(reversed(result))


@dataclass
class Value:
    indicator: Indicator
    value: Decimal | None
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        return self.indicator.format(self.value)


def _service(app: str):
    """The capability's ``scorecard_figures`` or None (module or function missing)."""
    try:
        module = import_module(f"privacyregie.{app}.services")
    except ImportError:
        return None
    return getattr(module, "scorecard_figures", None)


def _number(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return Decimal(int(value))
    return Decimal(str(round(float(value), 2)))


def _own_figures(organisation, quarter: Quarter) -> dict:
    from .models import Assessment

    latest = Assessment.objects.filter(organisation=organisation, created_at__lt=quarter.end).first()
    colours = {"gap_red": 0, "gap_orange": 0}
    if latest is not None:
        for status in RequirementAssessment.objects.filter(assessment=latest).values_list("status", flat=True):
            if status == "non_compliant":
                colours["gap_red"] += 1
            elif status == "partially_compliant":
                colours["gap_orange"] += 1
    day = min(quarter.last_day, timezone.localdate())
    overdue = RecommendationAction.objects.filter(
        recommendation__organisation=organisation, deadline__lt=day,
        status__in=[RecommendationAction.Status.PLANNED, RecommendationAction.Status.IN_PROGRESS]).count()
    return {**colours, "overdue_actions": overdue}


def _capability_sources() -> list[str]:
    """The capabilities the indicators read, in the order they first appear (compliance computes its own)."""
    return list(dict.fromkeys(i.source for i in INDICATORS if i.source and i.source != "compliance"))


def compute(organisation, quarter: Quarter) -> list[Value]:
    """All indicators for one quarter from live data."""
    figures: dict[str, dict | None] = {}
    reasons: dict[str, str] = {}
    for app in _capability_sources():
        function = _service(app)
        if function is None:
            figures[app], reasons[app] = None, str(NOT_AVAILABLE)
            continue
        try:
            if app == "register":
                at = min(quarter.end, timezone.now())
                figures[app] = function(organisation, at=at)
            else:
                figures[app] = function(organisation, quarter.start, quarter.end)
        except Exception:  # a failing capability must not break the council's scorecard
            log.exception("scorecard_figures of %s failed", app)
            figures[app], reasons[app] = None, _("onderdeel gaf een fout; zie het logboek van de applicatie")
    figures["compliance"] = _own_figures(organisation, quarter)
    result = []
    for indicator in INDICATORS:
        if not indicator.source:
            result.append(Value(indicator, None, str(NO_CAPABILITY)))
            continue
        source = figures.get(indicator.source)
        if source is None:
            result.append(Value(indicator, None, reasons.get(indicator.source, str(NOT_AVAILABLE))))
            continue
        if indicator.figure not in source:
            result.append(Value(indicator, None, str(NOT_AVAILABLE)))
            continue
        number = _number(source[indicator.figure])
        result.append(Value(indicator, number, "" if number is not None else _("geen gegevens in dit kwartaal")))
    return result


@transaction.atomic
def take_snapshot(organisation, quarter: Quarter) -> list[ScorecardSnapshot]:
    """Store (or refresh) the quarter's figures; idempotent."""
    stored = []
    for value in compute(organisation, quarter):
        snapshot, _created = ScorecardSnapshot.objects.update_or_create(
            organisation=organisation, year=quarter.year, quarter=quarter.quarter, key=value.indicator.key,
            defaults={"value": value.value, "reason": value.reason[:200]},
        )
        stored.append(snapshot)
    return stored


def trend(organisation, quarters: list[Quarter]) -> list[dict]:
    """Per indicator the values per quarter: the current quarter live, earlier quarters from snapshots."""
    now = current_quarter()
    snapshots = {(s.year, s.quarter, s.key): s for s in ScorecardSnapshot.objects.filter(
        organisation=organisation, year__in={q.year for q in quarters})}
    per_quarter: dict[Quarter, dict[str, Value]] = {}
    for quarter in quarters:
        have = [k for k in BY_KEY if (quarter.year, quarter.quarter, k) in snapshots]
        if quarter == now or not have:
            per_quarter[quarter] = {v.indicator.key: v for v in compute(organisation, quarter)}
        else:
            per_quarter[quarter] = {}
            for key, indicator in BY_KEY.items():
                snapshot = snapshots.get((quarter.year, quarter.quarter, key))
                per_quarter[quarter][key] = Value(indicator, snapshot.value if snapshot else None,
                                                  snapshot.reason if snapshot else str(NOT_AVAILABLE))
    rows = []
    for indicator in INDICATORS:
        values = [per_quarter[q][indicator.key] for q in quarters]
        rows.append({"indicator": indicator, "values": values, "current": values[-1],
                     "points": [(q.label, v.value) for q, v in zip(quarters, values, strict=True)]})
    return rows


def manual_rows(organisation, quarters: list[Quarter]) -> list[dict]:
    rows = []
    for indicator in ManualIndicator.objects.filter(organisation=organisation).prefetch_related("values"):
        by_quarter = {(v.year, v.quarter): v for v in indicator.values.all()}
        values = [by_quarter.get((q.year, q.quarter)) for q in quarters]
        rows.append({"indicator": indicator, "values": values,
                     "displays": [format_number(v.value) if v else _("n.v.t.") for v in values],
                     "points": [(q.label, v.value if v else None) for q, v in zip(quarters, values, strict=True)]})
    return rows
