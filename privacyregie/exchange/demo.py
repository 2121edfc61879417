"""Demo data of the exchange: the youth team shares a plan with the demo chain-partner account,
which has answered (idempotent; written through the services, so the processing log has it)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from privacyregie.core.categories import DataCategory
from privacyregie.core.models import User

from .models import Exchange

DEMO_SUBJECT = "Plan van aanpak ter afstemming"
PARTNER_NAME = "Jeugdzorg Gooi"


def _request(user):
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    request.user = user
    return request


def load() -> None:
    from privacyregie.dossiers.models import Case
    from privacyregie.register.models import ChainPartner

    from . import services

    if Exchange.objects.filter(subject=DEMO_SUBJECT).exists():
        return
    worker = User.objects.filter(username="consulent.jeugd", is_demo=True).first()
    partner_user = User.objects.filter(username="ketenpartner", is_demo=True).first()
    case = Case.objects.filter(reference="C-2026-0001", organisation__slug="bel").first()
    partner = ChainPartner.objects.filter(name=PARTNER_NAME, organisation__slug="bel").first()
    if None in (worker, partner_user, case, partner):
        return
    plan = SimpleUploadedFile("plan-van-aanpak.txt", b"Plan van aanpak: ouderbegeleiding twee keer per maand.\n")
    exchange = services.create_exchange(
        _request(worker), partner=partner, case=case, subject=DEMO_SUBJECT,
        text="Hierbij het plan van aanpak. Graag uw reactie op de afspraken met school.",
        recipients=[partner_user], data_categories=[DataCategory.SUPPORT, DataCategory.HOUSEHOLD],
        uploads=[plan], confirmed=True)
    from . import ports

    if not ports.has_active_grant(partner_user, exchange):
        return  # the partner first accepts the confidentiality statement (external users)
    reply = SimpleUploadedFile("reactie-jeugdzorg.txt", b"Akkoord met de aanpak; intake gepland.\n")
    services.answer(_request(partner_user), exchange, text="Dank u, wij sluiten aan bij het plan.", uploads=[reply])
