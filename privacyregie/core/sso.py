"""Single sign-on with OpenID Connect, per organisation (mozilla-django-oidc; docs/sso.md, ADR 0115).

Each organisation may configure one identity provider (``IdentityProvider``). The login page offers
"Inloggen via <organisatie>"; ``start`` stores which provider is used in the session and sends the
browser there (authorisation code flow with PKCE and nonce). ``IdentityProviderBackend`` finishes the
flow: it checks the ID token (signature, issuer, audience, nonce, expiry), reads the user's claims and
provisions the account:

- an organisation claim that does not name this organisation, or a missing required claim, refuses the
  login with a Dutch message and a security event; nothing is created or changed;
- the roles come from the roles claim through the organisation's mapping, and replace the user's roles
  at every login (the identity provider is the source of truth for SSO accounts);
- the provider's MFA counts only when the ID token's ``amr`` holds one of the configured values or its
  ``acr`` is one of the configured levels; otherwise the user gives Privacyregie's own second factor.

Local accounts (external users, suppliers, chain partners) keep username + password + TOTP.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import ExternalIdentity, IdentityProvider, IdentityProviderDevice, RoleAssignment, SecurityEvent, User
from .security import record_event
from .usernames import normalise_username

logger = logging.getLogger(__name__)

SESSION_PENDING = "sso_pending_provider_id"  # between "Inloggen via" and the callback
SESSION_PROVIDER = "sso_provider_id"  # after a successful SSO login (second factor, logout)
SESSION_REFUSAL = "sso_refusal"
SESSION_ID_TOKEN = "oidc_id_token"


class SSORefused(Exception):
    """A login the identity provider vouched for, but that Privacyregie refuses (with a Dutch reason)."""

    def __init__(self, message: str, detail: str = "", username: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.username = username


def has_own_second_factor(user) -> bool:
    """Whether the user has a confirmed second factor of Privacyregie itself (TOTP, recovery codes)."""
    from django_otp import devices_for_user

    return any(not isinstance(device, IdentityProviderDevice) for device in devices_for_user(user, confirmed=True))


def active_providers():
    return IdentityProvider.objects.filter(is_active=True).select_related("organisation").order_by(
        "organisation__name")


def discovery(provider: IdentityProvider) -> dict:
    """The provider's OpenID configuration (cached); its issuer must be the configured one."""
    issuer = provider.issuer.rstrip("/")
    key = f"sso:discovery:{provider.pk}:{issuer}"
    document = cache.get(key)
    if document is None:
        response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT,
                                verify=settings.OIDC_VERIFY_SSL)
        response.raise_for_status()
        document = response.json()
        if str(document.get("issuer", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("OpenID configuration names another issuer")
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not document.get(name):
                raise SuspiciousOperation(f"OpenID configuration lacks {name}")
        cache.set(key, document, settings.SSO_DISCOVERY_CACHE_SECONDS)
    return document


def provider_from_session(request, key: str = SESSION_PROVIDER) -> IdentityProvider | None:
    provider_id = request.session.get(key)
    if not provider_id:
        return None
    return IdentityProvider.objects.filter(pk=provider_id, is_active=True).select_related("organisation").first()


def _claim_values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def mfa_done(provider: IdentityProvider, id_token_claims: dict) -> bool:
    """Whether the provider says (in the signed ID token) that the user gave a second factor."""
    amr = set(_claim_values(id_token_claims.get("amr")))
    acr = str(id_token_claims.get("acr") or "")
    return bool(amr & set(provider.mfa_amr_list)) or (bool(acr) and acr in provider.mfa_acr_list)


def check_claims(provider: IdentityProvider, claims: dict) -> None:
    """Refuse a login whose claims do not fit this organisation's configuration (nothing is changed)."""
    username = str(claims.get(provider.username_claim) or "")
    if provider.organisation_claim:
        value = claims.get(provider.organisation_claim)
        if value in (None, ""):
            raise SSORefused(
                _("Inloggen geweigerd: de identiteitsprovider gaf niet door bij welke organisatie u hoort "
                  "(claim '%(claim)s' ontbreekt).") % {"claim": provider.organisation_claim},
                detail=f"missing organisation claim {provider.organisation_claim}", username=username)
        if str(value) != provider.organisation_claim_value:
            raise SSORefused(
                _("Inloggen geweigerd: de organisatie '%(value)s' is onbekend in Privacyregie voor "
                  "%(organisation)s.") % {"value": str(value)[:100], "organisation": provider.organisation},
                detail=f"unknown organisation {str(value)[:100]}", username=username)
    missing = [name for name in ["sub", provider.username_claim, *provider.required_claim_list]
               if claims.get(name) in (None, "", [])]
    if missing:
        raise SSORefused(
            _("Inloggen geweigerd: de identiteitsprovider gaf niet alle verplichte gegevens door "
              "(ontbreekt: %(claims)s). Vraag uw functioneel beheerder.") % {"claims": ", ".join(missing)},
            detail=f"missing claims {', '.join(missing)}", username=username)


def mapped_roles(provider: IdentityProvider, claims: dict) -> set[str]:
    values = set(_claim_values(claims.get(provider.roles_claim)))
    return {m.role for m in provider.role_mappings.all() if m.claim_value in values}


@transaction.atomic
def provision(provider: IdentityProvider, claims: dict) -> User:
    """Create or update the user the claims describe, with the roles mapped from the claims."""
    check_claims(provider, claims)
    subject = str(claims["sub"])
    username = normalise_username(str(claims[provider.username_claim]))
    identity = (ExternalIdentity.objects.select_for_update().select_related("user")
                .filter(provider=provider, subject=subject).first())
    if identity is None:
        if User.objects.filter(username=username).exists():
            raise SSORefused(
                _("Inloggen geweigerd: er bestaat al een ander account met de gebruikersnaam '%(username)s'. "
                  "Vraag uw functioneel beheerder om dit op te lossen.") % {"username": username},
                detail="username taken by another account", username=username)
        user = User(username=username, organisation=provider.organisation)
        user.set_unusable_password()
    else:
        user = identity.user
        if user.organisation_id != provider.organisation_id:
            raise SSORefused(_("Inloggen geweigerd: dit account hoort bij een andere organisatie."),
                             detail="account of another organisation", username=username)
        if not user.is_active:
            raise SSORefused(_("Inloggen geweigerd: dit account is uitgeschakeld."),
                             detail="inactive account", username=user.username)
    for field, claim in (("email", provider.email_claim), ("first_name", provider.first_name_claim),
                         ("last_name", provider.last_name_claim)):
        if claim and isinstance(claims.get(claim), str):
            setattr(user, field, claims[claim][:User._meta.get_field(field).max_length])
    user.save()
    if identity is None:
        identity = ExternalIdentity.objects.create(provider=provider, subject=subject, user=user)
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])

    roles = mapped_roles(provider, claims)
    current = RoleAssignment.objects.filter(user=user, organisation=provider.organisation)
    current.exclude(role__in=roles).delete()
    have = set(current.values_list("role", flat=True))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, organisation=provider.organisation, role=role) for role in sorted(roles - have)])
    user._roles_cache = None
    return user


class IdentityProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, configured per request from the organisation's identity provider."""

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.provider = None

    def _configure(self, provider: IdentityProvider) -> None:
        document = discovery(provider)
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or SESSION_PENDING not in request.session:
            return None  # not an OIDC callback: username + password logins go to the other backends
        provider = provider_from_session(request, SESSION_PENDING)
        if provider is None:
            return None
        try:
            self._configure(provider)
            return super().authenticate(request, **kwargs)
        except SSORefused as refusal:
            request.session[SESSION_REFUSAL] = refusal.message
            record_event(request, SecurityEvent.Kind.SSO_REFUSED, user=None, username=refusal.username,
                         detail=f"{provider.organisation.slug}: {refusal.detail}", organisation=provider.organisation)
            return None
        except (requests.RequestException, SuspiciousOperation, jwt.PyJWTError, KeyError, ValueError) as exc:
            logger.warning("single sign-on failed for %s: %s", provider.organisation.slug, exc)
            request.session[SESSION_REFUSAL] = _(
                "Inloggen via %(organisation)s is niet gelukt. Probeer het opnieuw of neem contact op met "
                "uw functioneel beheerder.") % {"organisation": provider.organisation}
            record_event(request, SecurityEvent.Kind.SSO_REFUSED, user=None, organisation=provider.organisation,
                         detail=f"{provider.organisation.slug}: {type(exc).__name__}: {exc}"[:500])
            return None

    def _verify_jws(self, payload, key):
        """Also check the issuer and the audience (the library leaves both unchecked)."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("ID token signed with an unexpected algorithm")
        return jwt.decode(payload, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
                          issuer=discovery(self.provider)["issuer"], options={"require": ["exp", "iat", "sub"]})

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload) if self.OIDC_OP_USER_ENDPOINT else {}
        claims = {**payload, **claims}
        if str(claims.get("sub")) != str(payload.get("sub")):
            raise SSORefused(_("Inloggen via de identiteitsprovider is niet gelukt."),
                             detail="userinfo names another subject than the ID token")
        user = provision(self.provider, claims)
        user.sso_mfa = mfa_done(self.provider, payload)  # from the signed ID token only
        return user

    def get_user(self, user_id):
        """The session's user, while the account is active (as Django's ModelBackend)."""
        from .backends import get_user_by_id

        user = get_user_by_id(user_id)  # prepared once per process (ADR 0133)
        return user if user is not None and user.is_active else None


class StartView(OIDCAuthenticationRequestView):
    """Send the browser to the organisation's identity provider."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request, slug):
        from django.http import Http404

        provider = active_providers().filter(organisation__slug=slug).first()
        if provider is None:
            raise Http404
        self.provider = provider
        self.OIDC_OP_AUTH_ENDPOINT = discovery(provider)["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        request.session[SESSION_PENDING] = provider.pk
        return super().get(request)

    def get_settings(self, attr, *args):
        if attr == "OIDC_RP_SCOPES":
            return " ".join(self.provider.scope_list)
        from mozilla_django_oidc.utils import import_from_settings

        return import_from_settings(attr, *args)


class CallbackView(OIDCAuthenticationCallbackView):
    """Finish the login: the session counts as two-factor only when the provider did MFA."""

    @property
    def failure_url(self):
        from django.shortcuts import resolve_url

        if self.request.user.is_authenticated:
            return resolve_url(settings.LOGIN_REDIRECT_URL)  # a stray visit while logged in changes nothing
        return resolve_url(settings.LOGIN_URL)

    def login_failure(self):
        from django.contrib import messages

        message = self.request.session.pop(SESSION_REFUSAL, None) or _(
            "Inloggen via de identiteitsprovider is niet gelukt.")
        messages.error(self.request, message)
        return super().login_failure()

    def login_success(self):
        from django_otp import login as otp_login

        self.user.backend = "privacyregie.core.sso.IdentityProviderBackend"
        provider_id = self.request.session.pop(SESSION_PENDING, None)
        mfa = getattr(self.user, "sso_mfa", False)
        response = super().login_success()
        self.request.session[SESSION_PROVIDER] = provider_id  # for the second factor and the logout
        if mfa:
            device, _created = IdentityProviderDevice.objects.get_or_create(
                user=self.user, name="identiteitsprovider", defaults={"confirmed": True})
            otp_login(self.request, device)
        record_event(self.request, SecurityEvent.Kind.SSO_LOGIN, user=self.user,
                     detail="mfa by identity provider" if mfa else "second factor by Privacyregie")
        return response


def end_session_url(request, provider: IdentityProvider | None, id_token: str | None) -> str | None:
    """The provider's RP-initiated logout URL, when it offers one."""
    if provider is None:
        return None
    try:
        endpoint = discovery(provider).get("end_session_endpoint")
    except (requests.RequestException, SuspiciousOperation, ValueError):
        return None
    if not endpoint:
        return None
    from django.urls import reverse

    params = {"client_id": provider.client_id,
              "post_logout_redirect_uri": request.build_absolute_uri(reverse("two_factor:login"))}
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(params)}"
