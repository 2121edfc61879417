"""Forms of supplier remote access; the rules are checked again in ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RemoteAccessSystem

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


class RequestForm(forms.Form):
    system = forms.ModelChoiceField(label=_("Systeem"), queryset=RemoteAccessSystem.objects.none(),
                                    empty_label=_("Kies een systeem"))
    purpose = forms.CharField(label=_("Doel"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                              help_text=_("Wat gaat u doen en waarom is toegang op afstand nodig?"))
    reference = forms.CharField(label=_("Ticket- of wijzigingsnummer"), max_length=100)
    starts_at = forms.DateTimeField(label=_("Venster begint"), widget=DT, input_formats=DT_FORMATS,
                                    help_text=_("Nederlandse tijd (Europe/Amsterdam)."))
    ends_at = forms.DateTimeField(label=_("Venster eindigt"), widget=DT, input_formats=DT_FORMATS)

    def __init__(self, *args, systems=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems if systems is not None else RemoteAccessSystem.objects.none()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Besluit"), widget=forms.RadioSelect,
                                 choices=[("approve", _("Goedkeuren")), ("refuse", _("Afwijzen"))])
    note = forms.CharField(label=_("Toelichting (verplicht bij afwijzen)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class WorkForm(forms.Form):
    work_done = forms.CharField(label=_("Wat heeft u gedaan?"), max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 4}))


class ConnectionLogForm(forms.Form):
    file = forms.FileField(label=_("Verbindingslog"),
                           help_text=_("CSV of XLSX met de kolommen gebruiker, systeem, begin, einde; of syslog-regels "
                                       "(.log/.txt) met user=, system=, start= en end=."))
    dry_run = forms.BooleanField(label=_("Alleen controleren (niets inlezen)"), required=False, initial=True)


class BreachReportForm(forms.Form):
    title = forms.CharField(label=_("Korte omschrijving"), max_length=200)
    description = forms.CharField(label=_("Wat is er gebeurd?"), widget=forms.Textarea(attrs={"rows": 4}),
                                  max_length=10000)
    discovered_at = forms.DateTimeField(label=_("Wanneer ontdekt"), widget=DT, input_formats=DT_FORMATS)
    occurred_at = forms.DateTimeField(label=_("Wanneer gebeurd (als bekend)"), widget=DT, input_formats=DT_FORMATS,
                                      required=False)
    data_involved = forms.CharField(label=_("Welke gegevens"), required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    supplier_name = forms.CharField(label=_("Namens welke organisatie meldt u?"), max_length=200)
    agreement = forms.ModelChoiceField(label=_("Verwerkersovereenkomst"), queryset=None, required=False,
                                       empty_label=_("Weet ik niet"))

    def __init__(self, *args, agreements=None, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        from privacyregie.register.models import Agreement

        self.fields["agreement"].queryset = agreements if agreements is not None else Agreement.objects.none()
        if partner is not None:
            del self.fields["supplier_name"]  # known from the supplier's account
        else:
            del self.fields["agreement"]  # without a known supplier there is no agreement to choose
