"""Forms of the compliance pages (validation only; the services do the work)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput

from .models import (
    ComplianceStatus,
    ManualIndicator,
    ManualIndicatorValue,
    Recommendation,
    RecommendationAction,
    RequirementAssessment,
    Risk,
    SecurityMeasure,
)

DATE = DateInput()


class FrameworkUploadForm(SafeInputFormMixin, forms.Form):
    file = forms.FileField(label=_("Bibliotheekbestand (YAML, CISO Assistant-formaat)"))


class AssessmentForm(SafeInputFormMixin, forms.Form):
    framework = forms.ModelChoiceField(label=_("Normenkader"), queryset=None)
    title = forms.CharField(label=_("Titel"), max_length=200)
    period = forms.CharField(label=_("Periode"), max_length=50)
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=None, required=False,
                                          empty_label=_("de hele organisatie"))

    def __init__(self, *args, frameworks=None, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks
        self.fields["municipality"].queryset = organisation.municipalities.all()


class ItemForm(SafeInputFormMixin, forms.ModelForm):
    status = forms.ChoiceField(label=_("Status"), choices=ComplianceStatus.choices)

    class Meta:
        model = RequirementAssessment
        fields = ["status", "finding", "state_of_affairs", "owner", "due_date", "links", "live_indicator"]
        widgets = {"due_date": DATE, "finding": forms.Textarea(attrs={"rows": 4}),
                   "state_of_affairs": forms.Textarea(attrs={"rows": 4}), "links": forms.Textarea(attrs={"rows": 2})}


class EvidenceForm(SafeInputFormMixin, forms.Form):
    file = forms.FileField(label=_("Bewijsstuk"))


class ResponseForm(SafeInputFormMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["response", "reasoning"]
        widgets = {"reasoning": forms.Textarea(attrs={"rows": 4})}


class ActionForm(SafeInputFormMixin, forms.ModelForm):
    class Meta:
        model = RecommendationAction
        fields = ["description", "owner", "deadline", "status", "progress"]
        widgets = {"deadline": DATE, "description": forms.Textarea(attrs={"rows": 2}),
                   "progress": forms.Textarea(attrs={"rows": 2})}


class RiskForm(SafeInputFormMixin, forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["ref_id", "title", "description", "likelihood", "impact", "residual_likelihood", "residual_impact",
                  "treatment", "owner", "review_date", "requirements"]
        widgets = {"review_date": DATE, "description": forms.Textarea(attrs={"rows": 3}),
                   "requirements": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Requirement

        self.fields["requirements"].queryset = Requirement.objects.filter(
            assessable=True, framework__assessments__organisation=organisation).distinct().select_related("framework")
        self.fields["requirements"].help_text = _("Normen uit de normenkaders die uw organisatie beoordeelt.")


class MeasureForm(SafeInputFormMixin, forms.ModelForm):
    class Meta:
        model = SecurityMeasure
        fields = ["title", "owner", "deadline", "status"]
        widgets = {"deadline": DATE}


class IndicatorForm(SafeInputFormMixin, forms.ModelForm):
    class Meta:
        model = ManualIndicator
        fields = ["name", "unit", "source", "requested_by"]


class IndicatorValueForm(SafeInputFormMixin, forms.ModelForm):
    class Meta:
        model = ManualIndicatorValue
        fields = ["year", "quarter", "value", "note"]
