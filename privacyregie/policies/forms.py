"""Forms of the policies pages (validation of input only; the services apply the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.models import User
from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput

from .models import Body, Kind, Outcome, PolicyDocument, Scope

DATE = DateInput()


class DocumentForm(SafeInputFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=Kind.choices)
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=User.objects.none(),
                                   help_text=_("Krijgt de herinneringen voor de herbeoordeling."))
    adopting_body = forms.ChoiceField(label=_("Vaststellend orgaan"), choices=Body.choices)
    scope = forms.ChoiceField(label=_("Reikwijdte"), choices=Scope.choices)
    team = forms.ModelChoiceField(label=_("Team (bij reikwijdte één team)"), queryset=None, required=False)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Geldt voor de gemeenten"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: alle gemeenten van de organisatie."))
    review_interval_months = forms.IntegerField(label=_("Herbeoordelen elke (maanden)"), min_value=1,
                                                max_value=120, initial=24)
    publish = forms.BooleanField(label=_("Publiceren bij de openbare privacyverklaring (alleen privacybeleid)"),
                                 required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(organisation=organisation, is_active=True).order_by(
            "last_name", "first_name")
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["team"].queryset = organisation.teams.all()
        self.fields["municipalities"].queryset = organisation.municipalities.all()

    @staticmethod
    def initial_for(document: PolicyDocument) -> dict:
        return {"title": document.title, "kind": document.kind, "owner": document.owner_id,
                "adopting_body": document.adopting_body, "scope": document.scope, "team": document.team_id,
                "municipalities": list(document.municipalities.values_list("pk", flat=True)),
                "review_interval_months": document.review_interval_months, "publish": document.publish}


class AdoptionFields(forms.Form):
    adopted_by = forms.ChoiceField(label=_("Vastgesteld door"), choices=[("", "–"), *Body.choices], required=False)
    adopted_on = forms.DateField(label=_("Vastgesteld op"), required=False, widget=DATE)
    decision_reference = forms.CharField(label=_("Kenmerk van het besluit"), max_length=100, required=False)
    next_review_date = forms.DateField(label=_("Volgende herbeoordeling"), required=False, widget=DATE,
                                       help_text=_("Leeg: de datum van vaststelling plus de herbeoordelingstermijn."))


class VersionForm(SafeInputFormMixin, AdoptionFields):
    file = forms.FileField(label=_("Bestand (PDF, DOCX of ODT)"))
    summary = forms.CharField(label=_("Samenvatting van de wijzigingen"), widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["file", "summary", "adopted_by", "adopted_on", "decision_reference", "next_review_date"]


class AdoptForm(SafeInputFormMixin, AdoptionFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("adopted_by", "adopted_on", "decision_reference"):
            self.fields[name].required = True


class ReviewForm(SafeInputFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=Outcome.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Besloten op"), widget=DATE)
    decided_by = forms.CharField(label=_("Besloten door"), max_length=200,
                                 help_text=_("Persoon, functie of orgaan, bijvoorbeeld 'College van B&W'."))
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_review_date = forms.DateField(label=_("Volgende herbeoordeling"), required=False, widget=DATE,
                                       help_text=_("Leeg: de datum van het besluit plus de herbeoordelingstermijn."))
    file = forms.FileField(label=_("Nieuwe versie (bij 'herzien'): bestand"), required=False)
    adopted_by = forms.ChoiceField(label=_("Nieuwe versie vastgesteld door"), choices=[("", "–"), *Body.choices],
                                   required=False)
    decision_reference = forms.CharField(label=_("Kenmerk van het besluit over de nieuwe versie"), max_length=100,
                                         required=False)
    successor = forms.ModelChoiceField(label=_("Opvolger (bij 'ingetrokken')"), queryset=None, required=False)
    confirm = forms.BooleanField(label=_("Ik bevestig het intrekken zonder opvolger"), required=False)

    def __init__(self, *args, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = PolicyDocument.objects.filter(
            organisation=document.organisation, withdrawn_on__isnull=True).exclude(pk=document.pk)


class NormLinkForm(SafeInputFormMixin, forms.Form):
    requirement = forms.ModelChoiceField(label=_("Norm"), queryset=None)

    def __init__(self, *args, requirements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = requirements
        self.fields["requirement"].label_from_instance = lambda r: f"{r.framework.display_name}: {r}"[:160]


class BodiesForm(SafeInputFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.HiddenInput)
    bodies = forms.MultipleChoiceField(label=_("Mag vaststellen"), choices=Body.choices,
                                       widget=forms.CheckboxSelectMultiple)
