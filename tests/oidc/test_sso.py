"""Single sign-on against a real OpenID provider (the certified `oidc-provider` on Node.js).

The provider (tests/oidc/provider.mjs) runs as a subprocess on a free port; Django's live server is the
relying party. An HTTP client follows the whole flow as a browser would: the login page, the
redirect to the provider, its login page, back to Privacyregie, logout at both. Nothing of the
protocol is mocked. Each test gives the provider's accounts their own claims (ACCOUNTS_FILE).
"""

import re
from html import unescape
from urllib.parse import urljoin

import requests
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from privacyregie.core.models import ExternalIdentity, IdentityProvider, SecurityEvent, User
from privacyregie.core.roles import Role
from tests.oidc.conftest import PASSWORD, claims, needs_node

pytestmark = needs_node


def _form(html):
    """The action and fields of the first form on a page."""
    form = re.search(r"<form[^>]*>(.*?)</form>", html, re.S)
    assert form, html[:2000]
    action = unescape(re.search(r'action="([^"]*)"', form.group(0)).group(1))
    fields = {unescape(name): unescape(value) for name, value in
              re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(1))}
    return action, fields


def sso_login(browser, live_server, login, slug="noorderveld"):
    """From Privacyregie's login page through the provider's login page back to Privacyregie."""
    page = browser.get(live_server.url + reverse("two_factor:login"))
    assert f'href="{reverse("core:sso_start", args=[slug])}"' in page.text
    page = browser.get(live_server.url + reverse("core:sso_start", args=[slug]))
    assert "Test identity provider" in page.text, page.text[:1000]
    action, _fields = _form(page.text)
    return browser.post(urljoin(page.url, action), data={"login": login, "password": PASSWORD})


def path_of(response, live_server):
    assert response.url.startswith(live_server.url), response.url
    return response.url[len(live_server.url):]


def csrf_post(browser, live_server, path, data=None):
    page = browser.get(live_server.url + reverse("core:profile"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return browser.post(live_server.url + path, data={"csrfmiddlewaretoken": token, **(data or {})},
                        headers={"Referer": live_server.url + reverse("core:profile")})


def test_login_page_unchanged_without_identity_provider(live_server, transactional_db):
    page = requests.get(live_server.url + reverse("two_factor:login"), timeout=10)
    assert page.status_code == 200
    assert "Inloggen via" not in page.text


def test_login_with_mfa_at_provider_maps_roles_and_counts_as_two_factor(live_server, organisation, accounts):
    accounts({"anna": {"claims": claims("anna", roles=["pr-consulenten", "andere-groep"]), "amr": ["pwd", "mfa"]}})
    browser = requests.Session()
    response = sso_login(browser, live_server, "anna")

    assert path_of(response, live_server) == reverse("web:home")
    assert response.status_code == 200
    user = User.objects.get(username="anna")
    assert user.organisation == organisation
    assert user.roles == [Role.CASE_WORKER]
    assert user.email == "anna@noorderveld.nl" and user.last_name == "Anna"
    assert not user.has_usable_password()
    assert ExternalIdentity.objects.get(user=user).subject == "anna"
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SSO_LOGIN, user=user).exists()
    # a page that needs two factors and the case worker's role
    assert browser.get(live_server.url + reverse("core:profile")).status_code == 200


def test_roles_follow_the_provider_at_every_login(live_server, organisation, accounts):
    accounts({"bert": {"claims": claims("bert", roles=["pr-consulenten", "pr-beheer"]), "amr": ["mfa"]}})
    sso_login(requests.Session(), live_server, "bert")
    assert sorted(User.objects.get(username="bert").roles) == sorted([Role.CASE_WORKER, Role.FUNCTIONAL_ADMIN])

    accounts({"bert": {"claims": claims("bert", roles=["pr-beheer"]), "amr": ["mfa"]}})
    sso_login(requests.Session(), live_server, "bert")
    assert User.objects.get(username="bert").roles == [Role.FUNCTIONAL_ADMIN]
    assert User.objects.filter(username="bert").count() == 1


def test_acr_level_counts_as_mfa(live_server, organisation, accounts):
    accounts({"cees": {"claims": claims("cees"), "amr": ["pwd"], "acr": "urn:test:loa:substantial"}})
    response = sso_login(requests.Session(), live_server, "cees")
    assert path_of(response, live_server) == reverse("web:home")


def test_without_provider_mfa_a_new_user_sets_up_totp(live_server, organisation, accounts):
    accounts({"dirk": {"claims": claims("dirk"), "amr": ["pwd"]}})
    browser = requests.Session()
    response = sso_login(browser, live_server, "dirk")
    assert path_of(response, live_server) == reverse("two_factor:setup")
    # not verified: no page that needs two factors
    home = browser.get(live_server.url + reverse("web:home"))
    assert path_of(home, live_server) == reverse("two_factor:setup")


def test_without_provider_mfa_a_user_with_totp_gives_the_code(live_server, organisation, accounts):
    accounts({"eva": {"claims": claims("eva"), "amr": ["pwd"]}})
    sso_login(requests.Session(), live_server, "eva")
    device = TOTPDevice.objects.create(user=User.objects.get(username="eva"), name="default", confirmed=True)

    browser = requests.Session()
    response = sso_login(browser, live_server, "eva")
    assert path_of(response, live_server) == reverse("core:sso_verify")
    assert "authenticator-app" in response.text

    def post_code(code):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
        return browser.post(live_server.url + reverse("core:sso_verify"),
                            data={"csrfmiddlewaretoken": token, "otp_token": code},
                            headers={"Referer": live_server.url + reverse("core:sso_verify")})

    wrong = post_code("000000" if TOTP(device.bin_key).token() != 0 else "111111")
    assert "Deze code klopt niet" in wrong.text
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OTP_FAILED, username="eva").exists()
    assert path_of(browser.get(live_server.url + reverse("web:home")), live_server) == reverse("core:sso_verify")

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = post_code(f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}")
    assert path_of(ok, live_server) == reverse("web:home")


def test_unknown_organisation_is_refused_and_nothing_created(live_server, organisation, accounts):
    accounts({"frits": {"claims": claims("frits", organisation="zuiderveld"), "amr": ["mfa"]}})
    users_before = User.objects.count()
    response = sso_login(requests.Session(), live_server, "frits")

    assert path_of(response, live_server) == reverse("two_factor:login")
    assert "Inloggen geweigerd" in unescape(response.text)
    assert "zuiderveld" in unescape(response.text) and "onbekend" in unescape(response.text)
    assert User.objects.count() == users_before
    assert not ExternalIdentity.objects.exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SSO_REFUSED)
    assert "unknown organisation" in event.detail and event.username == "frits"
    assert event.organisation == organisation  # on the CISO's page of the organisation


def test_missing_required_claim_is_refused_and_nothing_created(live_server, organisation, accounts):
    accounts({"greet": {"claims": claims("greet", email=None), "amr": ["mfa"]}})
    response = sso_login(requests.Session(), live_server, "greet")

    assert path_of(response, live_server) == reverse("two_factor:login")
    assert "ontbreekt: email" in unescape(response.text)
    assert not User.objects.filter(username="greet").exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SSO_REFUSED, detail__contains="email").exists()


def test_local_account_name_is_not_taken_over(live_server, organisation, accounts):
    User.objects.create_user(username="hans", password="een-lang-wachtwoord", organisation=organisation)
    accounts({"hans": {"claims": claims("hans"), "amr": ["mfa"]}})
    response = sso_login(requests.Session(), live_server, "hans")
    assert path_of(response, live_server) == reverse("two_factor:login")
    assert "al een ander account" in unescape(response.text)
    assert not ExternalIdentity.objects.exists()
    assert User.objects.get(username="hans").has_usable_password()


def test_logout_ends_the_local_session_and_the_provider_session(live_server, organisation, accounts):
    accounts({"ilse": {"claims": claims("ilse"), "amr": ["mfa"]}})
    browser = requests.Session()
    sso_login(browser, live_server, "ilse")

    logged_out = csrf_post(browser, live_server, reverse("core:logout"))
    # Privacyregie's session ends at once; the page sends the browser on to the provider's end_session_endpoint
    assert path_of(logged_out, live_server) == reverse("core:logout") and logged_out.status_code == 200
    end_session = unescape(re.search(r'id="sso-logout" href="([^"]+)"', logged_out.text).group(1))
    assert f'http-equiv="refresh" content="0;url={end_session}' in unescape(logged_out.text)
    assert end_session.startswith(organisation.identity_provider.issuer) and "id_token_hint=" in end_session
    assert path_of(browser.get(live_server.url + reverse("web:home")), live_server).startswith(
        reverse("two_factor:login"))
    # the provider asks to confirm its sign-out (RP-initiated logout) and then sends the browser back
    response = browser.get(end_session)
    action, fields = _form(response.text)
    back = browser.post(urljoin(response.url, action), data={**fields, "logout": "yes"})
    assert path_of(back, live_server) == reverse("two_factor:login")
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGOUT, username="ilse").exists()

    # the local session is gone
    home = browser.get(live_server.url + reverse("web:home"))
    assert path_of(home, live_server).startswith(reverse("two_factor:login"))
    # and so is the provider's: logging in again asks for the password at the provider
    again = browser.get(live_server.url + reverse("core:sso_start", args=["noorderveld"]))
    assert "Test identity provider" in again.text


def test_unknown_or_inactive_provider_is_not_offered(live_server, organisation):
    IdentityProvider.objects.filter(organisation=organisation).update(is_active=False)
    page = requests.get(live_server.url + reverse("two_factor:login"), timeout=10)
    assert "Inloggen via" not in page.text
    assert requests.get(live_server.url + reverse("core:sso_start", args=["noorderveld"]),
                        timeout=10).status_code == 404
