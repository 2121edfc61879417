"""Background work of the register: reminders, and large imports and exports with progress.

Reminders: agreements that end soon and overdue accountability reports.

Each reminder goes out once (dedup key per agreement and date), to the privacy officers and
information managers of the organisation.
"""

import base64
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.core.files import discard_staged, stage, unstage
from privacyregie.core.jobs import job
from privacyregie.core.tasks import Outcome, one_off

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


# --- One-off tasks (core.tasks): a large import or export, with progress ---------------------------

IMPORT_OWNER = "register-import:{pk}"  # the owner of a staged import preview (views.py uses the same)


@one_off("register.import.check", label=gettext_lazy("Register importeren: controle van het bestand"))
def check_import(run):
    """The dry run of a large import: check every row, stage the preview for the import page."""
    from .importing import check

    report = check(run.organisation, run.payload["rows"], progress=run.progress)
    token = stage(report.as_payload(), IMPORT_OWNER.format(pk=run.user.pk))
    run.stage_result({"preview": token})
    return Outcome(url=f"{reverse('register:import')}?taak={run.task.public_id}")


@one_off("register.import.apply", label=gettext_lazy("Register importeren"))
def apply_import(run):
    """Write a checked import (all or nothing, in one transaction)."""
    from .importing import ImportReport, apply
    from .nav import forget_check_figures

    owner = IMPORT_OWNER.format(pk=run.user.pk)
    stored = unstage(run.payload["preview"], owner)
    if stored is None:
        raise ValidationError(_("De controle is verlopen. Upload het bestand opnieuw."))
    written = apply(run.organisation, ImportReport.from_payload(stored), user=run.user,
                    only_valid=run.payload.get("only_valid", False), progress=run.progress)
    discard_staged(run.payload["preview"])
    forget_check_figures(run.organisation.pk)
    return Outcome(message=_("%(n)s verwerkingsactiviteiten geïmporteerd of bijgewerkt.") % {"n": written},
                   url=reverse("register:index"))


@one_off("register.export", label=gettext_lazy("Register exporteren"))
def export_register(run):
    """A large export, made in the background and offered to its owner as a download."""
    from .views import export_file

    data, filename, content_type = export_file(run.organisation, run.payload["format"], run.payload["processor"],
                                               progress=run.progress)
    run.stage_result({"filename": filename, "content_type": content_type, "data": base64.b64encode(data).decode()})
    return Outcome(message=_("Het bestand %(name)s is klaar.") % {"name": filename},
                   url=reverse("core:task_download", args=[run.task.public_id]))
