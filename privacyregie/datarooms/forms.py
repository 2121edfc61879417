"""Forms of the data-room pages: they validate input; services do the work."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacyregie.core.categories import DataCategory
from privacyregie.core.models import User
from privacyregie.core.roles import EXTERNAL_ROLES
from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput


class RoomForm(SafeInputFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    purpose = forms.CharField(label=_("Doel van de datakamer"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Waarvoor werkt u hier samen? Bijvoorbeeld: advies over de aanpak."))
    closes_on = forms.DateField(label=_("Sluit op"), widget=DateInput(),
                                help_text=_("Ten hoogste een jaar vanaf vandaag. Daarna is de inhoud alleen nog te lezen."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("closes_on", timezone.localdate() + timedelta(days=90))


class UploadForm(SafeInputFormMixin, forms.Form):
    file = forms.FileField(label=_("Bestand"), help_text=_("PDF, Word, OpenDocument, tekst of afbeelding."))
    name = forms.CharField(label=_("Naam in de datakamer"), max_length=200, required=False,
                           help_text=_("Leeg: de bestandsnaam."))


class VersionForm(SafeInputFormMixin, forms.Form):
    file = forms.FileField(label=_("Nieuwe versie"))


class RenameForm(SafeInputFormMixin, forms.Form):
    name = forms.CharField(label=_("Nieuwe naam"), max_length=200)


class MemberForm(SafeInputFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Collega"), queryset=User.objects.none(), to_field_name="username")

    def __init__(self, *args, room, **kwargs):
        super().__init__(*args, **kwargs)
        members = room.members.filter(removed_at__isnull=True).values("user_id")
        queryset = (User.objects.filter(organisation_id=room.organisation_id, is_active=True)
                    .exclude(pk__in=members).exclude(role_assignments__role__in=list(EXTERNAL_ROLES))
                    .order_by("last_name", "first_name", "username"))
        if room.case_id is not None:
            queryset = queryset.filter(case_memberships__case=room.case, case_memberships__revoked_at__isnull=True)
        self.fields["user"].queryset = queryset.distinct()


class InviteForm(SafeInputFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))
    partner = forms.ModelChoiceField(label=_("Ketenpartner"), queryset=None)
    data_categories = forms.MultipleChoiceField(
        label=_("Welke gegevens deelt u?"), choices=DataCategory.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Verplicht bij een datakamer met een casus: de overeenkomst met de ketenpartner moet deze "
                    "gegevens dekken."))
    days = forms.IntegerField(label=_("Toegang voor (dagen)"), min_value=1, required=False,
                              help_text=_("Leeg: de standaardtermijn van uw organisatie."))
    motivation = forms.CharField(label=_("Gemotiveerde afwijking"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("Alleen nodig als er geen grondslag is (geen casus met een wettelijke "
                                             "taak of toestemming). De privacy officer ziet deze afwijking."))

    def __init__(self, *args, room, **kwargs):
        super().__init__(*args, **kwargs)
        from privacyregie.register.models import ChainPartner

        self.fields["partner"].queryset = ChainPartner.objects.filter(organisation_id=room.organisation_id).order_by("name")
        if room.case_id is None:
            del self.fields["data_categories"]
