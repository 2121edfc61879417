from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.validators import SafeInputFormMixin

from . import rules
from .models import Assessment, DetectionSettings


class AssessmentForm(SafeInputFormMixin, forms.Form):
    """No verdict is preselected; 'onterecht' needs a comment (checked in ``services.assess``)."""

    verdict = forms.ChoiceField(label=_("Oordeel"), widget=forms.RadioSelect,
                                choices=[(Assessment.JUSTIFIED, _("terecht: de toegang was nodig voor het werk")),
                                         (Assessment.IMPROPER, _("onterecht: de toegang was niet nodig"))],
                                error_messages={"required": _("Kies een oordeel: terecht of onterecht.")})
    comment = forms.CharField(label=_("Toelichting"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Verplicht bij 'onterecht'."))


class SettingsForm(SafeInputFormMixin, forms.ModelForm):
    class Meta:
        model = DetectionSettings
        fields = list(rules.Thresholds.__dataclass_fields__)

    def clean(self):
        data = super().clean()
        start, end = data.get("workday_start"), data.get("workday_end")
        if start is not None and end is not None and start >= end:
            self.add_error("workday_end", _("De werktijd moet eindigen na het begin."))
        return data
