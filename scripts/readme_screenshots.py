"""Refresh the README's screenshots in docs/img/ from a running demo (`make run`).

    DEMO_MODE=1 .venv/bin/python scripts/readme_screenshots.py [http://127.0.0.1:8000]

Logs the demo accounts in through a verified session (demo database only) and photographs their start
pages on a desktop and on a phone (390 px) with Debian's chromium.
"""

import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privacyregie.settings")
django.setup()

from django.test import Client  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from privacyregie.core.models import demo_accounts_exist  # noqa: E402
from privacyregie.core.tests.utils import login_verified  # noqa: E402

SHOTS = [
    ("fg", "/start/", "start-fg.png", {"width": 1366, "height": 900}),
    ("consulent.jeugd", "/start/", "start-consulent.png", {"width": 1366, "height": 900}),
    ("raad", "/start/", "start-raad.png", {"width": 1366, "height": 900}),
    ("consulent.jeugd", "/start/", "phone-consulent.png", {"width": 390, "height": 844}),
]


def session_for(username: str) -> str:
    client = Client()
    login_verified(client, username)
    return client.cookies["sessionid"].value


def main(base_url: str) -> None:
    if not demo_accounts_exist():
        raise SystemExit("No demo accounts: run 'make run' (or 'make demo') first.")
    out = ROOT / "docs" / "img"
    sessions = {username: session_for(username) for username, *_ in SHOTS}  # before Playwright's event loop
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for username, path, name, viewport in SHOTS:
            context = browser.new_context(viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam")
            context.add_cookies([{"name": "sessionid", "value": sessions[username], "url": base_url}])
            page = context.new_page()
            response = page.goto(base_url + path)
            if response is None or response.status != 200 or page.url != base_url + path:
                # never put an error page or a login page in the README (it happened: three of them once)
                raise SystemExit(f"{username}: {path} answered {response.status if response else '-'} at {page.url}; "
                                 "nothing photographed. Is the demo running with its data (make run)?")
            page.screenshot(path=str(out / name), full_page=viewport["width"] > 400)
            context.close()
            print(out / name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
