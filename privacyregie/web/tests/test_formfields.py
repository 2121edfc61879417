"""``web.formfields`` renders the same HTML as ``web/_form_fields.html`` with Django's widget templates."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test.html import parse_html
from django.utils import translation

from privacyregie.web.formfields import form_fields


def assert_same(form):
    expected = render_to_string("web/_form_fields.html", {"form": form})
    actual = form_fields(form)
    assert parse_html(actual) == parse_html(expected), f"{actual}\n\n!=\n\n{expected}"
    return actual


class EveryWidget(forms.Form):
    hidden = forms.CharField(widget=forms.HiddenInput, initial="h<1>")
    name = forms.CharField(label="Naam & <b>", max_length=20, help_text="Hulp <em>tekst</em>")
    email = forms.EmailField(required=False)
    amount = forms.IntegerField(min_value=1, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial='"quoted" & <tag>')
    agree = forms.BooleanField(label="Akkoord")
    kind = forms.ChoiceField(choices=[("", "---"), ("a", "A & B"), ("Groep", [("c", "C"), ("d", "D")])])
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y <y>")], widget=forms.CheckboxSelectMultiple,
                                     help_text="Kies er een of meer.")
    one = forms.ChoiceField(choices=[("1", "een"), ("2", "twee")], widget=forms.RadioSelect, initial="2")
    grouped = forms.MultipleChoiceField(choices=[("G", [("g1", "g1"), ("g2", "g2")])], required=False,
                                        widget=forms.CheckboxSelectMultiple(attrs={"class": "cols"}))
    upload = forms.FileField(required=False, help_text="PDF")
    select_many = forms.MultipleChoiceField(choices=[("p", "P"), ("q", "Q")], required=False)

    def clean(self):
        raise forms.ValidationError("Het geheel klopt niet <echt>.")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_widget_unbound_and_bound_with_errors(language):
    with translation.override(language):
        assert_same(EveryWidget())
        assert_same(EveryWidget(prefix="p", auto_id="f_%s"))
        bound = EveryWidget({"name": "x" * 30, "email": "geen", "amount": "0", "kind": "c", "many": ["y"],
                             "one": "1", "text": "a\nb <c>", "day": "2020-01-02"},
                            {"upload": SimpleUploadedFile("a.txt", b"x")})
        assert not bound.is_valid()
        html = assert_same(bound)
        assert 'aria-invalid="true"' in html and "klopt niet &lt;echt&gt;" in html


@pytest.mark.django_db
def test_the_forms_of_the_case_page():
    from privacyregie.dossiers.forms import ConsentForm, ConsentWithdrawForm, DocumentForm, NoteForm, StatusForm
    from privacyregie.dossiers.models import CaseResident
    from privacyregie.dossiers.tests.factories import CaseFactory, ResidentFactory
    from privacyregie.register.models import ChainPartner
    from privacyregie.retention.forms import CaseOutcomeForm

    case = CaseFactory(residents=[])
    for i in range(3):
        CaseResident.objects.create(case=case, resident=ResidentFactory(organisation=case.organisation))
        ChainPartner.objects.create(organisation=case.organisation, name=f"Partner {i} & co", kind="huisarts",
                                    role="verantwoordelijke")
    case.remember_rows()
    for form in (NoteForm(), DocumentForm(), ConsentWithdrawForm(), StatusForm(initial={"status": case.status}),
                 ConsentForm(case=case), CaseOutcomeForm(prefix="bewaren"),
                 ConsentForm({"form": "schriftelijk", "partners": ["0"]}, case=case), NoteForm({"text": ""}),
                 ConsentWithdrawForm({"how": "x"})):
        form.is_bound and form.is_valid()
        html = assert_same(form)
        assert html.count("<div class=\"field") == len(form.visible_fields())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_kept_form_markup_is_the_forms_own_per_language_and_initial_values(language):
    from datetime import date

    from privacyregie.retention.forms import CaseOutcomeForm
    from privacyregie.web.formfields import kept_form_html

    with translation.override(language):
        for initial in ({"term_starts_on": date(2026, 1, 31)},
                        {"outcome": "geweigerd", "term_starts_on": date(2025, 12, 1)}):
            kept = kept_form_html(CaseOutcomeForm, prefix="bewaren", initial=initial)
            assert kept == form_fields(CaseOutcomeForm(prefix="bewaren", initial=initial))
            assert kept_form_html(CaseOutcomeForm, prefix="bewaren", initial=initial) == kept  # kept: the same
        assert 'value="geweigerd" selected' in kept  # the last one's outcome is chosen
    with translation.override("nl"):
        dutch = kept_form_html(CaseOutcomeForm, prefix="bewaren", initial={"term_starts_on": date(2026, 1, 31)})
    with translation.override("en"):
        english = kept_form_html(CaseOutcomeForm, prefix="bewaren", initial={"term_starts_on": date(2026, 1, 31)})
    assert "Uitkomst" in dutch and "Uitkomst" not in english  # not the markup of the language asked first


def test_kept_form_markup_puts_hidden_fields_first_and_renders_passed_fields_per_request():
    from django import forms

    from privacyregie.web.formfields import field_with_choices, kept_form_html

    class Form(forms.Form):
        name = forms.CharField(label="Naam")
        step = forms.CharField(widget=forms.HiddenInput, initial="2")
        choice = forms.ChoiceField(label="Keuze", choices=[("a", "A")])

    per_request = {"choice": field_with_choices(Form, "choice", [("b", "B & <c>")])}
    kept = kept_form_html(Form, initial={"name": "x"}, prefix="p", fields=per_request)
    expected_form = Form(prefix="p", initial={"name": "x"})
    expected_form.fields["choice"].choices = [("b", "B & <c>")]
    assert kept == form_fields(expected_form)
    assert kept.index('name="p-step"') < kept.index('name="p-name"') and "B &amp; &lt;c&gt;" in kept
    assert Form.base_fields["choice"].choices == [("a", "A")]  # the form's own field is untouched


def test_shared_choices_are_kept_per_choices_and_language():
    """A field whose choices many pages share (an organisation's partners) is rendered as the form with those
    choices renders it; other choices (another organisation, a partner added) give their own markup."""
    from django import forms

    from privacyregie.web.formfields import kept_form_html

    class Form(forms.Form):
        partners = forms.MultipleChoiceField(label="Partners", widget=forms.CheckboxSelectMultiple,
                                             choices=[], required=False)

    def expected(choices):
        form = Form()
        form.fields["partners"].choices = choices
        return form_fields(form)

    first, second = [(1, "GGD & <Gooi>"), (2, "Veilig Thuis")], [(1, "GGD & <Gooi>"), (3, "Jeugdbescherming")]
    assert kept_form_html(Form, choices={"partners": first}) == expected(first)
    assert kept_form_html(Form, choices={"partners": second}) == expected(second)
    assert kept_form_html(Form, choices={"partners": first}) == expected(first)  # the first one's, not the last
    assert "GGD &amp; &lt;Gooi&gt;" in kept_form_html(Form, choices={"partners": first})
    assert Form.base_fields["partners"].choices == []  # the form's own field is untouched
