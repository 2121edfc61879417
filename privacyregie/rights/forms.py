"""Forms of residents' requests: intake (internal and public), identity check, extension, acting, answering.

Forms validate shape; the rules (deadlines, BSN, no enumeration) are in ``services``. The public form asks
only what is needed to find and answer the request, and has a honeypot field people never see."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput

from .models import Channel, IdentityMethod, Outcome, RepresentativeAuthority, RequestKind
from .services import RECTIFIABLE_FIELDS

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = DateInput()
MAX_DESCRIPTION = 2000


class _RequestFields(SafeInputFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort verzoek"), choices=RequestKind.choices, widget=forms.RadioSelect)
    requester_name = forms.CharField(label=_("Naam"), max_length=200)
    bsn = forms.CharField(label=_("Burgerservicenummer (BSN) van de inwoner om wie het gaat"), max_length=20,
                          required=False, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                          help_text=_("Zo vinden wij de juiste gegevens. Wij bewaren het nummer niet, alleen een "
                                      "onomkeerbare code ervan."))
    requester_contact = forms.CharField(label=_("Adres of e-mailadres voor het antwoord"), max_length=300)
    description = forms.CharField(label=_("Toelichting (niet verplicht)"), required=False, max_length=MAX_DESCRIPTION,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    representative_name = forms.CharField(label=_("Naam van de vertegenwoordiger (als u namens iemand anders vraagt)"),
                                          max_length=200, required=False)
    representative_authority = forms.ChoiceField(label=_("Bevoegdheid van de vertegenwoordiger"), required=False,
                                                 choices=RepresentativeAuthority.choices)


class RegisterForm(_RequestFields):
    """Internal registration by the privacy officer (letter, counter, e-mail, phone)."""

    channel = forms.ChoiceField(label=_("Kanaal"), choices=[c for c in Channel.choices if c[0] != Channel.WEB_FORM])
    received_at = forms.DateTimeField(label=_("Ontvangen op (Nederlandse tijd)"), widget=DT,
                                      help_text=_("De termijn van een maand loopt vanaf de dag van ontvangst."))
    representative_evidence = forms.CharField(label=_("Waaruit blijkt de bevoegdheid"), max_length=300, required=False,
                                              help_text=_("Bijvoorbeeld: uittreksel gezagsregister gezien op de balie, "
                                                          "beschikking bewind. Bewaar geen kopie."))
    field_order = ["kind", "channel", "received_at", "requester_name", "requester_contact", "bsn", "description",
                   "representative_name", "representative_authority", "representative_evidence"]


class PublicRequestForm(_RequestFields):
    """The public web form (no login)."""

    # honeypot: hidden from people (and screen readers), filled by bots
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    consent = forms.BooleanField(label=_("Ik begrijp dat de gemeente mijn identiteit controleert voordat zij "
                                         "gegevens verstrekt (zonder een kopie van mijn identiteitsbewijs te bewaren)."))


class FollowUpForm(SafeInputFormMixin, forms.Form):
    reference = forms.CharField(label=_("Ontvangstnummer"), max_length=20)
    code = forms.CharField(label=_("Volgcode"), max_length=40, widget=forms.PasswordInput(render_value=False))


class IdentityForm(SafeInputFormMixin, forms.Form):
    method = forms.ChoiceField(label=_("Identiteit vastgesteld via"), choices=IdentityMethod.choices,
                               widget=forms.RadioSelect)
    bsn = forms.CharField(label=_("BSN zoals op het identiteitsbewijs of uit DigiD"), max_length=20,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                          help_text=_("Maak en bewaar geen kopie van het identiteitsbewijs."))


class ExtensionForm(SafeInputFormMixin, forms.Form):
    months = forms.TypedChoiceField(label=_("Verlengen met"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(1, _("één maand")), (2, _("twee maanden"))])
    reason = forms.CharField(label=_("Reden (gaat naar de verzoeker)"), widget=forms.Textarea(attrs={"rows": 3}))
    sent_on = forms.DateField(label=_("Aan de verzoeker gemeld op"), widget=DATE)


class RectificationForm(SafeInputFormMixin, forms.Form):
    field = forms.ChoiceField(label=_("Gegeven"), choices=[])
    new_value = forms.CharField(label=_("Nieuwe waarde"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from privacyregie.dossiers.models import Resident

        self.fields["field"].choices = [(f, Resident._meta.get_field(f).verbose_name) for f in RECTIFIABLE_FIELDS]


class RestrictionForm(SafeInputFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reden van de beperking"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Bijvoorbeeld: de juistheid wordt betwist (AVG art. 18 lid 1 onder a)."))


class AnswerForm(SafeInputFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Besluit"), choices=[c for c in Outcome.choices if c[0]],
                                widget=forms.RadioSelect)
    reasoning = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 4}))


class HandlerForm(SafeInputFormMixin, forms.Form):
    handler = forms.ModelChoiceField(label=_("Behandelaar"), queryset=None)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        from privacyregie.core.models import User
        from privacyregie.core.roles import ROLE_PERMISSIONS

        roles = [role for role, permissions in ROLE_PERMISSIONS.items() if "rights.handle_requests" in permissions]
        self.fields["handler"].queryset = User.objects.filter(
            organisation=organisation, is_active=True, role_assignments__role__in=roles,
            role_assignments__organisation=organisation).distinct().order_by("last_name")
