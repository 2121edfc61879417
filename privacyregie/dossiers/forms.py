"""Forms of the dossiers pages: they validate input; services do the work."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from privacyregie.core.bsn import BSNFormField
from privacyregie.core.categories import DataCategory
from privacyregie.core.models import Team, User
from privacyregie.core.validators import SafeInputFormMixin, validate_past_date
from privacyregie.core.widgets import DateInput
from privacyregie.web.formfields import field_with_choices, kept_form_html

from .models import CONSENT_PURPOSES, Case, CaseMembership, CaseResident, Confidentiality, Consent


class CaseForm(SafeInputFormMixin, forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    title = forms.CharField(label=_("Omschrijving"), max_length=200)
    domain = forms.ChoiceField(label=_("Domein"), choices=Case._meta.get_field("domain").choices)
    confidentiality = forms.TypedChoiceField(label=_("Vertrouwelijkheid"), choices=Confidentiality.choices,
                                             coerce=int, initial=Confidentiality.CONFIDENTIAL)
    processing_activity = forms.CharField(label=_("Verwerkingsactiviteit"), max_length=200)
    statutory_basis = forms.CharField(label=_("Wettelijke taak (grondslag)"), max_length=200, required=False,
                                      help_text=_("Bijvoorbeeld: Jeugdwet art. 2.3. Leeg als toestemming de grondslag is."))
    bsn = BSNFormField(label=_("BSN van de cliënt"))
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    date_of_birth = forms.DateField(label=_("Geboortedatum"), required=False, validators=[validate_past_date],
                                    widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(organisation_id=user.organisation_id, memberships__user=user)

    def clean_team(self):
        team = self.cleaned_data.get("team")
        if team is None:
            raise forms.ValidationError(_("Een casus hoort bij een team. Kies een team."))
        return team


class StatusForm(SafeInputFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Case.Status.choices)


class NoteForm(SafeInputFormMixin, forms.Form):
    text = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 4}))


class DocumentForm(SafeInputFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    file = forms.FileField(label=_("Bestand"), help_text=_("PDF, Word, OpenDocument, tekst of afbeelding."))


class ConsentForm(SafeInputFormMixin, forms.Form):
    resident = forms.ModelChoiceField(label=_("Inwoner"), queryset=None, to_field_name="uuid")
    form = forms.ChoiceField(label=_("Vorm"), choices=Consent.Form.choices)
    purpose = forms.ChoiceField(label=_("Doel"), choices=CONSENT_PURPOSES)
    scope = forms.CharField(label=_("Waarvoor"), max_length=300)
    partners = forms.ModelMultipleChoiceField(
        label=_("Aan wie (ketenpartners uit het register)"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Verplicht bij het doel gegevensdeling."))
    data_categories = forms.MultipleChoiceField(
        label=_("Welke gegevens"), choices=DataCategory.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Verplicht bij het doel gegevensdeling. Bijzondere gegevens (zoals gezondheid) alleen als de "
                    "inwoner daar uitdrukkelijk toestemming voor gaf."))
    given_on = forms.DateField(label=_("Gegeven op"), validators=[validate_past_date],
                               widget=DateInput())
    valid_from = forms.DateField(label=_("Geldig vanaf"), required=False, widget=DateInput(),
                                 help_text=_("Leeg: vanaf de dag waarop de toestemming is gegeven."))
    valid_until = forms.DateField(label=_("Geldig tot en met"), required=False,
                                  widget=DateInput(), help_text=_("Leeg: tot intrekking."))
    document = forms.FileField(label=_("Getekend document (bij schriftelijke toestemming)"), required=False,
                               help_text=_("PDF, Word, OpenDocument of afbeelding; wordt versleuteld opgeslagen."))
    conversation = forms.CharField(label=_("In welk gesprek (bij mondelinge toestemming)"), max_length=300,
                                   required=False, help_text=_("Bijvoorbeeld: huisbezoek op 12-11-2026 met moeder."))

    def __init__(self, *args, case, partner_list=None, **kwargs):
        from privacyregie.register.services import partner_choices

        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = case.residents.all()
        remembered = getattr(case, "remembered_residents", None)
        if remembered is not None and not self.is_bound:
            # the empty form on the case page: its choices from the residents the page already fetched
            # (validation of a posted form still goes through the queryset)
            field = self.fields["resident"]
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            field.choices = empty + [(field.prepare_value(link.resident), field.label_from_instance(link.resident))
                                     for link in remembered]
        self.fields["partners"].queryset = partner_choices(case.organisation_id)
        if partner_list is not None and not self.is_bound:
            # the empty form on the case page: the partners the page already fetched (same query, same order);
            # a posted form still validates against the queryset
            field = self.fields["partners"]
            field.choices = [(field.prepare_value(p), field.label_from_instance(p)) for p in partner_list]

    def clean(self):
        data = super().clean()
        if data.get("form") == Consent.Form.WRITTEN and not data.get("document"):
            self.add_error("document", _("Voeg bij een schriftelijke toestemming het getekende document toe."))
        if data.get("form") == Consent.Form.ORAL and not (data.get("conversation") or "").strip():
            self.add_error("conversation", _("Beschrijf in welk gesprek de mondelinge toestemming is gegeven."))
        start, end = data.get("valid_from") or data.get("given_on"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("De einddatum ligt vóór de ingangsdatum."))
        return data


class ConsentWithdrawForm(SafeInputFormMixin, forms.Form):
    how = forms.ChoiceField(label=_("Hoe ingetrokken"), choices=Consent.Form.choices, widget=forms.RadioSelect,
                            error_messages={"required": _("Kies hoe de inwoner de toestemming heeft ingetrokken.")})
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)


class ShareForm(SafeInputFormMixin, forms.Form):
    partner = forms.ModelChoiceField(label=_("Ketenpartner"), queryset=None,
                                     help_text=_("Uit het verwerkingsregister; de overeenkomst moet het delen dekken."))
    data_categories = forms.MultipleChoiceField(label=_("Welke gegevens deelt u"), choices=DataCategory.choices,
                                                widget=forms.CheckboxSelectMultiple)
    deviation_motivation = forms.CharField(
        label=_("Motivering van de afwijking"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen nodig als er geen wettelijke taak of geldige toestemming is (minimaal 20 tekens)."),
    )

    def __init__(self, *args, case, **kwargs):
        from privacyregie.register.services import partner_choices

        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partner_choices(case.organisation_id)


class BreakGlassForm(SafeInputFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden van de noodtoegang"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Beschrijf de noodsituatie (minimaal %(n)s tekens).") % {"n": settings.BREAK_GLASS_MIN_REASON_LENGTH},
        error_messages={"required": _("Geef de reden van de noodtoegang.")},
    )


class EmergencySearchForm(SafeInputFormMixin, forms.Form):
    """Emergency search: the reason first, then at least one criterion (they narrow together)."""

    reason = forms.CharField(
        label=_("Reden van het noodzoeken"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Beschrijf de noodsituatie (minimaal %(n)s tekens). Deze reden geldt ook voor de noodtoegang "
                    "als u een casus opent.") % {"n": settings.BREAK_GLASS_MIN_REASON_LENGTH},
        error_messages={"required": _("Geef eerst de reden van het noodzoeken.")},
    )
    reference = forms.CharField(label=_("Zaaknummer"), max_length=30, required=False,
                                help_text=_("Bijvoorbeeld C-2026-0003."))
    bsn = BSNFormField(label=_("BSN van een inwoner"), required=False)
    name = forms.CharField(label=_("Naam van een inwoner"), max_length=150, required=False)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        minimum = settings.BREAK_GLASS_MIN_REASON_LENGTH
        if len(reason) < minimum:
            raise forms.ValidationError(_("Geef een reden van minimaal %(n)s tekens.") % {"n": minimum})
        return reason

    def clean(self):
        data = super().clean()
        if not self.errors and not any((data.get(f) or "").strip() for f in ("reference", "bsn", "name")):
            raise forms.ValidationError(_("Vul een zaaknummer, BSN of naam in om te zoeken."))
        return data


class AssignForm(SafeInputFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Medewerker"), queryset=None)
    role = forms.ChoiceField(label=_("Rol in de casus"), choices=CaseMembership.Role.choices)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            organisation_id=case.organisation_id, team_memberships__team=case.team).order_by("first_name")


class BreakGlassReviewForm(SafeInputFormMixin, forms.Form):
    """The reviewer chooses: no verdict is preselected; 'onterecht' needs a comment."""

    verdict = forms.ChoiceField(label=_("Oordeel"), widget=forms.RadioSelect,
                                choices=[("terecht", _("terecht")), ("onterecht", _("onterecht"))],
                                error_messages={"required": _("Kies een oordeel: terecht of onterecht.")})
    comment = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Verplicht bij 'onterecht'."))

    def clean(self):
        data = super().clean()
        if data.get("verdict") == "onterecht" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Licht toe waarom de noodtoegang onterecht was."))
        return data


RESIDENT_ROLES = CaseResident.Role.choices


def consent_form_html(case, partner_list) -> SafeString:
    """The empty consent form of the case page (``ConsentForm(case=case, partner_list=partner_list)``): the
    case's residents (``case.remembered_residents``) and the organisation's chain partners as its choices."""
    resident_field = ConsentForm.base_fields["resident"]
    residents = [("", resident_field.empty_label)] if resident_field.empty_label is not None else []
    residents += [(resident_field.prepare_value(link.resident), resident_field.label_from_instance(link.resident))
                  for link in case.remembered_residents]
    partner_field = ConsentForm.base_fields["partners"]
    partners = [(partner_field.prepare_value(p), partner_field.label_from_instance(p)) for p in partner_list]
    return kept_form_html(ConsentForm, fields={"resident": field_with_choices(ConsentForm, "resident", residents)},
                          choices={"partners": partners})  # the organisation's partners: the same on every case
