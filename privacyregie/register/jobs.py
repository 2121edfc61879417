"""Reminders of the register: agreements that end soon and overdue accountability reports.

Each reminder goes out once (dedup key per agreement and date), to the privacy officers and
information managers of the organisation.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.jobs import job

EXPIRY_NOTICE_DAYS = 60


@job("register_agreement_reminders", every=timedelta(days=1))
def agreement_reminders(today=None) -> int:
    from privacyregie.core.roles import Role
    from privacyregie.core.services import notify, users_with_role

    from .models import Agreement

    today = today or timezone.localdate()
    sent = 0
    signed = Agreement.objects.filter(status=Agreement.Status.SIGNED).select_related("partner", "organisation")
    for agreement in signed:
        recipients = list(users_with_role(agreement.organisation, Role.PRIVACY_OFFICER)) + list(
            users_with_role(agreement.organisation, Role.INFORMATION_MANAGER))
        url = f"/register/ketenpartners/{agreement.partner_id}/"
        if agreement.ends_on and today <= agreement.ends_on <= today + timedelta(days=EXPIRY_NOTICE_DAYS):
            sent += len(notify(
                recipients, _("Overeenkomst loopt af: %(title)s") % {"title": agreement.title},
                _("De overeenkomst '%(title)s' met %(partner)s eindigt op %(date)s. Verleng of beëindig haar tijdig.") % {
                    "title": agreement.title, "partner": agreement.partner.name, "date": agreement.ends_on.strftime("%d-%m-%Y")},
                url=url, dedup_key=f"agreement-expiry:{agreement.pk}:{agreement.ends_on.isoformat()}",
            ))
        due = agreement.report_due_on()
        if due and due < today and agreement.effective_status(today) == Agreement.Status.SIGNED:
            sent += len(notify(
                recipients, _("Verantwoording te laat: %(partner)s") % {"partner": agreement.partner.name},
                _("%(partner)s had vóór %(date)s moeten rapporteren over de beveiligingsmaatregelen (%(title)s).") % {
                    "partner": agreement.partner.name, "date": due.strftime("%d-%m-%Y"), "title": agreement.title},
                url=url, dedup_key=f"agreement-report:{agreement.pk}:{due.isoformat()}",
            ))
    return sent
