"""The partner's side: open, download, answer; and every way access ends (revocation, expiry,
a withdrawn consent, a tampered file, someone else's exchange)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from privacyregie.exchange import services
from privacyregie.exchange.models import Exchange, ExchangeMessage
from privacyregie.kernel.models import ProcessingLogEntry
from privacyregie.kernel.services import AccessDenied

from .factories import FakeRequest, upload


def test_the_recipient_opens_downloads_and_the_download_is_logged(share, world):
    exchange = share()
    services.open_exchange(FakeRequest(world.gp), exchange)
    file = exchange.messages.get().files.get()
    assert services.read_file(FakeRequest(world.gp), file).startswith(b"%PDF")
    logged = ProcessingLogEntry.objects.filter(actor_user_id=world.gp.pk, target_type="exchange.exchangefile")
    assert logged.filter(outcome="allowed").exists()


def test_the_first_open_is_recorded(share, world):
    exchange = share()
    services.open_exchange(FakeRequest(world.gp), exchange)
    assert exchange.recipients.get().first_opened_at is not None


def test_the_partner_answers_with_a_document_the_worker_sees_it_as_new(share, world):
    exchange = share()
    services.answer(FakeRequest(world.gp), exchange, text="Ontvangen", uploads=[upload("antwoord.pdf")])
    assert services.for_case(world.case).get().new_answers == 1
    services.open_exchange(FakeRequest(world.worker), exchange)
    assert services.for_case(world.case).get().new_answers == 0
    assert exchange.messages.filter(direction=ExchangeMessage.Direction.IN).get().files.count() == 1


def test_another_partner_user_cannot_open_it(share, world):
    exchange = share()
    with pytest.raises(AccessDenied):
        services.open_exchange(FakeRequest(world.other_gp), exchange)
    assert ProcessingLogEntry.objects.filter(actor_user_id=world.other_gp.pk, outcome="denied").exists()


def test_a_partner_user_cannot_open_the_case(share, world):
    from privacyregie.kernel.policy import Action, Purpose
    from privacyregie.kernel.services import access

    share()
    with pytest.raises(AccessDenied):
        access(FakeRequest(world.gp), Action.VIEW, world.case, Purpose.SHARING)


def test_a_partner_user_cannot_forward(share, world):
    exchange = share()
    with pytest.raises(AccessDenied):
        services.forward(FakeRequest(world.gp), exchange, recipient=world.other_gp)


def test_revocation_locks_the_partner_out_at_once(share, world):
    exchange = share()
    services.open_exchange(FakeRequest(world.gp), exchange)
    services.revoke_exchange(FakeRequest(world.worker), exchange)
    with pytest.raises(AccessDenied, match="ingetrokken"):
        services.open_exchange(FakeRequest(world.gp), exchange)
    assert not services.shared_with(world.gp).exists()


def test_expiry_locks_the_partner_out_and_the_job_marks_it(share, world):
    exchange = share()
    Exchange.objects.filter(pk=exchange.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    exchange.refresh_from_db()
    with pytest.raises(AccessDenied, match="verlopen"):
        services.open_exchange(FakeRequest(world.gp), exchange)
    assert services.expire_exchanges() >= 1
    assert Exchange.objects.get(pk=exchange.pk).status == Exchange.Status.EXPIRED
    assert services.expire_exchanges() == 0


def test_a_consent_withdrawn_a_second_ago_cuts_access(share, world):
    from privacyregie.dossiers.models import Consent

    world.case.statutory_basis = ""
    world.case.save()
    resident = world.case.residents.first()
    consent = Consent.objects.create(organisation=world.org, resident=resident, case=world.case, form="schriftelijk",
                                     scope="delen met de huisarts", data_categories=["ondersteuning"],
                                     given_on=timezone.localdate() - timedelta(days=3),
                                     valid_from=timezone.localdate() - timedelta(days=3), recorded_by=world.worker)
    consent.partners.set([world.partner])
    exchange = share()
    assert exchange.legal_basis == "toestemming" and exchange.consent_id == str(consent.pk)
    services.open_exchange(FakeRequest(world.gp), exchange)
    consent.withdrawn_at, consent.withdrawn_by = timezone.now() - timedelta(seconds=1), world.worker
    consent.withdrawal_form = "mondeling"
    consent.save()
    with pytest.raises(AccessDenied, match="toestemming"):
        services.open_exchange(FakeRequest(world.gp), exchange)


def test_the_case_page_lists_the_exchanges_relying_on_a_consent(share, world):
    from privacyregie.dossiers.models import Consent
    from privacyregie.dossiers.services import consent_usage

    world.case.statutory_basis = ""
    world.case.save()
    consent = Consent.objects.create(organisation=world.org, resident=world.case.residents.first(), case=world.case,
                                     form="mondeling", scope="delen", data_categories=["ondersteuning"],
                                     given_on=timezone.localdate(), valid_from=timezone.localdate(),
                                     recorded_by=world.worker)
    consent.partners.set([world.partner])
    exchange = share()
    assert any(str(exchange.uuid) in url for _label, url in consent_usage(consent))


def test_a_tampered_file_is_never_served(share, world, settings):
    exchange = share()
    file = exchange.messages.get().files.get()
    path = Path(settings.MEDIA_ROOT) / file.storage_name[:2] / file.storage_name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(services.FileUnavailable):
        services.read_file(FakeRequest(world.gp), file)


def test_an_answer_after_revocation_is_refused(share, world):
    exchange = share()
    services.revoke_exchange(FakeRequest(world.worker), exchange)
    with pytest.raises(AccessDenied):
        services.answer(FakeRequest(world.gp), exchange, text="nog iets")
    assert exchange.messages.count() == 1


def test_revoking_twice_says_so(share, world):
    exchange = share()
    services.revoke_exchange(FakeRequest(world.worker), exchange)
    with pytest.raises(ValidationError, match="al ingetrokken"):
        services.revoke_exchange(FakeRequest(world.worker), exchange)


def test_the_case_pages_prepared_list_is_the_orm_list(share, world):
    """``listed_for_case`` runs ``for_case`` as a prepared query: the same exchanges, partners and counts."""
    first = share()
    share(subject="Tweede")
    services.answer(FakeRequest(world.gp), first, text="Ontvangen", uploads=[upload("antwoord.pdf")])
    orm = list(services.for_case(world.case))
    world.case.__dict__.pop("_exchanges_listed", None)
    prepared = services.listed_for_case(world.case)
    assert [(e.pk, e.subject, e.partner.name, e.new_answers, e.created_at) for e in prepared] == \
        [(e.pk, e.subject, e.partner.name, e.new_answers, e.created_at) for e in orm]
    assert [e.new_answers for e in prepared] == [0, 1]
