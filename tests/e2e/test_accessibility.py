"""Every page type, in a real browser: WCAG 2.1 AA checks with axe-core, and no sideways scrolling on a phone.

The pages are the HTML routes of the access matrix (``<app>/tests/access.py``): each page is opened by a
role that may see it, plus the start page of every role. axe-core (bundled by ``axe-playwright-python``)
runs the WCAG 2.0/2.1 A and AA rules at desktop width; any critical or serious violation fails. Then the
same page is loaded at 390 px (a phone) and must not be wider than the screen. The pages are checked in
``PARTS`` parts (every PARTS-th page), so that the suite's workers share them.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from privacyregie.core.tests.matrix import ROLE_USERS
from privacyregie.core.tests.utils import login_verified
from tests.e2e.conftest import ARTIFACTS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
BLOCKING = {"critical", "serious"}
# Role order when choosing who opens a page: the people who work with it day to day first.
ROLE_PREFERENCE = ("privacy_officer", "ciso", "case_worker_youth", "team_lead", "functional_admin",
                   "information_manager", "management", "council", "case_worker_wmo", "chain_partner", "supplier",
                   "other_org_privacy_officer", "no_role")
NOT_PAGES = {"web:root", "web:health", "core:health_live", "core:health_ready", "two_factor:login", "two_factor:setup",
             "two_factor:qr", "core:enrolment_done", "core:recovery_codes"}


def _page_routes():
    from tests.test_access_matrix import ROUTES

    seen, pages = set(), []
    for route in ROUTES:
        if route.method != "get" or route.name.startswith("api:") or route.name in NOT_PAGES:
            continue
        role = next((r for r in ROLE_PREFERENCE if route.expected(r) == 200), None)
        key = (route.name, role)
        if role is None or key in seen:
            continue
        seen.add(key)
        pages.append((route, role))
    return pages


def _session_cookie(username: str, base_url: str) -> dict:
    client = Client()
    login_verified(client, username)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}


def _open(browser, base_url, username, viewport):
    context = browser.new_context(base_url=base_url, locale="nl-NL", timezone_id="Europe/Amsterdam", viewport=viewport)
    context.add_cookies([_session_cookie(username, base_url)])
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _is_html(response) -> bool:
    return response is not None and response.headers.get("content-type", "").startswith("text/html")


def _axe_problems(axe, page, where: str) -> list[str]:
    """The critical and serious WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    problems = []
    for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"][:3]]
            problems.append(f"{where}: {violation['id']} ({violation['impact']}) {violation['help']} at {targets}")
    return problems


def _too_wide(page, where: str) -> list[str]:
    """A problem when the page scrolls sideways on a phone (a table in its scroll wrapper may be wider)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"]:
        return []
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                     && !e.closest('.table-scroll, pre, .landscape-viewport'))
        .slice(0, 3).map(e => e.tagName + '.' + e.className)""")
    return [f"{where}: {width} px wide at 390 px (widest: {wide})"]


def _visits():
    """(route, role, url) of every page type, plus the start page of every role."""
    visits = [(route, role, reverse(route.name, kwargs=route.kwargs() if route.kwargs else None))
              for route, role in _page_routes()]
    return visits + [(None, role, reverse("web:home")) for role in ROLE_USERS]


# The pages are checked in a few parts so that the suite's workers share them; together they are every page.
PARTS = 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_type_meets_wcag_aa_and_fits_a_phone(browser, live_server, demo_world, shot, part):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    axe = Axe()
    visits = _visits()
    assert len(visits) > 60, "the access matrix lists fewer pages than expected"
    visits = visits[part::PARTS]

    contexts, problems, checked = {}, [], 0
    ARTIFACTS.mkdir(exist_ok=True)
    report = (ARTIFACTS / f"a11y-report-{part + 1}-of-{PARTS}.txt").open("w", encoding="utf-8")
    try:
        for route, role, url in visits:
            for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                key = (role, viewport_name)
                if key not in contexts:
                    contexts[key] = _open(browser, live_server.url, ROLE_USERS[role], viewport)
                page = contexts[key][1]
                try:
                    response = page.goto(url)
                except PlaywrightError as exc:
                    if "Download is starting" in str(exc):
                        break  # a download (PDF, CSV, XLSX): not a page
                    raise
                if not _is_html(response):
                    break  # a download (PDF, CSV, SVG): not a page
                if viewport_name == "desktop":
                    checked += 1
                    found = _axe_problems(axe, page, f"{url} as {role}")
                else:
                    found = _too_wide(page, f"{url} as {role}")
                    if found:
                        shot(page, f"a11y-too-wide-{route.name.replace(':', '-') if route else 'home-' + role}")
                for problem in found:
                    print(problem, file=report, flush=True)
                problems += found
    finally:
        report.close()
        for context, _page in contexts.values():
            context.close()
    assert checked > 50 // PARTS
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_single_sign_on_pages_meet_wcag_aa_and_fit_a_phone(browser, live_server, demo_world, shot):
    """The login page with an organisation's sign-on button, and the own second factor after a sign-on without
    the provider's MFA (empty, and with a wrong code): not walked by the access matrix, so checked here."""
    from axe_playwright_python.sync_playwright import Axe

    from privacyregie.core.models import IdentityProvider, Organisation, User

    IdentityProvider.objects.create(organisation=Organisation.objects.get(slug="bel"), issuer="https://idp.example.org",
                                    client_id="privacyregie", client_secret_env="OIDC_SECRET_TEST")
    signed_on = Client()
    signed_on.force_login(User.objects.get(username="ciso"))  # password-level login, no second factor yet
    cookie = {"name": "sessionid", "value": signed_on.cookies["sessionid"].value, "url": live_server.url}
    axe, problems = Axe(), []
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                      viewport=viewport)
        page = context.new_page()

        def check(where):
            where = f"{where} ({viewport_name})"
            return _axe_problems(axe, page, where) if viewport_name == "desktop" else _too_wide(page, where)

        try:
            page.goto(reverse("two_factor:login"))
            expect(page.locator(".sso-options a:has-text('Inloggen via BEL Combinatie')")).to_be_visible()
            problems += check("login page with single sign-on")
            context.add_cookies([cookie])
            page.goto(reverse("core:sso_verify"))
            problems += check("own second factor")
            page.fill("#id_otp_token", "000000")
            page.click("form:has(#id_otp_token) button[type=submit]")
            assert "Deze code klopt niet" in page.content()
            problems += check("own second factor, wrong code")
            shot(page, f"a11y-sso-verify-wrong-code-{viewport_name}")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_phone_navigation_collapses_behind_a_menu_button(browser, live_server, demo_world, shot):
    context, page = _open(browser, live_server.url, "fg", PHONE)
    try:
        page.goto("/start/")
        toggle = page.locator(".nav-toggle")
        expect(toggle).to_be_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        expect(page.locator("#side-nav")).to_be_hidden()
        # The content starts on the first screen, not after a screen and a half of menu.
        assert page.locator("main h1").bounding_box()["y"] < PHONE["height"] / 2
        shot(page, "a11y-phone-start-fg")
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        expect(page.locator("#side-nav")).to_be_visible()
        shot(page, "a11y-phone-menu-open-fg")
        page.goto(reverse("kernel:log"))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(page, "a11y-phone-log-fg")
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_long_menu_is_grouped_and_each_group_opens_by_keyboard(browser, live_server, demo_world, shot):
    """The privacy officer's menu (some forty items) shows its groups as headings with a button each; the
    group of the current page is open, the others open with the keyboard and stay open on the next page."""
    for size, name in (({"width": 1280, "height": 900}, "desktop"), (PHONE, "phone")):
        context, page = _open(browser, live_server.url, "fg", size)
        try:
            page.goto(reverse("kernel:log"))
            if name == "phone":
                page.locator(".nav-toggle").click()
            nav = page.locator("#side-nav")
            groups = nav.locator("h2 button.side-nav__group")
            assert groups.count() >= 6
            current = nav.locator("h2#nav-toegang button")
            assert current.get_attribute("aria-expanded") == "true"  # the log is in "Logboek en toegang"
            expect(nav.locator("a[aria-current='page']")).to_be_visible()
            registers = nav.locator("h2#nav-registers button")
            assert registers.get_attribute("aria-expanded") == "false"
            expect(nav.locator("#nav-registers-items")).to_be_hidden()
            shot(page, f"menu-groups-{name}-fg")
            registers.focus()
            page.keyboard.press("Enter")
            assert registers.get_attribute("aria-expanded") == "true"
            expect(nav.locator("#nav-registers-items a", has_text="Verwerkingsregister")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
            shot(page, f"menu-groups-{name}-open-fg")
            page.goto(reverse("web:home"))  # stays open in this tab
            if name == "phone":
                page.locator(".nav-toggle").click()
            assert nav.locator("h2#nav-registers button").get_attribute("aria-expanded") == "true"
            # the start page lists every destination, grouped under the same headings
            assert page.locator("main .link-group h3").count() >= 6
            shot(page, f"start-{name}-fg")
        finally:
            context.close()


@pytest.mark.django_db(transaction=True)
def test_page_titles_read_page_then_product(page, login_as):
    login_as(page, "fg")
    assert page.title() == "Start – Privacyregie"
    page.goto(reverse("kernel:log"))
    assert page.title().endswith(" – Privacyregie")
    assert "Privacyregie" not in page.title().removesuffix(" – Privacyregie")


@pytest.mark.django_db(transaction=True)
def test_enter_in_the_code_field_submits_the_code(page, shot):
    from privacyregie.core.demo import DEMO_PASSWORD
    from tests.e2e.conftest import _fresh_code

    page.goto("/account/inloggen/")
    page.fill("#id_auth-username", "ciso")
    page.fill("#id_auth-password", DEMO_PASSWORD)
    page.press("#id_auth-password", "Enter")
    page.wait_for_selector("#id_token-otp_token")
    page.fill("#id_token-otp_token", _fresh_code("ciso"))
    page.press("#id_token-otp_token", "Enter")
    page.wait_for_url("**/start/")
    assert page.locator("h1").inner_text().startswith("Welkom")
    shot(page, "login-enter-submits-code")


@pytest.mark.django_db(transaction=True)
def test_a_user_without_a_role_is_told_whom_to_ask_and_can_log_out(page, login_as, shot):
    login_as(page, "zonder.rol")
    assert page.locator("h1").inner_text() == "U heeft nog geen rol"
    assert "functioneel beheerder" in page.content()
    assert page.locator("main a:has-text('startpagina')").count() == 0  # no link in a circle back here
    shot(page, "no-role-start")
    page.click("main button:has-text('Uitloggen')")
    page.wait_for_url("**/account/inloggen/")
