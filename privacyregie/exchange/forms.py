"""Forms of the exchange pages: they validate input; ``services`` shares, checks and logs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.categories import DataCategory
from privacyregie.core.validators import SafeInputFormMixin

from . import ports
from .services import DEFAULT_DAYS, MAX_DAYS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class PartnerForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Ketenpartner"), queryset=None, empty_label=_("Kies een ketenpartner"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from privacyregie.register.models import ChainPartner

        self.fields["partner"].queryset = ChainPartner.objects.filter(organisation_id=user.organisation_id)


class ShareForm(SafeInputFormMixin, forms.Form):
    recipients = forms.ModelMultipleChoiceField(
        label=_("Ontvangers bij de ketenpartner"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Gebruikers van de ketenpartner die al een account hebben."))
    invite_email = forms.EmailField(label=_("Of nodig iemand uit (e-mailadres)"), required=False,
                                    help_text=_("De uitgenodigde stelt bij het eerste bezoek een wachtwoord en een "
                                                "tweede factor in."))
    data_categories = forms.MultipleChoiceField(label=_("Welke gegevens deelt u?"), choices=DataCategory.choices,
                                                required=False, widget=forms.CheckboxSelectMultiple)
    subject = forms.CharField(label=_("Onderwerp"), max_length=200,
                              help_text=_("Zonder persoonsgegevens: het onderwerp staat in de lijst van de ontvanger."))
    text = forms.CharField(label=_("Bericht"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(label=_("Bestanden"), help_text=_("PDF, Word, Excel, OpenDocument, tekst of afbeelding; "
                                                                "maximaal 10 bestanden."))
    days = forms.IntegerField(label=_("Toegang (dagen)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS)
    deviation_motivation = forms.CharField(
        label=_("Motivering van de afwijking"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen nodig als er geen wettelijke taak of geldige toestemming is (minimaal 20 tekens). "
                    "De privacy officer beoordeelt elke afwijking."))
    confirm_findings = forms.BooleanField(label=_("Ik heb de bevindingen bekeken en wil dit toch delen"),
                                          required=False)
    staged = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, partner, case=None, needs_deviation=False, findings=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = ports.partner_users(partner)
        if case is None:
            del self.fields["data_categories"]
        if not needs_deviation:
            del self.fields["deviation_motivation"]
        if not findings:
            del self.fields["confirm_findings"]


class AnswerForm(SafeInputFormMixin, forms.Form):
    text = forms.CharField(label=_("Bericht"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Document toevoegen"))
    confirm_findings = forms.BooleanField(
        label=_("Ik heb de bevindingen bekeken en wil dit toch versturen"), required=False,
        help_text=_("Alleen nodig als de controle voor verzenden persoonsgegevens in uw bericht of bestand vond; "
                    "u ziet dan eerst wat er gevonden is."))


class ForwardForm(SafeInputFormMixin, forms.Form):
    recipient = forms.ModelChoiceField(label=_("Gebruiker van de ketenpartner"), queryset=None, required=False)
    email = forms.EmailField(label=_("Of nodig iemand uit (e-mailadres)"), required=False)

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = ports.partner_users(partner)
