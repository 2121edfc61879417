"""Forms of the access report pages: the review of one note, and sending the report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NoteReview
from .report import SendVia


class NoteReviewForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Beoordeling"), choices=NoteReview.Verdict.choices, widget=forms.RadioSelect)
    redacted_text = forms.CharField(
        label=_("Geschoonde tekst (wat de inwoner krijgt)"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen bij 'opnemen, geschoond': laat de gegevens van anderen weg."))
    reason = forms.CharField(label=_("Reden van schonen of weglaten"), required=False, max_length=300,
                             help_text=_("Bijvoorbeeld: gegevens van een derde (AVG art. 15 lid 4)."))


class SendForm(forms.Form):
    via = forms.ChoiceField(label=_("Hoe verzendt u het rapport?"), choices=SendVia.CHOICES, widget=forms.RadioSelect)
    confirm = forms.BooleanField(label=_("Ik heb het rapport gecontroleerd; het kan naar de inwoner."))
