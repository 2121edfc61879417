"""Sharing from a case: the check, the sharing decision, and what a refusal leaves behind (nothing)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from privacyregie.core.models import SecurityEvent
from privacyregie.exchange import ports, services
from privacyregie.exchange.models import Exchange, ExchangeFile
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.services import AccessDenied

from .factories import FakeRequest, upload


def test_a_share_carries_message_file_recipient_and_basis(share, world):
    exchange = share()
    assert exchange.legal_basis == "wettelijke_taak"
    assert exchange.messages.get().files.get().file_name == "brief.pdf"
    assert list(exchange.recipients.values_list("user", flat=True)) == [world.gp.pk]


def test_the_share_is_logged_as_a_share_of_the_case(share, world):
    share()
    entry = ProcessingLogEntry.objects.filter(organisation=world.org, action="share", target_type="dossiers.case").first()
    assert entry.outcome == "allowed" and entry.purpose == "gegevensdeling"


def test_the_stored_file_is_encrypted(share, world, settings):
    from pathlib import Path

    file = ExchangeFile.objects.get(message__exchange=share())
    raw = (Path(settings.MEDIA_ROOT) / file.storage_name[:2] / file.storage_name).read_bytes()
    assert b"%PDF" not in raw


@pytest.mark.django_db(transaction=False)
def test_the_notification_mail_has_no_subject_or_personal_data(share, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        exchange = share(subject="Jan Jansen 123456782", confirmed=True)
    sent = mail.outbox[-1]
    assert "Jansen" not in sent.subject + sent.body and "123456782" not in sent.body
    assert world.gp.email in sent.to and exchange.subject not in sent.body


def test_an_expired_agreement_refuses_with_the_date_and_creates_nothing(share, world):
    world.agreement.ends_on = timezone.localdate() - timedelta(days=1)
    world.agreement.save()
    with pytest.raises(AccessDenied) as refused:
        share()
    assert world.agreement.ends_on.strftime("%d-%m-%Y") in str(refused.value)
    assert not Exchange.objects.filter(organisation=world.org).exists()
    assert not ExchangeFile.objects.filter(message__exchange__organisation=world.org).exists()


def test_a_refusal_is_logged_and_recorded(share, world):
    world.agreement.ends_on = timezone.localdate() - timedelta(days=1)
    world.agreement.save()
    with pytest.raises(AccessDenied):
        share()
    assert ProcessingLogEntry.objects.filter(organisation=world.org, action="share", outcome="denied").exists()
    assert SecurityEvent.objects.filter(user=world.worker, detail__startswith="uitwisseling geweigerd").exists()


def test_a_worker_not_on_the_case_cannot_share(share, world):
    with pytest.raises(AccessDenied):
        services.create_exchange(FakeRequest(world.colleague), partner=world.partner, case=world.case,
                                 subject="x", text="y", recipients=[world.gp], data_categories=["ondersteuning"])
    assert not Exchange.objects.filter(organisation=world.org).exists()


def test_without_a_basis_a_motivated_deviation_is_needed(share, world):
    world.case.statutory_basis = ""
    world.case.save()
    with pytest.raises(AccessDenied):
        share()
    exchange = share(deviation_motivation="Acute zorg: de huisarts moet vandaag het plan kennen.")
    assert exchange.legal_basis == "gemotiveerde_afwijking"


def test_a_recipient_of_another_partner_is_refused(share, world):
    from privacyregie.core.roles import Role
    from privacyregie.core.tests.factories import UserFactory

    stranger = UserFactory(organisation=world.org, roles=[Role.CASE_WORKER])
    with pytest.raises(ValidationError, match="hoort niet bij"):
        share(recipients=[stranger])


def test_a_case_less_share_may_not_name_categories(share, world):
    with pytest.raises(ValidationError, match="zonder casus"):
        share(case=None)


def test_a_case_less_share_is_logged_as_created(world):
    exchange = services.create_exchange(FakeRequest(world.worker), partner=world.partner, subject="Overleg",
                                        text="Agenda", recipients=[world.gp])
    assert ProcessingLogEntry.objects.filter(target_id=str(exchange.uuid), action="create").exists()


def test_findings_need_confirmation_then_share(share, world, monkeypatch):
    monkeypatch.setattr(ports, "scan", lambda text, files: [ports.Finding("bsn", "ondersteuning", "12***82")])
    with pytest.raises(services.NeedsConfirmation):
        share()
    assert not Exchange.objects.filter(organisation=world.org).exists()
    assert share(uploads=[upload()], confirmed=True).pk


def test_a_found_category_that_is_not_shared_blocks(share, world, monkeypatch):
    monkeypatch.setattr(ports, "scan", lambda text, files: [ports.Finding("diagnose", "gezondheid", "ADHD")])
    with pytest.raises(ValidationError, match="Gezondheid"):
        share(confirmed=True)
    assert not Exchange.objects.filter(organisation=world.org).exists()


def test_the_real_check_finds_a_bsn_and_asks_confirmation(share, world):
    from privacyregie.dossiers.demo import demo_bsn

    with pytest.raises(services.NeedsConfirmation) as pending:
        share(text=f"Cliënt met BSN {demo_bsn(7)}", data_categories=["ondersteuning", "bsn"])
    assert any(f.kind for f in pending.value.findings)
    assert not Exchange.objects.filter(organisation=world.org).exists()
