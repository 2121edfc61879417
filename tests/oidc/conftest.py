"""Fixtures for single sign-on tests: a real OpenID provider (tests/oidc/provider.mjs) on Node.js.

Helpers (not fixtures) for the tests: ``claims``, ``PASSWORD``, ``needs_node``.
"""

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.urls import reverse

from privacyregie.core.models import IdentityProvider, IdentityProviderRole, Organisation
from privacyregie.core.roles import Role

HERE = Path(__file__).resolve().parent
CLIENT_ID = "privacyregie-test"
SECRET_ENV = "OIDC_SECRET_TEST_PROVIDER"
PASSWORD = "geheim"

needs_node = pytest.mark.skipif(shutil.which("node") is None,
                                reason="Node.js ('node') is not installed: the test OpenID provider cannot run")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def op_accounts(tmp_path_factory):
    path = tmp_path_factory.mktemp("oidc") / "accounts.json"
    path.write_text("{}")
    return path


@pytest.fixture(scope="session")
def op_server(live_server, op_accounts):
    """The OpenID provider, registered with the live server's callback and login page."""
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("The test OpenID provider is not installed: run 'npm ci --prefix tests/oidc' (make test does).")
    port = _free_port()
    os.environ[SECRET_ENV] = "test-client-secret-" + os.urandom(8).hex()
    env = {**os.environ, "PORT": str(port), "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": os.environ[SECRET_ENV],
           "REDIRECT_URI": live_server.url + reverse("core:sso_callback"),
           "POST_LOGOUT_REDIRECT_URI": live_server.url + reverse("two_factor:login"),
           "ACCOUNTS_FILE": str(op_accounts)}
    process = subprocess.Popen(["node", str(HERE / "provider.mjs")], cwd=HERE, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The test OpenID provider stopped: {process.stderr.read()}")
        try:
            requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).raise_for_status()
            break
        except requests.RequestException:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("The test OpenID provider did not start within 20 seconds")
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def organisation(transactional_db, op_server):
    org = Organisation.objects.create(name="Gemeente Noorderveld", slug="noorderveld")
    provider = IdentityProvider.objects.create(
        organisation=org, issuer=op_server, client_id=CLIENT_ID, client_secret_env=SECRET_ENV,
        organisation_claim="organisation", organisation_claim_value="noorderveld", roles_claim="roles",
        required_claims="email", mfa_amr_values="mfa otp hwk", mfa_acr_values="urn:test:loa:substantial")
    IdentityProviderRole.objects.create(provider=provider, claim_value="pr-consulenten", role=Role.CASE_WORKER)
    IdentityProviderRole.objects.create(provider=provider, claim_value="pr-beheer", role=Role.FUNCTIONAL_ADMIN)
    return org


@pytest.fixture
def accounts(op_accounts):
    """Set the provider's accounts for this test: ``accounts({"login": {"claims": {...}, "amr": [...]}})``."""
    def write(data):
        op_accounts.write_text(json.dumps(data))
    yield write
    op_accounts.write_text("{}")


def claims(username, roles=("pr-consulenten",), organisation="noorderveld", **extra):
    data = {"preferred_username": username, "email": f"{username}@noorderveld.nl", "given_name": "Test",
            "family_name": username.title(), "organisation": organisation, "roles": list(roles)}
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}
