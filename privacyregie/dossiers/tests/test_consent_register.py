"""Consent tied to the register (issue 12 §1, R5): partners, categories, document or conversation,
withdrawal at once with its signal and log entry, the migration of free-text recipients, the case page."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from privacyregie.dossiers import services
from privacyregie.dossiers.consent_migration import match_recipient, migrate_recipients, start_of_day
from privacyregie.dossiers.models import Consent
from privacyregie.dossiers.signals import consent_withdrawn
from privacyregie.kernel.models import ProcessingLogEntry

from .factories import CaseFactory, covered_partner


def _partners(*names):
    return [SimpleNamespace(name=n) for n in names]


def test_match_recipient_exact_then_unique_contains():
    partners = _partners("Huisartsenpraktijk Blaricum", "Jeugdzorg Gooi", "Kredietbank Gooi")
    assert match_recipient("  jeugdzorg   GOOI ", partners).name == "Jeugdzorg Gooi"
    assert match_recipient("Kredietbank", partners).name == "Kredietbank Gooi"  # contained, unique
    assert match_recipient("Gooi", partners) is None  # contained in two: ambiguous
    assert match_recipient("Basisschool De Brink", partners) is None
    assert match_recipient("", partners) is None


def test_migrate_recipients_links_partners_and_keeps_unmatched_text():
    class FakeManager:
        def __init__(self, rows):
            self.rows = rows

        def all(self):
            return self

        def order_by(self, *a):
            return self.rows

        def filter(self, organisation_id):
            return [r for r in self.rows if r.organisation_id == organisation_id]

    class FakeConsent(SimpleNamespace):
        def save(self):
            self.saved = True

    linde = SimpleNamespace(name="Zorgaanbieder De Linde", organisation_id=1)
    elsewhere = SimpleNamespace(name="Zorgaanbieder De Linde", organisation_id=2)
    day = timezone.localdate() - timedelta(days=5)

    def consent(recipient, withdrawn_on=None):
        linked = []
        return FakeConsent(organisation_id=1, recipient=recipient, recipient_note="", given_on=day, valid_from=None,
                           withdrawn_on=withdrawn_on, withdrawn_at=None, withdrawal_form="", withdrawal_note="",
                           form="mondeling", partners=SimpleNamespace(add=linked.append, linked=linked))

    matched, unmatched = consent("zorgaanbieder de linde "), consent("Basisschool De Brink", withdrawn_on=day)
    counts = migrate_recipients(SimpleNamespace(objects=FakeManager([matched, unmatched])),
                                SimpleNamespace(objects=FakeManager([linde, elsewhere])))
    assert counts == {"matched": 1, "unmatched": 1}
    assert matched.partners.linked == [linde] and matched.recipient_note == ""
    assert unmatched.partners.linked == [] and unmatched.recipient_note == "Basisschool De Brink"
    assert matched.valid_from == day and unmatched.withdrawn_at == start_of_day(day)
    assert unmatched.withdrawal_form == "mondeling"
    assert timezone.localtime(unmatched.withdrawn_at).hour == 0


def test_written_consent_needs_its_document_which_is_stored_encrypted(world, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])
    partner = covered_partner(world.org)
    common = {"resident": case.residents.get(), "form": Consent.Form.WRITTEN, "scope": "Delen met huisarts",
              "partners": [partner], "data_categories": ["contact"], "given_on": timezone.localdate()}
    with pytest.raises(ValidationError):
        services.record_consent(as_user(world.worker), case, **common)
    assert not Consent.objects.filter(case=case).exists()
    consent = services.record_consent(as_user(world.worker), case, **common,
                                      document=SimpleUploadedFile("toestemming.pdf", b"%PDF-1.4 getekend"))
    assert b"getekend" not in next(tmp_path.rglob(consent.document_storage)).read_bytes()
    assert services.read_consent_document(as_user(world.worker), consent) == b"%PDF-1.4 getekend"
    assert list(consent.partners.all()) == [partner] and consent.valid_from == consent.given_on
    assert ProcessingLogEntry.objects.filter(target_id=str(consent.uuid), action="create").exists()


def test_oral_consent_names_its_conversation_and_partners_of_the_own_register(world, as_user):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker])
    partner = covered_partner(world.org)
    base = {"resident": case.residents.get(), "form": Consent.Form.ORAL, "scope": "x", "data_categories": ["contact"],
            "given_on": timezone.localdate()}
    with pytest.raises(ValidationError):
        services.record_consent(as_user(world.worker), case, **base, partners=[partner])  # no conversation
    foreign = covered_partner(world.outsider.organisation, name="Elders")
    with pytest.raises(ValidationError):
        services.record_consent(as_user(world.worker), case, **base, partners=[foreign], conversation="Huisbezoek")
    with pytest.raises(ValidationError):
        services.record_consent(as_user(world.worker), case, **{**base, "data_categories": ["onbekend"]},
                                partners=[partner], conversation="Huisbezoek")
    assert not Consent.objects.filter(case=case).exists()


def test_database_refuses_an_end_before_the_start_and_a_withdrawal_without_how(world):
    case = CaseFactory(organisation=world.org, team=world.youth_team)
    today = timezone.localdate()
    consent = Consent.objects.create(organisation=world.org, resident=case.residents.get(), case=case, form="mondeling",
                                     scope="x", given_on=today, valid_from=today, recorded_by=world.worker)
    for change in ({"valid_until": today - timedelta(days=1)}, {"withdrawn_at": timezone.now()}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Consent.objects.filter(pk=consent.pk).update(**change)


def test_withdrawal_takes_effect_at_once_sends_the_signal_and_is_logged(world, as_user):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker], statutory_basis="")
    partner = covered_partner(world.org)
    consent = services.record_consent(as_user(world.worker), case, resident=case.residents.get(),
                                      form=Consent.Form.ORAL, scope="Delen", partners=[partner],
                                      data_categories=["contact"], conversation="Telefoongesprek",
                                      given_on=timezone.localdate())
    received = []

    def receiver(sender, consent, **kwargs):
        received.append((consent.pk, consent.withdrawn_at is not None))

    consent_withdrawn.connect(receiver)
    try:
        services.withdraw_consent(as_user(world.worker), consent, how=Consent.Form.WRITTEN, note="Brief van moeder")
    finally:
        consent_withdrawn.disconnect(receiver)
    consent.refresh_from_db()
    assert received == [(consent.pk, True)]
    assert consent.withdrawn_by == world.worker and consent.withdrawal_form == "schriftelijk"
    assert not consent.is_valid_at()
    assert consent.is_valid_at(consent.withdrawn_at - timedelta(seconds=1))
    entry = ProcessingLogEntry.objects.get(target_id=str(consent.uuid), action="update")
    assert entry.target_label.startswith("intrekking")
    with pytest.raises(ValidationError):
        services.withdraw_consent(as_user(world.worker), consent, how=Consent.Form.ORAL)


def test_case_page_shows_consents_with_partners_categories_and_the_shares_relying_on_them(db, client, login):
    from django.urls import reverse

    from privacyregie.dossiers.models import Case

    case = Case.objects.get(reference="C-2026-0001")
    consent = case.consents.get()
    consent.recipient_note = "Basisschool De Brink"
    consent.save(update_fields=["recipient_note"])

    def provider(c):
        return [("Bericht aan Jeugdzorg Gooi", "/uitwisseling/1/")] if c.pk == consent.pk else []

    services.register_consent_usage(provider)
    try:
        login("consulent.jeugd")
        page = client.get(reverse("dossiers:case_detail", kwargs={"uuid": case.uuid})).content.decode()
    finally:
        services._CONSENT_USAGE.remove(provider)
    assert "Jeugdzorg Gooi" in page and "Contactgegevens" in page and "Basisschool De Brink" in page
    assert "Bericht aan Jeugdzorg Gooi" in page and reverse("dossiers:consent_document", args=[consent.uuid]) in page


def test_withdraw_page_asks_how_and_changes_nothing_without_it(db, client, login):
    from django.urls import reverse

    from privacyregie.dossiers.models import Case

    consent = Case.objects.get(reference="C-2026-0001").consents.get()
    login("consulent.jeugd")
    url = reverse("dossiers:consent_withdraw", args=[consent.uuid])
    client.post(url, {})
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    client.post(url, {"how": "mondeling", "note": "Telefonisch"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawal_note == "Telefonisch"
