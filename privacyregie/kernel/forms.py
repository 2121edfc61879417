from django import forms
from django.utils.translation import gettext_lazy as _

from privacyregie.core.bsn import BSNFormField
from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput

from .models import Outcome
from .policy import Action


def _lookup_purpose_choices():
    from .services import LOOKUP_PURPOSES

    return [("", _("kies een doel"))] + [(p.value, p.label) for p in LOOKUP_PURPOSES]


class LogFilterForm(SafeInputFormMixin, forms.Form):
    bsn = BSNFormField(label=_("BSN van de inwoner"), required=False)
    purpose = forms.ChoiceField(
        label=_("Doel van het zoeken op BSN"), required=False, choices=_lookup_purpose_choices,
        help_text=_("Verplicht bij zoeken op BSN. Het doel wordt in het verwerkingslogboek vastgelegd."))
    user = forms.CharField(label=_("Gebruiker"), required=False, max_length=150)
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())
    action = forms.ChoiceField(label=_("Handeling"), required=False, choices=[("", _("alle"))] + list(Action.choices))
    outcome = forms.ChoiceField(label=_("Uitkomst"), required=False, choices=[("", _("alle"))] + list(Outcome.choices))
    emergency = forms.BooleanField(label=_("Alleen noodtoegang"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("bsn") and not data.get("purpose"):
            self.add_error("purpose", _("Geef aan met welk doel u op dit BSN zoekt."))
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return data


class SubjectForm(SafeInputFormMixin, forms.Form):
    bsn = BSNFormField(label=_("BSN van de inwoner"))
    reference = forms.CharField(
        label=_("Naam of kenmerk van de inwoner"), required=False, max_length=200,
        help_text=_("Komt bovenaan het overzicht voor de inwoner, bijvoorbeeld de naam of het kenmerk van het verzoek."))


class DeviationReviewForm(SafeInputFormMixin, forms.Form):
    """The reviewer chooses: no verdict is preselected; 'onterecht' needs a comment."""

    verdict = forms.ChoiceField(label=_("Oordeel"), widget=forms.RadioSelect,
                                choices=[("terecht", _("terecht")), ("onterecht", _("onterecht"))],
                                error_messages={"required": _("Kies een oordeel: terecht of onterecht.")})
    comment = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Verplicht bij 'onterecht'."))
