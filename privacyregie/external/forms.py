"""Forms of the external-users capability (also for exchange and data rooms to invite with)."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from privacyregie.core.validators import SafeInputFormMixin


class InviteForm(SafeInputFormMixin, forms.Form):
    """Invite a partner's employee: ``InviteForm(organisation=..., data=...)``; pass the target yourself."""

    email = forms.EmailField(label=_("E-mailadres van de medewerker van de ketenpartner"), max_length=254)
    partner = forms.ModelChoiceField(label=_("Ketenpartner"), queryset=None)
    days = forms.IntegerField(label=_("Toegang voor (dagen)"), min_value=1)

    def __init__(self, *args, organisation, **kwargs):
        from privacyregie.register.models import ChainPartner

        from .services import settings_for

        super().__init__(*args, **kwargs)
        config = settings_for(organisation)
        self.fields["partner"].queryset = ChainPartner.objects.filter(organisation=organisation)
        self.fields["days"].initial = config.default_days
        self.fields["days"].validators.append(MaxValueValidator(config.max_days))
        self.fields["days"].widget.attrs["max"] = config.max_days
        self.fields["days"].help_text = _("Standaard %(default)s dagen, ten hoogste %(max)s.") % {
            "default": config.default_days, "max": config.max_days}


class EmailCodeForm(SafeInputFormMixin, forms.Form):
    code = forms.CharField(label=_("Code uit de e-mail"), max_length=7, min_length=6,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class AccountForm(SafeInputFormMixin, forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Achternaam"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    password1 = forms.CharField(label=_("Wachtwoord"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Wachtwoord herhalen"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        from django.core.exceptions import ValidationError

        from .services import validate_new_password

        data = super().clean()
        password = data.get("password1")
        if password and password != data.get("password2"):
            self.add_error("password2", _("De wachtwoorden zijn niet gelijk."))
        elif password:
            try:
                validate_new_password(self.invitation, password, data.get("first_name", ""), data.get("last_name", ""))
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class StatementForm(forms.Form):
    agree = forms.BooleanField(label=_("Ik heb de geheimhoudingsverklaring gelezen en ga ermee akkoord."), required=True)
