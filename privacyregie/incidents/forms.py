"""Forms of the incident pages. Validation of meaning lives in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.files import check_upload
from privacyregie.core.models import User
from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput

from .assessment import AffectedGroup, DataCategory, Nature
from .models import BreachAssessment, IncidentType, Measure, ReporterVisibility, ResidentInformation, Source, YesNoUnknown
from .reporting import ATTACHMENT_TYPES

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = DateInput()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(SafeInputFormMixin, forms.Form):
    type = forms.ChoiceField(label=_("Wat voor incident is het?"), choices=IncidentType.choices)
    title = forms.CharField(label=_("Korte omschrijving"), max_length=200)
    description = forms.CharField(label=_("Wat is er gebeurd?"), widget=forms.Textarea(attrs={"rows": 5}))
    discovered_at = forms.DateTimeField(label=_("Wanneer ontdekt?"), widget=DT)
    occurred_at = forms.DateTimeField(label=_("Wanneer gebeurd (als bekend)?"), widget=DT, required=False)
    data_involved = forms.CharField(label=_("Om welke gegevens gaat het?"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    affected_description = forms.CharField(label=_("Wie zijn getroffen (voor zover bekend)?"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}))
    still_ongoing = forms.BooleanField(label=_("Het speelt nu nog"), required=False)
    visibility = forms.ChoiceField(
        label=_("Uw naam"), widget=forms.RadioSelect, initial=ReporterVisibility.NAMED,
        choices=[
            (ReporterVisibility.NAMED, _("Meld met mijn naam")),
            (ReporterVisibility.CONFIDENTIAL, _("Toon mijn naam alleen aan de CISO en de privacy officer")),
            (ReporterVisibility.ANONYMOUS, _("Meld anoniem (u krijgt een volgcode)")),
        ],
    )
    attachments = MultipleFileField(label=_("Bijlagen (optioneel)"), required=False,
                                    help_text=_("PDF, afbeelding, Office-document of tekst."))

    def clean_attachments(self):
        return [check_upload(f, allowed=ATTACHMENT_TYPES) for f in self.cleaned_data.get("attachments") or []]


class ProcessorReportForm(ReportForm):
    """The report of someone outside the municipality who processes for it (AVG art. 33(2))."""

    supplier_name = forms.CharField(
        label=_("Namens welke organisatie meldt u?"), max_length=200,
        error_messages={"required": _("Vul de naam in van de organisatie namens wie u meldt.")},
        help_text=_("De organisatie die voor de gemeente persoonsgegevens verwerkt, bijvoorbeeld uw bedrijf of "
                    "zorgorganisatie."),
    )
    field_order = ["supplier_name"]


class PaperReportForm(ReportForm):
    source = forms.ChoiceField(label=_("Bron"), choices=[(Source.PAPER, Source.PAPER.label),
                                                         (Source.PROCESSOR, Source.PROCESSOR.label)])
    reporter_name = forms.CharField(label=_("Naam melder"), required=False, max_length=200)
    supplier_name = forms.CharField(label=_("Verwerker / leverancier"), required=False, max_length=200)
    received_at = forms.DateTimeField(
        label=_("Melding van de verwerker ontvangen op"), widget=DT, required=False,
        help_text=_("Alleen bij een melding van een verwerker: vanaf dit moment loopt de termijn van 72 uur "
                    "(AVG artikel 33 lid 1 en 2). Leeg: nu."))
    field_order = ["source", "reporter_name", "supplier_name", "received_at"]


class FollowUpForm(SafeInputFormMixin, forms.Form):
    receipt_number = forms.CharField(label=_("Ontvangstnummer"), max_length=20)
    code = forms.CharField(label=_("Volgcode"), max_length=40, widget=forms.PasswordInput(render_value=False))


class TriageForm(SafeInputFormMixin, forms.Form):
    type = forms.ChoiceField(label=_("Soort"), choices=IncidentType.choices)
    is_breach = forms.TypedChoiceField(label=_("Is het een datalek?"), coerce=lambda v: v == "ja",
                                       choices=[("ja", _("Ja, bevestigd datalek")), ("nee", _("Nee"))],
                                       widget=forms.RadioSelect)
    awareness_at = forms.DateTimeField(label=_("Moment van kennisname"), widget=DT, required=False,
                                       help_text=_("Vanaf dit moment loopt de termijn van 72 uur."))
    reasoning = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}))


class AssessmentForm(SafeInputFormMixin, forms.Form):
    natures = forms.MultipleChoiceField(label=_("Aard van de inbreuk"), choices=Nature.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    data_categories = forms.MultipleChoiceField(label=_("Soorten persoonsgegevens"), choices=DataCategory.choices,
                                                required=False, widget=forms.CheckboxSelectMultiple)
    records_count = forms.IntegerField(label=_("Aantal records"), required=False)
    affected_min = forms.IntegerField(label=_("Aantal betrokkenen (minimaal)"), required=False)
    affected_max = forms.IntegerField(label=_("Aantal betrokkenen (maximaal)"), required=False)
    affected_groups = forms.MultipleChoiceField(label=_("Categorieën betrokkenen"), choices=AffectedGroup.choices,
                                                required=False, widget=forms.CheckboxSelectMultiple)
    still_ongoing = forms.BooleanField(label=_("Het datalek duurt nog voort"), required=False)
    ended_at = forms.DateTimeField(label=_("Einde van het datalek"), widget=DT, required=False,
                                   help_text=_("Wanneer de inbreuk ophield (leeg als onbekend of nog gaande)."))
    protection = forms.ChoiceField(label=_("Waren de gegevens versleuteld, gehasht of anders onbegrijpelijk?"),
                                   required=False, choices=[("", "–"), *BreachAssessment.Protection.choices])
    protection_details = forms.CharField(
        label=_("Hoe waren de gegevens beschermd"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijv. volledige schijfversleuteling AES-256, sleutel niet gelekt; of: wachtwoorden gehasht met "
                    "bcrypt."))
    vulnerable_groups = forms.BooleanField(label=_("Kwetsbare betrokkenen (bijv. kinderen)"), required=False)
    consequences = forms.CharField(label=_("Mogelijke gevolgen voor betrokkenen"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    decided_risk = forms.ChoiceField(label=_("Besluit"), required=False,
                                     choices=[("", _("Nog geen besluit (alleen voorstel berekenen)")),
                                              *BreachAssessment.Risk.choices])
    decision_reasoning = forms.CharField(label=_("Motivering van het besluit"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 3}))


YES_NO_UNKNOWN = [("", "–"), *YesNoUnknown.choices]


class ApDraftForm(SafeInputFormMixin, forms.Form):
    organisation_address = forms.CharField(label=_("Adres organisatie"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}))
    contact_name = forms.CharField(label=_("Contactpersoon"), required=False, max_length=200)
    contact_function = forms.CharField(label=_("Functie contactpersoon"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    contact_phone = forms.CharField(label=_("Telefoon"), required=False, max_length=40)
    prior_measures = forms.CharField(label=_("Maatregelen die vóór het datalek waren getroffen"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label=_("Vervolgacties"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    cross_border = forms.ChoiceField(label=_("Betrokkenen in andere EU-landen?"), required=False,
                                     choices=YES_NO_UNKNOWN)
    cross_border_countries = forms.CharField(label=_("Welke landen"), required=False, max_length=300)
    other_authorities_informed = forms.ChoiceField(label=_("Andere Europese toezichthouders ingelicht?"),
                                                   required=False, choices=YES_NO_UNKNOWN)
    other_authorities = forms.CharField(label=_("Welke toezichthouders"), required=False, max_length=300)


class ApSubmitForm(SafeInputFormMixin, forms.Form):
    submitted_at = forms.DateTimeField(label=_("Ingediend op"), widget=DT)
    ap_reference = forms.CharField(label=_("Meldnummer AP"), max_length=60)
    preliminary = forms.BooleanField(label=_("Voorlopige melding (wordt later aangevuld)"), required=False)
    late_reason = forms.CharField(label=_("Reden van vertraging (verplicht na 72 uur)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class TextForm(SafeInputFormMixin, forms.Form):
    text = forms.CharField(label=_("Aanvulling"), widget=forms.Textarea(attrs={"rows": 3}))
    completes = forms.BooleanField(label=_("Met deze aanvulling is de voorlopige melding volledig"), required=False)


class WithdrawForm(SafeInputFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reden van intrekking"), widget=forms.Textarea(attrs={"rows": 2}))


class ResidentInformationForm(SafeInputFormMixin, forms.Form):
    informed_at = forms.DateTimeField(label=_("Geïnformeerd op"), widget=DT)
    method = forms.ChoiceField(label=_("Hoe"), choices=ResidentInformation.Method.choices)
    group_description = forms.CharField(label=_("Wie (groep)"), max_length=300)
    residents_count = forms.IntegerField(label=_("Aantal"), required=False)
    message = forms.CharField(label=_("Bericht aan de betrokkenen"), widget=forms.Textarea(attrs={"rows": 6}))
    reason_not_individually = forms.CharField(
        label=_("Waarom niet individueel (bij openbare mededeling)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))


class Art34GroundForm(SafeInputFormMixin, forms.Form):
    ground = forms.ChoiceField(label=_("Grond (art. 34 lid 3 AVG)"), choices=BreachAssessment.Art34Ground.choices,
                               widget=forms.RadioSelect)
    reasoning = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))


class MemberForm(SafeInputFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Medewerker"), queryset=User.objects.none())
    role = forms.CharField(label=_("Rol in de werkgroep"), max_length=120)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(organisation=organisation, is_active=True).order_by(
            "last_name", "first_name")


class TimelineForm(SafeInputFormMixin, forms.Form):
    at = forms.DateTimeField(label=_("Tijdstip"), widget=DT, required=False)
    text = forms.CharField(label=_("Gebeurtenis"), widget=forms.Textarea(attrs={"rows": 2}))


class MeasureForm(SafeInputFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=Measure.Kind.choices)
    description = forms.CharField(label=_("Maatregel"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label=_("Uiterlijk gereed"), widget=DATE, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Measure.MeasureStatus.choices)
    evidence = forms.CharField(label=_("Bewijs / toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(organisation=organisation, is_active=True).order_by(
            "last_name", "first_name")


class CloseForm(SafeInputFormMixin, forms.Form):
    lessons_learned = forms.CharField(label=_("Geleerde lessen"), widget=forms.Textarea(attrs={"rows": 3}))
