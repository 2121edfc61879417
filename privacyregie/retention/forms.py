"""Forms of retention: loading the Selectielijst, the rules of an activity version, a case's outcome."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.widgets import DateInput

from .models import CaseOutcome, Valuation
from .rules import result_in_words
from .selectielijst import DEFAULT_YEAR

MAX_UPLOAD = 5 * 1024 * 1024


class UploadForm(forms.Form):
    procestypen = forms.FileField(label=_("procestypen.json"),
                                  help_text=_("De procestypen uit de referentielijsten (JSON)."))
    resultaten = forms.FileField(label=_("resultaten.json"),
                                 help_text=_("De resultaten uit de referentielijsten (JSON)."))
    year = forms.IntegerField(label=_("Jaar van de vastgestelde selectielijst"), initial=DEFAULT_YEAR,
                              min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        for name in ("procestypen", "resultaten"):
            upload = data.get(name)
            if upload is not None and upload.size > MAX_UPLOAD:
                self.add_error(name, _("Het bestand is groter dan 5 MB."))
        return data


class ResultChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return result_in_words(obj)


class RulesForm(forms.Form):
    """One choice per case outcome: the Selectielijst result that applies (or none)."""

    start_event = forms.CharField(label=_("De bewaartermijn gaat in bij (toelichting)"), max_length=200,
                                  required=False, help_text=_("Bijvoorbeeld: de beschikking, of het einde van de voorziening."))

    def __init__(self, *args, selection_list=None, rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = (selection_list.results.exclude(valuation=Valuation.WITHDRAWN).select_related("process_type")
                    .order_by("process_type__number", "full_number") if selection_list else None)
        rules = rules or {}
        for outcome, label in CaseOutcome.choices:
            rule = rules.get(outcome)
            self.fields[f"result_{outcome}"] = ResultChoiceField(
                queryset=queryset, required=False, label=_("Resultaat bij uitkomst '%(o)s'") % {"o": label},
                empty_label=_("— geen resultaat —"), initial=rule.result_id if rule else None)
            if rule and not self.initial.get("start_event"):
                self.initial["start_event"] = rule.start_event
        self.order_fields([*(f"result_{o}" for o in CaseOutcome.values), "start_event"])

    def results(self) -> dict:
        return {outcome: self.cleaned_data.get(f"result_{outcome}") for outcome in CaseOutcome.values}


class CaseOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=CaseOutcome.choices)
    term_starts_on = forms.DateField(
        label=_("Bewaartermijn gaat in op"), widget=DateInput(),
        help_text=_("Meestal de datum van afsluiting; bij een voorziening soms het einde ervan."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("term_starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)
