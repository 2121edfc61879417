from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.categories import DataCategory
from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput

from .art30 import art30_2_missing
from .models import PROCESSOR_FIELDS, VERSION_FIELDS, ProcessingActivityVersion

NOT_ANSWERED = [("", _("nog niet beantwoord"))]


def _explicit_transfers(form):
    """Show the transfers question as a choice with 'not answered' as its own, visible answer."""
    field = form.fields["transfers_outside_eea"]
    field.widget = forms.RadioSelect()
    field.choices = NOT_ANSWERED + [c for c in field.choices if c[0]]


class ActivityVersionForm(SafeInputFormMixin, forms.ModelForm):
    """The art. 30(1) fields; the model's ``clean`` applies the art. 30 rule (art30.py)."""

    change_note = forms.CharField(label=_("Toelichting op de wijziging"), max_length=300, required=False)

    class Meta:
        model = ProcessingActivityVersion
        fields = VERSION_FIELDS
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in (
            "purposes", "data_subject_categories", "personal_data_categories", "recipients",
            "third_country_transfers", "transfer_safeguards", "security_measures", "processors")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _explicit_transfers(self)


class ImportForm(SafeInputFormMixin, forms.Form):
    file = forms.FileField(label=_("Bestand (.csv of .xlsx volgens het sjabloon)"))


class OrganisationModelForm(SafeInputFormMixin, forms.ModelForm):
    """A form whose related choices are limited to the user's organisation."""

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "organisation"):
                field.queryset = queryset.filter(organisation=organisation)

    def save(self, commit=True):
        self.instance.organisation = self.organisation
        return super().save(commit)


class PartnerForm(OrganisationModelForm):
    class Meta:
        from .models import ChainPartner

        model = ChainPartner
        fields = ["name", "kind", "role", "oin", "kvk_number", "contact_name", "contact_email", "activities"]
        widgets = {"activities": forms.CheckboxSelectMultiple}


class AgreementForm(OrganisationModelForm):
    document = forms.FileField(label=_("Document (PDF, DOCX of ODT; wordt versleuteld opgeslagen)"), required=False)
    data_categories = forms.MultipleChoiceField(
        label=_("Gegevenscategorieën"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=DataCategory.choices,
        help_text=_("De categorieën persoonsgegevens die de partner op grond van deze overeenkomst mag ontvangen."))

    class Meta:
        from .models import Agreement

        model = Agreement
        fields = ["partner", "kind", "title", "scope", "activities", "data_categories", "status", "starts_on",
                  "ends_on", "review_on", "security_reporting", "last_report_on", "report_interval_months"]
        widgets = {"activities": forms.CheckboxSelectMultiple, "starts_on": DateInput(),
                   "ends_on": DateInput(), "review_on": DateInput(),
                   "last_report_on": DateInput()}

    def clean_document(self):
        from privacyregie.core.files import check_upload

        uploaded = self.cleaned_data.get("document")
        if not uploaded:
            return None
        return check_upload(uploaded, allowed=("pdf", "docx", "odt"))

    def save(self, commit=True):
        from privacyregie.core.files import store_encrypted

        checked = self.cleaned_data.get("document")
        if checked is not None:
            self.instance.document_name = checked.name
            self.instance.document_storage = store_encrypted(checked.data)
        return super().save(commit)


class SystemForm(OrganisationModelForm):
    class Meta:
        from .models import InformationSystem

        model = InformationSystem
        fields = ["name", "supplier", "hosting", "activities", "data_categories", "confidentiality",
                  "processor_agreement", "owner"]
        widgets = {"activities": forms.CheckboxSelectMultiple}


class LinkForm(OrganisationModelForm):
    class Meta:
        from .models import SystemLink

        model = SystemLink
        fields = ["source", "target", "interface", "protocol", "direction", "encrypted", "line_type", "owner"]

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("target"):
            raise forms.ValidationError(_("Een koppeling verbindt twee verschillende applicaties."))
        return data


class UniqueNameMixin:
    """A clear message instead of a database error when the organisation already has this name."""

    def clean_name(self):
        name = self.cleaned_data["name"]
        clash = self._meta.model.objects.filter(organisation=self.organisation, name=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Deze naam is al in gebruik."))
        return name


class ControllerForm(UniqueNameMixin, OrganisationModelForm):
    class Meta:
        from .models import ProcessingController

        model = ProcessingController
        fields = ["name", "address", "contact", "representative", "dpo_contact"]


class ProcessorActivityForm(UniqueNameMixin, OrganisationModelForm):
    """The art. 30(2) fields; the controllers are checked here, the rest by the model's ``clean``."""

    class Meta:
        from .models import ProcessorActivity

        model = ProcessorActivity
        fields = PROCESSOR_FIELDS
        widgets = {"controllers": forms.CheckboxSelectMultiple, **{f: forms.Textarea(attrs={"rows": 3}) for f in (
            "description", "third_country_transfers", "transfer_safeguards", "security_measures")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _explicit_transfers(self)

    def clean(self):
        data = super().clean()
        record = self.instance
        record.status = data.get("status") or record.status
        for gap in art30_2_missing(record, data.get("controllers") or []):
            if gap.field == "controllers":
                self.add_error("controllers", gap.message)
        return data
