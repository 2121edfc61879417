from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.bsn import BSNFormField
from privacyregie.core.validators import SafeInputFormMixin

from .models import Outcome
from .policy import Action


class LogFilterForm(SafeInputFormMixin, forms.Form):
    bsn = BSNFormField(label=_("BSN van de inwoner"), required=False)
    user = forms.CharField(label=_("Gebruiker"), required=False, max_length=150)
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(label=_("Handeling"), required=False, choices=[("", _("alle"))] + list(Action.choices))
    outcome = forms.ChoiceField(label=_("Uitkomst"), required=False, choices=[("", _("alle"))] + list(Outcome.choices))
    emergency = forms.BooleanField(label=_("Alleen noodtoegang"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return data


class SubjectForm(SafeInputFormMixin, forms.Form):
    bsn = BSNFormField(label=_("BSN van de inwoner"))
