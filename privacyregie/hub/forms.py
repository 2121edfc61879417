from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.bsn import BSNFormField
from privacyregie.core.models import Application
from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput
from privacyregie.kernel.forms import _lookup_purpose_choices


class ExportForm(SafeInputFormMixin, forms.Form):
    """Export of received entries in OTLP JSON: per period, per resident, or both."""

    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())
    application = forms.ModelChoiceField(label=_("Applicatie"), required=False, queryset=Application.objects.none(),
                                         empty_label=_("alle aangesloten applicaties"))
    bsn = BSNFormField(label=_("BSN van de inwoner"), required=False)
    purpose = forms.ChoiceField(label=_("Doel van het zoeken op BSN"), required=False, choices=_lookup_purpose_choices,
                                help_text=_("Verplicht bij een BSN. Het doel wordt in het verwerkingslogboek vastgelegd."))

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.filter(organisation=organisation).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("bsn") and not data.get("purpose"):
            self.add_error("purpose", _("Geef aan met welk doel u op dit BSN zoekt."))
        if not data.get("bsn") and not (data.get("date_from") and data.get("date_to")):
            raise forms.ValidationError(_("Kies een periode (vanaf en tot en met) of een inwoner (BSN)."))
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return data
