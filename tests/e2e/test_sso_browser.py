# ruff: noqa: F811 - pytest injects the imported fixtures by parameter name
"""Single sign-on in a real browser (Debian's chromium): the login and the logout at both ends.

Proves what an HTTP client cannot: the Content Security Policy lets the browser go to the identity
provider and back (login link, the logout page's refresh to the provider's end_session_endpoint).
"""

import pytest

from privacyregie.core.models import User

# The provider and its accounts come from the SSO suite's fixtures; the browser is this suite's one chromium
# per worker (a second Playwright instance in the same process would clash with it).
from tests.oidc.conftest import PASSWORD, accounts, claims, needs_node, op_accounts, op_server, organisation  # noqa: F401

pytestmark = [needs_node, pytest.mark.e2e]


@pytest.fixture
def page(browser, live_server, organisation):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_login_and_logout_through_the_identity_provider(page, accounts, organisation, op_server):
    accounts({"joke": {"claims": claims("joke"), "amr": ["pwd", "mfa"]}})
    page.goto("/account/inloggen/")
    page.click("text=Inloggen via Gemeente Noorderveld")
    page.wait_for_url(f"{op_server}/interaction/**")
    page.fill("input[name=login]", "joke")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/start/")
    assert User.objects.get(username="joke").organisation == organisation

    page.goto("/account/profiel/")
    page.click("form[action$='/account/uitloggen/'] button[type=submit]")
    # the logout page continues to the provider, which asks to confirm its own sign-out
    page.wait_for_url(f"{op_server}/session/end**")
    page.click("button[value=yes]")
    page.wait_for_url("**/account/inloggen/")
    page.goto("/start/")
    page.wait_for_url("**/account/inloggen/**")
