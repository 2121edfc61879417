"""Forms of training and attestations. Validation of the rules lives in ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.roles import Role
from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput

from .models import Course, Oath

DATE = DateInput()


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CompletionForm(SafeInputFormMixin, forms.Form):
    """Record a completion by hand (team lead for their team, privacy officer for everyone)."""

    user = UserChoiceField(label=_("Medewerker"), queryset=None)
    course = forms.ModelChoiceField(label=_("Training"), queryset=None)
    completed_on = forms.DateField(label=_("Gevolgd op"), widget=DATE)

    def __init__(self, *args, employees, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = employees
        self.fields["course"].queryset = Course.objects.filter(organisation=organisation, active=True)


class EvidenceForm(SafeInputFormMixin, forms.Form):
    """The employee records their own completion, with evidence (a certificate)."""

    course = forms.ModelChoiceField(label=_("Training"), queryset=None)
    completed_on = forms.DateField(label=_("Gevolgd op"), widget=DATE)
    evidence = forms.FileField(label=_("Bewijs (certificaat)"),
                               help_text=_("PDF, PNG of JPG, ten hoogste 5 MB. Het bestand wordt versleuteld bewaard."))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(organisation=organisation, active=True)


class AcknowledgeForm(forms.Form):
    agree = forms.BooleanField(label=_("Ik heb de gedragscode gelezen en houd mij eraan."), required=True)


class AttestationForm(SafeInputFormMixin, forms.Form):
    """Record an oath or promise, an integrity statement or a VOG date for an employee."""

    KINDS = [("oath", _("Ambtseed of belofte")), ("integrity", _("Integriteitsverklaring")),
             ("vog", _("Datum VOG (het certificaat zelf wordt niet bewaard)"))]

    user = UserChoiceField(label=_("Medewerker"), queryset=None)
    kind = forms.ChoiceField(label=_("Verklaring"), choices=KINDS, widget=forms.RadioSelect)
    on = forms.DateField(label=_("Datum"), widget=DATE)
    oath_kind = forms.ChoiceField(label=_("Eed of belofte"), choices=[("", "-"), *Oath.Kind.choices],
                                  required=False)
    witness = forms.CharField(label=_("Afgelegd ten overstaan van"), max_length=200, required=False,
                              help_text=_("Alleen bij een ambtseed of belofte."))

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = employees

    def clean(self):
        data = super().clean()
        if data.get("kind") == "oath":
            if not data.get("oath_kind"):
                self.add_error("oath_kind", _("Kies eed of belofte."))
            if not (data.get("witness") or "").strip():
                self.add_error("witness", _("Vul in ten overstaan van wie de eed of belofte is afgelegd."))
        return data


class CourseForm(SafeInputFormMixin, forms.ModelForm):
    class Meta:
        model = Course
        fields = ["code", "name", "description", "validity_months"]


class RequirementForm(SafeInputFormMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("Training"), queryset=None)
    role = forms.ChoiceField(label=_("Verplicht voor rol"), required=False,
                             choices=[("", "-"), *[(r.value, r.label) for r in Role
                                                   if r not in (Role.CHAIN_PARTNER, Role.SUPPLIER, Role.COUNCIL)]])
    team = forms.ModelChoiceField(label=_("of verplicht voor team"), queryset=None, required=False)

    def __init__(self, *args, organisation, **kwargs):
        from privacyregie.core.models import Team

        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(organisation=organisation)
        self.fields["team"].queryset = Team.objects.filter(organisation=organisation)

    def clean(self):
        data = super().clean()
        if bool(data.get("role")) == bool(data.get("team")):
            raise forms.ValidationError(_("Kies een rol of een team (één van beide)."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Export van het e-learningplatform (CSV of XLSX)"),
                           help_text=_("Kolommen: gebruikersnaam (of e-mail), training (code of naam), datum."))


class HomeAddressForm(SafeInputFormMixin, forms.Form):
    """An employee's home address for the detection of suspicious access: kept only as a keyed hash."""

    user = UserChoiceField(label=_("Medewerker"), queryset=None)
    postal_code = forms.CharField(label=_("Postcode"), max_length=7, widget=forms.TextInput(
        attrs={"autocomplete": "off", "spellcheck": "false"}))
    house_number = forms.CharField(label=_("Huisnummer"), max_length=10, widget=forms.TextInput(
        attrs={"autocomplete": "off", "inputmode": "text"}), help_text=_("Alleen het nummer telt (12a wordt 12)."))

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employees is None:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = employees

    def clean(self):
        from privacyregie.detection.address import normalise

        data = super().clean()
        if data.get("postal_code") and data.get("house_number") and not normalise(data["postal_code"],
                                                                                   data["house_number"]):
            raise forms.ValidationError(_("Vul een postcode (1234 AB) en een huisnummer (12 of 12a) in."))
        return data
