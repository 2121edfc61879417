"""Single sign-on rules without a provider: claims checks, role mapping, what counts as MFA.

The whole protocol is tested against a real OpenID provider in tests/oidc/test_sso.py.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from privacyregie.core import sso
from privacyregie.core.models import ExternalIdentity, IdentityProvider, IdentityProviderDevice, IdentityProviderRole, User
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    org = OrganisationFactory(slug="zuidstad", name="Gemeente Zuidstad")
    idp = IdentityProvider.objects.create(
        organisation=org, issuer="https://login.zuidstad.nl/realms/medewerkers", client_id="privacyregie",
        client_secret_env="OIDC_SECRET_ZUIDSTAD", organisation_claim="tid", organisation_claim_value="zs-1",
        roles_claim="groups", required_claims="email", mfa_amr_values="mfa otp", mfa_acr_values="loa2 loa3")
    IdentityProviderRole.objects.create(provider=idp, claim_value="PR-Consulent", role=Role.CASE_WORKER)
    IdentityProviderRole.objects.create(provider=idp, claim_value="PR-FG", role=Role.PRIVACY_OFFICER)
    return idp


def claims(**extra):
    data = {"sub": "abc-123", "preferred_username": "p.jansen", "email": "p.jansen@zuidstad.nl",
            "tid": "zs-1", "groups": ["PR-Consulent", "Iedereen"]}
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(("token", "expected"), [
    ({"amr": ["pwd"]}, False),
    ({"amr": ["pwd", "mfa"]}, True),
    ({"amr": "otp"}, True),
    ({"acr": "loa2"}, True),
    ({"acr": "loa1", "amr": ["pwd"]}, False),
    ({}, False),
    ({"acr": ""}, False),
])
def test_what_counts_as_mfa(provider, token, expected):
    assert sso.mfa_done(provider, token) is expected


def test_provision_creates_user_with_mapped_roles(provider):
    user = sso.provision(provider, claims())
    assert user.organisation == provider.organisation
    assert user.roles == [Role.CASE_WORKER]
    assert not user.has_usable_password()
    assert ExternalIdentity.objects.get(provider=provider, subject="abc-123").user == user


def test_provision_replaces_roles_and_finds_the_user_by_subject(provider):
    first = sso.provision(provider, claims())
    again = sso.provision(provider, claims(preferred_username="piet.jansen", groups=["PR-FG"]))
    assert again.pk == first.pk
    assert User.objects.get(pk=first.pk).roles == [Role.PRIVACY_OFFICER]


@pytest.mark.parametrize(("bad", "words"), [
    ({"tid": "andere-tenant"}, "onbekend"),
    ({"tid": None}, "tid"),
    ({"email": None}, "ontbreekt: email"),
    ({"preferred_username": None}, "preferred_username"),
    ({"sub": None}, "sub"),
])
def test_refusals_change_nothing(provider, bad, words):
    users = User.objects.count()
    with pytest.raises(sso.SSORefused) as refusal:
        sso.provision(provider, claims(**bad))
    assert words in refusal.value.message
    assert User.objects.count() == users
    assert not ExternalIdentity.objects.exists()


def test_an_existing_local_account_is_not_taken_over(provider):
    User.objects.create_user(username="p.jansen", password="een-lang-wachtwoord")
    with pytest.raises(sso.SSORefused):
        sso.provision(provider, claims())
    assert not ExternalIdentity.objects.exists()


def test_a_disabled_account_stays_out(provider):
    user = sso.provision(provider, claims())
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(sso.SSORefused):
        sso.provision(provider, claims())


def test_the_providers_device_is_not_an_own_second_factor(provider):
    user = sso.provision(provider, claims())
    IdentityProviderDevice.objects.create(user=user, name="identiteitsprovider", confirmed=True)
    assert not IdentityProviderDevice.objects.get(user=user).verify_token("123456")
    assert sso.has_own_second_factor(user) is False
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    assert sso.has_own_second_factor(user) is True


@override_settings(SSO_ALLOW_HTTP=False)
def test_configuration_is_checked(provider):
    provider.issuer = "http://login.zuidstad.nl"
    with pytest.raises(ValidationError) as error:
        provider.full_clean()
    assert "issuer" in error.value.message_dict
    provider.issuer = "https://login.zuidstad.nl"
    provider.client_secret_env = "GEHEIM; rm -rf"
    with pytest.raises(ValidationError):
        provider.full_clean()


def test_client_secret_comes_from_the_environment(provider, monkeypatch):
    monkeypatch.setenv("OIDC_SECRET_ZUIDSTAD", "s3cret")
    assert provider.client_secret == "s3cret"
    assert "s3cret" not in str(IdentityProvider.objects.filter(pk=provider.pk).values().first())


def test_login_page_offers_only_active_providers(client, provider):
    page = client.get("/account/inloggen/")
    assert "Inloggen via Gemeente Zuidstad" in page.content.decode()
    IdentityProvider.objects.update(is_active=False)
    assert "Inloggen via" not in client.get("/account/inloggen/").content.decode()


def test_deploy_check_warns_about_a_missing_secret_and_plain_http(provider, monkeypatch):
    from privacyregie.core.checks import single_sign_on_check

    monkeypatch.delenv("OIDC_SECRET_ZUIDSTAD", raising=False)
    with override_settings(SSO_ALLOW_HTTP=True):
        ids = [w.id for w in single_sign_on_check(None)]
    assert ids == ["privacyregie.W005", "privacyregie.W006"]
    monkeypatch.setenv("OIDC_SECRET_ZUIDSTAD", "s3cret")
    with override_settings(SSO_ALLOW_HTTP=False, OIDC_VERIFY_SSL=True):
        assert single_sign_on_check(None) == []


def test_a_disabled_sso_account_loses_its_session(provider):
    user = sso.provision(provider, claims())
    backend = sso.IdentityProviderBackend()
    assert backend.get_user(user.pk) == user
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(user.pk) is None
