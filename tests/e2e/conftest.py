"""Browser tests with Playwright for Python on Debian's chromium (never a downloaded browser).

Fixtures: ``browser`` (one chromium per session), ``page`` (a fresh context per test,
with the live server's URL as ``page.base_url``), ``login_as(page, username)`` that logs
in through the real two-factor form with the demo account's TOTP secret (and acknowledges a new code of
conduct or signs the confidentiality statement when asked; ``accept_conduct=False`` stops there), and
``shot(page, name)`` that saves a full-page screenshot under ``test-artifacts/``.
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _content_waits_for_navigation():
    """``page.content()`` right after a click that submits a form can catch the page between two documents:
    it then returns an empty string (or raises "page is navigating"). Every page of the product has content,
    so an empty answer means "not loaded yet": ask again until the new document is there (at most 15 s)."""
    from playwright.sync_api import Error, Page

    if getattr(Page.content, "_waits", False):
        return
    original = Page.content

    def content(self):
        deadline = time.monotonic() + 15
        while True:
            try:
                html = original(self)
            except Error:
                if time.monotonic() > deadline:
                    raise
                html = ""
            if html or time.monotonic() > deadline:
                return html
            self.wait_for_timeout(100)

    content._waits = True
    Page.content = content


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run 'make test' (installs it with apt).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still
    # synchronous, so Django's async-safety guard must be told so (tests only).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    _content_waits_for_navigation()
    from playwright.sync_api import expect

    expect.set_options(timeout=15000)  # as patient as the page's own actions (set_default_timeout below)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo_world(transactional_db):
    """Transactional tests start from an empty database: load the demo data again."""
    call_command("load_demo", "--i-know-this-is-not-production", verbosity=0)


@pytest.fixture
def page(browser, live_server, demo_world):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def _fresh_code(username: str) -> str:
    """A TOTP code the server has not seen yet for this user (replay protection)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from privacyregie.core.demo import totp_key_hex
    from privacyregie.core.tests.utils import totp_code

    device = TOTPDevice.objects.get(user__username=username, name="default")
    now_t = int(time.time() // 30)
    target = max(now_t, (device.last_t or -1) + 1)
    if target > now_t + 1:  # both the current and next code were used: wait for a new window
        time.sleep((target - 1) * 30 - time.time() + 0.5)
    return totp_code(totp_key_hex(username), at=target * 30 + 1)


@pytest.fixture
def login_as():
    from privacyregie.core.demo import DEMO_PASSWORD

    def _login(page, username, password=DEMO_PASSWORD, accept_conduct=True):
        page.goto("/account/inloggen/")
        page.fill("#id_auth-username", username)
        page.fill("#id_auth-password", password)
        page.click("button[type=submit]:has-text('Volgende')")
        page.fill("#id_token-otp_token", _fresh_code(username))
        page.click("button[type=submit]:has-text('Bevestigen')")
        page.wait_for_url(lambda url: "/start/" in url or "/extern/geheimhouding/" in url
                          or "/mensen/gedragscode/" in url)
        if "/mensen/gedragscode/" in page.url and accept_conduct:
            # an employee asked for a new version of the code of conduct acknowledges it first (R23)
            page.check("#conduct-form input[type=checkbox]")
            page.click("#conduct-form button[type=submit]")
            page.wait_for_url("**/start/")
        if "/extern/geheimhouding/" in page.url:
            # an external user with something shared signs the confidentiality statement first (R23)
            page.check("form.form input[type=checkbox]")
            page.click("button[type=submit]:has-text('Accepteren')")
            page.wait_for_url("**/start/")
        return page

    return _login
