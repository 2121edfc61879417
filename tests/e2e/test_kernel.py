"""Browser journey: the privacy officer filters the processing log and downloads it in the format of
the Logboek dataverwerkingen standard (OTLP JSON with the dpl.core attributes)."""

import json

import pytest
from playwright.sync_api import expect

from privacyregie.kernel import otlp


@pytest.mark.django_db(transaction=True)
def test_privacy_officer_downloads_the_filtered_log_as_otlp_json(page, login_as, shot):
    login_as(page, "fg")
    page.goto("/privacy/verwerkingslogboek/")
    page.select_option("#id_action", "view")
    page.click("button:has-text('Filteren')")
    link = page.locator("a:has-text('Downloaden als OTLP JSON')")
    expect(link).to_be_visible()
    shot(page, "kernel-01-logboek-otlp-download")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("verwerkingslogboek-")
    assert download.suggested_filename.endswith(".otlp.json")
    with open(download.path(), encoding="utf-8") as fh:
        document = json.load(fh)
    spans = [s for rs in document["resourceSpans"] for ss in rs["scopeSpans"] for s in ss["spans"]]
    assert spans and all(s["name"] and s["startTimeUnixNano"] and s["endTimeUnixNano"] for s in spans)
    assert {row["action"] for row in otlp.parse(document)} == {"view"}
