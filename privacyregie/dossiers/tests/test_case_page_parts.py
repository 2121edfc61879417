"""The case page's prepared queries and kept form markup give what the ORM and the forms themselves give."""

from datetime import timedelta

import pytest
from django.test.html import parse_html
from django.utils import timezone, translation

from privacyregie.dossiers import services
from privacyregie.dossiers.forms import (
    ConsentForm,
    ConsentWithdrawForm,
    DocumentForm,
    NoteForm,
    StatusForm,
    consent_form_html,
)
from privacyregie.dossiers.models import BreakGlassAccess, Case, CaseDocument, CaseNote, CaseResident, Consent
from privacyregie.web.formfields import form_fields, kept_form_html, kept_widget_html, widget_html

from .factories import CaseFactory, ResidentFactory, covered_partner


@pytest.fixture
def full_case(world):
    case = CaseFactory(organisation=world.org, team=world.youth_team, members=[world.worker, world.colleague])
    CaseResident.objects.create(case=case, resident=ResidentFactory(organisation=world.org, first_name="B & <b>"))
    partner = covered_partner(world.org)
    today = timezone.localdate()
    for resident in case.residents.all():
        consent = Consent.objects.create(organisation=world.org, resident=resident, case=case, form="mondeling",
                                         scope="x", given_on=today, valid_from=today, recorded_by=world.worker)
        consent.partners.add(partner)
    CaseNote.objects.create(case=case, author=world.worker, text="eerste")
    CaseNote.objects.create(case=case, author=world.colleague, text="tweede")
    CaseDocument.objects.create(case=case, uploaded_by=world.worker, title="Plan", file_name="plan.pdf",
                                content_type="application/pdf", size=3, sha256="0" * 64, storage_name="x")
    return case


def _fields(objects):
    return [(type(o), o.pk, {k: v for k, v in o.__dict__.items() if not k.startswith("_")}) for o in objects]


def test_the_prepared_case_query_finds_what_the_orm_finds(world, full_case):
    BreakGlassAccess.objects.create(organisation=world.org, user=world.colleague, case=full_case, reason="x" * 30,
                                    expires_at=timezone.now() + timedelta(hours=1))
    for user in (world.worker, world.colleague):
        case = services.get_case_for_page(user, full_case.uuid)
        expected = (services._page_case_queryset(uuid=full_case.uuid, organisation_id=user.organisation_id,
                                                 user_id=user.pk, now=timezone.now()).get())
        assert _fields([case]) == _fields([expected])
        assert case.team == expected.team and case._state.fields_cache.keys() == expected._state.fields_cache.keys()
    assert services.get_case_for_page(world.colleague, full_case.uuid).page_break_glass_until is not None
    with pytest.raises(Case.DoesNotExist):
        services.get_case_for_page(world.outsider, full_case.uuid)
    with pytest.raises(Case.DoesNotExist):
        services.get_case_for_page(world.worker, "geen-uuid")


def test_the_prepared_lists_are_the_orm_lists(world, full_case):
    case = services.get_case_for_page(world.worker, full_case.uuid)
    case.remember_rows()
    assert _fields(case.remembered_residents) == _fields(case.case_residents.select_related("resident")
                                                         .order_by("pk"))
    assert list(case.case_residents.all()) == case.remembered_residents  # as prefetched
    assert _fields(case.remembered_members) == _fields(case.memberships.filter(revoked_at__isnull=True)
                                                       .select_related("user").order_by("pk"))
    assert _fields(services.case_notes(case)) == _fields(case.notes.select_related("author"))
    assert [n.text for n in services.case_notes(case)] == ["tweede", "eerste"]
    assert _fields(services.case_documents(case)) == _fields(case.documents.select_related("uploaded_by"))
    partners = services.partner_list(case.organisation_id)
    consents = services.consents_with_partners(case, partners)
    assert [c.pk for c in consents] == list(case.consents.values_list("pk", flat=True))
    assert [[p.name for p in c.partner_list] for c in consents] == [["Huisartsenpraktijk De Brink"]] * 2


def test_the_apis_prepared_rows_are_the_orms_rows(world, full_case):
    """The API's contents (``case_content_rows``): the rows ``values_list`` gives, in its order, with its types
    (moments aware, UUIDs as UUIDs), for a case with contents and for one without."""
    consent = full_case.consents.first()
    consent.withdrawn_at, consent.withdrawal_form = timezone.now(), "schriftelijk"
    consent.save()
    empty = CaseFactory(organisation=world.org, team=world.youth_team)
    for case in (full_case, empty):
        notes, documents, consents = services.case_content_rows(case)
        assert [tuple(r) for r in notes] == list(case.notes.values_list(*services._NOTE_COLUMNS))
        assert [tuple(r) for r in documents] == list(case.documents.values_list(*services._DOCUMENT_COLUMNS))
        assert [tuple(r) for r in consents] == list(case.consents.values_list(*services._CONSENT_COLUMNS).order_by(
            *Consent._meta.ordering, "pk", "partners__name"))
    notes, _documents, consents = services.case_content_rows(full_case)
    assert [n[3] for n in notes] == ["tweede", "eerste"] and notes[0][2].tzinfo is not None
    assert any(c[12] is not None and c[12].tzinfo is not None for c in consents)


def test_prepared_rows_refuse_what_would_reorder_their_columns(db):
    from django.db.models import F

    from privacyregie.core.prepared import PreparedRows

    case_id = (Case._meta.get_field("id"), -917_390)
    for build in (lambda case_id: Case.objects.filter(pk=case_id),  # instances, not rows
                  lambda case_id: Case.objects.filter(pk=case_id).annotate(t=F("title")).values_list("t", "pk"),
                  lambda case_id: Case.objects.filter(pk=case_id).values_list("pk", flat=True)):
        with pytest.raises(ValueError, match="values_list"):
            PreparedRows(build, case_id=case_id).run(case_id=1)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_kept_form_markup_is_the_forms_markup(world, full_case, language):
    case = services.get_case_for_page(world.worker, full_case.uuid)
    case.remember_rows()
    partners = services.partner_list(case.organisation_id)
    with translation.override(language):
        for _twice in range(2):  # first rendered, then kept
            for form_class in (NoteForm, DocumentForm, ConsentWithdrawForm):
                assert parse_html(kept_form_html(form_class)) == parse_html(form_fields(form_class()))
            assert (parse_html(consent_form_html(case, partners))
                    == parse_html(form_fields(ConsentForm(case=case, partner_list=partners))))
            for status in Case.Status.values:
                assert (kept_widget_html(StatusForm, "status", initial=status)
                        == widget_html(StatusForm(initial={"status": status})["status"]))
    html = consent_form_html(case, partners)
    assert "B &amp; &lt;b&gt;" in html and "Huisartsenpraktijk De Brink" in html


def test_a_value_that_does_not_reach_the_query_as_its_parameter_is_refused(db):
    """A value that reaches the query only in another form (here: a month before it) would stay frozen at its
    stand-in for the life of the process: preparing such a query fails."""
    from datetime import date, timedelta

    from privacyregie.core.prepared import PreparedQuery
    from privacyregie.dossiers.models import Case

    field = Case._meta.get_field("opened_on")
    frozen = PreparedQuery(lambda day: Case.objects.filter(opened_on__lte=day, opened_on__gte=day - timedelta(days=30)),
                           day=(field, date(1901, 2, 3)))
    with pytest.raises(ValueError, match="prepared query"):
        frozen.run(day=date(2026, 12, 2))
    fine = PreparedQuery(lambda day: Case.objects.filter(opened_on__lte=day), day=(field, date(1901, 2, 3)))
    assert fine.run(day=date(1900, 1, 1)) == []


def test_the_start_pages_break_glass_counts_are_the_orms(world, full_case):
    now = timezone.now()
    assert services.pending_break_glass_reviews(world.org.pk) == 0
    assert services.active_break_glass_count(world.colleague) == 0
    for hours, review in ((1, "open"), (-1, "open"), (2, "terecht")):
        BreakGlassAccess.objects.create(organisation=world.org, user=world.colleague, case=full_case, reason="x" * 30,
                                        expires_at=now + timedelta(hours=hours), review=review)
    orm_pending = BreakGlassAccess.objects.filter(organisation=world.org, review="open").count()
    assert services.pending_break_glass_reviews(world.org.pk) == orm_pending == 2
    assert services.active_break_glass_count(world.colleague) == 2  # the expired one no longer counts
    assert services.active_break_glass_count(world.worker) == 0
    assert services.pending_break_glass_reviews(world.outsider.organisation_id) == 0
