"""Operations of the incidents capability that other apps (and jobs) may call.

Stable public API:

* ``register_system_incident(organisation, title, description) -> Incident``: a security
  incident reported by the system (e.g. the processing log's hash chain broke); notifies
  the CISOs and privacy officers.
* ``create_security_incident(organisation, title, description, source=..., occurred_at=None,
  reporter_name="") -> Incident``: a security incident found by a capability (suppliers: a session
  outside an approved window); notifies the CISOs and privacy officers.
* ``report_by_user(user, ..., processor_agreement=None)``: a report by a logged-in user; an
  external user reports as processor, optionally naming the processor agreement.
* ``scorecard_figures(organisation, start, end) -> dict``: figures for the quarterly
  scorecard (see ``statistics.py``).
* ``open_breaches(organisation)``: breaches whose 72-hour clock is running (``open_breaches_brief``: the
  same, only the fields the start page shows).
* ``send_deadline_reminders(now=None) -> int``: the reminder/escalation job.

Never exposes the reporter of an incident.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.models import Organisation
from privacyregie.core.prepared import PreparedQuery
from privacyregie.core.roles import Role
from privacyregie.core.services import notify, users_with_role

from .deadlines import format_time_left, local
from .models import Incident, Status
from .reporting import create_security_incident, handlers, register_system_incident, report_by_user
from .statistics import scorecard_figures

__all__ = ["register_system_incident", "create_security_incident", "report_by_user", "scorecard_figures",
           "open_breaches", "open_breaches_brief", "send_deadline_reminders", "remind_overdue_measures"]


# What the callers of ``open_breaches`` read (the dashboard, the reminders) and what ``Incident.clock_running``
# needs: the rest of the three rows (some 80 columns) is not fetched.
BREACH_COLUMNS = ("id", "uuid", "organisation_id", "receipt_number", "title", "type", "status", "is_breach",
                  "awareness_at", "assessment__decided_at", "assessment__notify_ap", "ap_notification__submitted_at")


def _breach_candidates(organisation):
    """The database leaves out what ``Incident.clock_running`` would (decided not to notify the AP, or
    notified); the property still has the last word."""
    return (
        Incident.objects.filter(organisation=organisation, awareness_at__isnull=False)
        .exclude(is_breach=False).exclude(status=Status.CLOSED)
        .filter(Q(assessment__isnull=True) | Q(assessment__decided_at__isnull=True) | Q(assessment__notify_ap=True))
        .filter(Q(ap_notification__isnull=True) | Q(ap_notification__submitted_at__isnull=True))
        .select_related("assessment", "ap_notification").order_by("awareness_at")
    )


def open_breaches(organisation):
    """Incidents with a running 72-hour clock, the earliest deadline first (``organisation``: one or its id).
    Only ``BREACH_COLUMNS`` are fetched (other fields load when first read)."""
    return [i for i in _breach_candidates(organisation).only(*BREACH_COLUMNS) if i.clock_running]


_BRIEF_COLUMNS = ("receipt_number", "title", "awareness_at", "is_breach", "status",
                  "assessment__decided_at", "assessment__notify_ap", "ap_notification__submitted_at")

# compiled once per process (core.prepared): every start page of a privacy officer and CISO asks it
_OPEN_BREACHES_BRIEF = PreparedQuery(
    lambda organisation_id: _breach_candidates(organisation_id).only(*_BRIEF_COLUMNS),
    organisation_id=(Incident._meta.get_field("organisation").target_field, -917_391))


def open_breaches_brief(organisation):
    """``open_breaches`` for the start page's panel: the same incidents in the same order, with only what
    the panel shows (receipt number, title, deadline) and what ``Incident.clock_running`` reads loaded;
    the rest of each row (and of its assessment and notification) is not fetched."""
    organisation_id = getattr(organisation, "pk", organisation)
    return [i for i in _OPEN_BREACHES_BRIEF.run(organisation_id=organisation_id) if i.clock_running]


def purge_follow_up_attempts(now=None) -> int:
    """Forget follow-up attempts once they no longer count for any rate limit."""
    from .models import FollowUpAttempt
    from .reporting import FOLLOW_UP_OVERALL_WINDOW, FOLLOW_UP_WINDOW

    oldest_that_counts = (now or timezone.now()) - max(FOLLOW_UP_WINDOW, FOLLOW_UP_OVERALL_WINDOW)
    deleted, _detail = FollowUpAttempt.objects.filter(at__lt=oldest_that_counts).delete()
    return deleted


def remind_overdue_measures(today=None) -> int:
    """Tell the owner of an open measure once that its due date has passed."""
    from .models import Measure

    today = today or timezone.localdate()
    sent = 0
    overdue = (Measure.objects.filter(status__in=[Measure.MeasureStatus.PROPOSED, Measure.MeasureStatus.DECIDED],
                                      due_date__lt=today, owner__isnull=False)
               .exclude(incident__status=Status.CLOSED).select_related("incident", "owner"))
    for measure in overdue:
        incident = measure.incident
        sent += len(notify(
            [measure.owner], _("Maatregel verlopen: %(nr)s") % {"nr": incident.receipt_number},
            _("De maatregel %(m)s had uiterlijk %(d)s gereed moeten zijn. Werk de status bij of leg het bewijs vast.")
            % {"m": measure.description[:150], "d": f"{measure.due_date:%d-%m-%Y}"},
            url=reverse("incidents:involved_detail", kwargs={"uuid": incident.uuid}),
            dedup_key=f"measure:{measure.pk}:overdue",
        ))
    return sent


def send_deadline_reminders(now=None) -> int:
    """Remind handlers at BREACH_REMINDER_HOURS_LEFT before the deadline; escalate to management once overdue."""
    now = now or timezone.now()
    sent = 0
    for organisation in Organisation.objects.all():
        breaches = open_breaches(organisation)
        if not breaches:
            continue
        recipients = list(handlers(organisation))
        management = list(users_with_role(organisation, Role.MANAGEMENT))
        for incident in breaches:
            deadline = incident.notification_deadline
            url = reverse("incidents:detail", kwargs={"uuid": incident.uuid})
            if now >= deadline:
                subject = _("Meldtermijn verstreken: %(nr)s") % {"nr": incident.receipt_number}
                body = _("De termijn van 72 uur voor de melding aan de AP van %(title)s is verstreken op %(at)s "
                         "en er is nog niet gemeld.") % {"title": incident.title, "at": f"{local(deadline):%d-%m-%Y %H:%M}"}
                sent += len(notify(management + recipients, subject, body, url=url,
                                   dedup_key=f"incident:{incident.pk}:overdue"))
                continue
            left_hours = (deadline - now).total_seconds() / 3600
            due = [h for h in settings.BREACH_REMINDER_HOURS_LEFT if left_hours <= h]
            if not due:
                continue
            hours = min(due)  # only the most urgent reminder that is due; earlier ones are implied
            subject = _("Nog %(left)s voor de melding aan de AP: %(nr)s") % {
                "left": format_time_left(deadline, now), "nr": incident.receipt_number}
            body = _("Meld het datalek %(title)s uiterlijk %(at)s aan de Autoriteit Persoonsgegevens, "
                     "of leg vast waarom niet.") % {"title": incident.title, "at": f"{local(deadline):%d-%m-%Y %H:%M}"}
            sent += len(notify(recipients, subject, body, url=url, dedup_key=f"incident:{incident.pk}:reminder:{hours}"))
    return sent


# Where an incident came from, for the link back on its page: other capabilities register a function
# ``provider(incident) -> (label, url) | None`` (detection: the alert of suspicious access it was made from),
# so incidents needs to know none of them.
_ORIGIN_PROVIDERS: list = []


def register_origin_provider(provider) -> None:
    if provider not in _ORIGIN_PROVIDERS:
        _ORIGIN_PROVIDERS.append(provider)


def origins_of(incident) -> list[tuple[str, str]]:
    """``(label, url)`` of every record the incident was made from."""
    return [origin for provider in _ORIGIN_PROVIDERS if (origin := provider(incident))]
