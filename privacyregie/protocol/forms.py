"""Forms of the protocol pages: they validate input; ``services`` checks, decides and saves."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput

from . import services
from .models import Action, Bottleneck

DATE = DateInput()


class ReportForm(SafeInputFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Wat was er aan de hand?"), choices=Bottleneck.Kind.choices,
                             widget=forms.RadioSelect)
    process = forms.CharField(label=_("In welk werkproces?"), max_length=200,
                              help_text=_("Bijvoorbeeld: melding Wmo, overdracht aan een jeugdhulpaanbieder, "
                                          "multidisciplinair overleg."))
    partner = forms.ModelChoiceField(label=_("Met welke ketenpartner?"), queryset=None, required=False,
                                     empty_label=_("Geen ketenpartner of onbekend"))
    description = forms.CharField(
        label=_("Wat ging er mis of wat was onduidelijk?"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Beschrijf de situatie zonder gegevens van inwoners: geen namen, BSN, adressen, "
                    "telefoonnummers of geboortedata. De tekst wordt daarop gecontroleerd."))
    suggestion = forms.CharField(label=_("Wat zou helpen?"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm_no_resident = forms.BooleanField(
        label=_("Ik bevestig dat in deze tekst niets staat waarmee een inwoner te herkennen is."), required=False)

    def __init__(self, *args, user, ask_confirmation=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = services.partner_choices(user)
        if services.is_external(user.roles):
            self.fields["partner"].label = _("Uw organisatie")
            self.fields["partner"].empty_label = None
            self.fields["partner"].required = False
        if not ask_confirmation:
            del self.fields["confirm_no_resident"]


class RequirementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.assessment.title} ({obj.assessment.period}): {obj.requirement}"


class CategoriseForm(SafeInputFormMixin, forms.Form):
    themes = forms.ModelMultipleChoiceField(label=_("Thema's"), queryset=None, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    new_theme = forms.CharField(label=_("Of een nieuw thema"), max_length=100, required=False)
    requirements = RequirementChoiceField(
        label=_("Normen in een beoordeling"), queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("De normen van een open beoordeling waar dit knelpunt over gaat (houd Ctrl of Cmd ingedrukt "
                    "om er meer te kiezen)."))
    note = forms.CharField(label=_("Beoordeling"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = services.themes_for(organisation)
        self.fields["requirements"].queryset = services.requirement_choices(organisation)


class ActionForm(SafeInputFormMixin, forms.Form):
    description = forms.CharField(label=_("Actie"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=None, empty_label=_("Kies een eigenaar"))
    due_date = forms.DateField(label=_("Uiterlijk gereed"), widget=DATE)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = services.owner_choices(organisation)


class ActionUpdateForm(SafeInputFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    result = forms.CharField(label=_("Resultaat"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(SafeInputFormMixin, forms.Form):
    resolution = forms.CharField(label=_("Hoe is het knelpunt afgehandeld?"), widget=forms.Textarea(attrs={"rows": 3}))


class RedactForm(SafeInputFormMixin, forms.Form):
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 5}))
    suggestion = forms.CharField(label=_("Wat zou helpen?"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(SafeInputFormMixin, forms.Form):
    reviewed_on = forms.DateField(label=_("Datum van de evaluatie"), widget=DATE)
    period = forms.CharField(label=_("Periode"), max_length=50, help_text=_("Bijvoorbeeld 2026 of 2026-K3."))
    protocol_version = forms.CharField(label=_("Versie van het protocol na de evaluatie"), max_length=50,
                                       required=False)
    findings = forms.CharField(label=_("Bevindingen"), widget=forms.Textarea(attrs={"rows": 5}))
    changes = forms.CharField(label=_("Wijzigingen in het protocol"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Wat is aangepast; leeg als niets is gewijzigd."))
    bottlenecks = forms.ModelMultipleChoiceField(label=_("Besproken knelpunten"), queryset=None, required=False,
                                                 widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bottlenecks"].queryset = Bottleneck.objects.filter(organisation=organisation)
