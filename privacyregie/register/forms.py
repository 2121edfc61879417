from django import forms
from django.utils.translation import gettext_lazy as _

from .models import VERSION_FIELDS, ProcessingActivityVersion


class ActivityVersionForm(forms.ModelForm):
    change_note = forms.CharField(label=_("Toelichting op de wijziging"), max_length=300, required=False)

    class Meta:
        model = ProcessingActivityVersion
        fields = VERSION_FIELDS
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in (
            "purposes", "data_subject_categories", "personal_data_categories", "recipients",
            "third_country_transfers", "security_measures", "processors")}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand (.csv of .xlsx volgens het sjabloon)"))
