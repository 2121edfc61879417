"""Demo data of the processing-log hub (idempotent).

One connected application of Blaricum, "Zaaksysteem Sociaal Domein", with the logging scope and a few received
spans (Logboek dataverwerkingen attributes) about the demo resident Noah Jansen: two name a registered processing
activity, one names an activity the register does not know (flagged, on the register's checks page), and one
refusal (a span without the subject id's type) is counted on the connected-applications page.
"""

import json
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Application, Organisation
from privacyregie.kernel import otlp
from privacyregie.register.models import ProcessingActivity

from . import intake, services
from .models import ReceivedSpan

APPLICATION = "Zaaksysteem Sociaal Domein"
SERVICE = "zaaksysteem-sociaal-domein"
UNKNOWN_ACTIVITY = "Huisbezoeken plannen"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TRACE = "5b8efff798038103d269b633813fc60c"


def _attribute(key, value):
    return {"key": key, "value": {"stringValue": value}}


def document(bsn: str, activity: str, start, step=timedelta(minutes=1)) -> dict:
    """An OTLP JSON export of the demo application (as its OpenTelemetry SDK would send it)."""
    def span(number, name, ref, minutes, with_type=True, role="Consulent Wmo"):
        moment = start + step * minutes
        nanos = str((moment - EPOCH) // timedelta(microseconds=1) * 1000)
        attributes = [_attribute(otlp.PROCESSING_ACTIVITY_ID, ref), _attribute(otlp.DATA_SUBJECT_ID, bsn),
                      _attribute("enduser.role", role)]
        if with_type:
            attributes.append(_attribute(otlp.DATA_SUBJECT_ID_TYPE, "BSN"))
        return {"traceId": TRACE, "spanId": f"{number:016x}", "name": name, "kind": 2,
                "startTimeUnixNano": nanos, "endTimeUnixNano": nanos, "status": {"code": 1},
                "attributes": attributes}

    return {"resourceSpans": [{
        "resource": {"attributes": [_attribute("service.name", SERVICE), _attribute("service.version", "4.2.0")]},
        "scopeSpans": [{"scope": {"name": "zaaksysteem"}, "spans": [
            span(1, "raadplegen zaakdossier", activity, 0),
            span(2, "wijzigen beschikking", activity, 12),
            span(3, "raadplegen agenda huisbezoek", UNKNOWN_ACTIVITY, 30),
            span(4, "raadplegen contactgegevens", activity, 45, with_type=False),
        ]}],
    }]}


@transaction.atomic
def load() -> None:
    from privacyregie.dossiers.models import Resident

    bel = Organisation.objects.get(slug="bel")
    application = Application.objects.filter(organisation=bel, name=APPLICATION).first()
    if application is None:
        application = Application(organisation=bel, name=APPLICATION, scopes=[services.SCOPE])
        application.issue_secret()  # the token is not shown: a real one is issued in the admin
        application.save()
    if ReceivedSpan.objects.filter(organisation=bel, trace_id=TRACE).exists():
        return
    activity = ProcessingActivity.objects.filter(organisation=bel).order_by("name").first()
    resident = Resident.objects.filter(organisation=bel).order_by("pk").first()
    if activity is None or resident is None:
        return
    # after the activity's first version (the demo register is created when the demo is loaded)
    first = activity.versions.order_by("valid_from").first()
    start = (timezone.now() - timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    step = timedelta(minutes=1)
    if first is not None and first.valid_from >= start:
        start, step = first.valid_from, timedelta(milliseconds=1)
    body = json.dumps(document(resident.bsn, activity.name, start, step)).encode()
    services.ingest(application, intake.decode(body, intake.JSON), origin="10.0.12.7")
