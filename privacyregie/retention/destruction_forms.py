"""Forms of destruction: excluding a case from a proposal, confirming the execution, placing a legal hold."""

from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.retention.models import DestructionApproval


class ApproveForm(forms.Form):
    capacity = forms.ChoiceField(label=_("Goedkeuren als"), choices=DestructionApproval.Capacity.choices)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reden van afwijzing"), max_length=500)


class ExcludeForm(forms.Form):
    reason = forms.CharField(label=_("Reden om niet te vernietigen"), max_length=300)


class ExecuteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ik begrijp dat de zaken op deze lijst met hun documenten definitief worden vernietigd."),
        error_messages={"required": _("Bevestig dat de zaken definitief worden vernietigd.")})


class HoldForm(forms.Form):
    case_reference = forms.CharField(label=_("Zaaknummer"), max_length=30, required=False)
    bsn = forms.CharField(label=_("of BSN van de inwoner"), max_length=11, required=False,
                          help_text=_("Een bewaarplicht op een inwoner geldt voor al zijn of haar zaken."))
    reason = forms.CharField(label=_("Reden (klacht, bezwaar, rechtszaak)"), max_length=300)

    def clean(self):
        data = super().clean()
        if bool((data.get("case_reference") or "").strip()) == bool((data.get("bsn") or "").strip()):
            raise forms.ValidationError(_("Vul een zaaknummer of een BSN in (één van beide)."))
        return data
