"""API authentication: registered applications (bearer token) and browser sessions.

An application may name the end user it acts for in ``X-Eindgebruiker`` (username of
the same organisation, only when the application is allowed to act for users); its
powers are then the intersection of its scopes and that user's roles. A browser
session counts only when the second factor was verified.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from privacyregie.core.models import Application, SecurityEvent, User
from privacyregie.core.security import record_event
from privacyregie.core.usernames import normalise_username

END_USER_HEADER = "X-Eindgebruiker"


class ApplicationPrincipal:
    """The acting identity when an application calls without an end user."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None
    id = None
    roles: list[str] = []

    def __init__(self, application: Application):
        self.application = application
        self.organisation = application.organisation
        self.organisation_id = application.organisation_id
        self.username = f"applicatie:{application.name}"
        self.privacy_permissions = application.scope_set

    def is_verified(self):
        return True

    def __str__(self):
        return self.username

    def get_full_name(self):
        return self.username


class ApplicationAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0] != self.keyword:
            return None
        application = (
            Application.objects.select_related("organisation")
            .filter(secret_hash=Application.hash_secret(parts[1]), is_active=True)
            .first()
        )
        if application is None:
            record_event(request._request, SecurityEvent.Kind.API_AUTH_FAILED, detail="unknown or inactive token")
            raise exceptions.AuthenticationFailed(_("Ongeldig of ingetrokken token."))
        end_user_name = request.headers.get(END_USER_HEADER, "").strip()
        if not end_user_name:
            return ApplicationPrincipal(application), application
        if not application.may_act_for_users:
            raise exceptions.AuthenticationFailed(_("Deze applicatie mag niet namens eindgebruikers handelen."))
        user = User.objects.filter(
            username=normalise_username(end_user_name), organisation_id=application.organisation_id, is_active=True
        ).first()
        if user is None:
            raise exceptions.AuthenticationFailed(_("Onbekende eindgebruiker voor deze organisatie."))
        user._api_scopes = application.scope_set
        user.is_verified = lambda: True
        return user, application

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Session login counts only with a verified second factor (CSRF enforced)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, auth = result
        if not user.is_verified():
            return None
        return user, auth
