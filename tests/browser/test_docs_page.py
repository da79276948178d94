"""The API documentation at /docs renders in real Chromium with no network beyond the app (field report: a blank
page without internet, Swagger UI came from a CDN), under the page's CSP, and its "Try it out" reaches the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LiveServer
from playwright.sync_api import Route, expect, sync_playwright

from app.ops.settings import Settings
from app.web.application import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def api() -> Iterator[LiveServer]:
    with LiveServer(create_app(Settings(rate_limit="off"))) as server:
        yield server


def test_docs_render_offline_under_the_csp_and_try_it_out_works(api: LiveServer, chromium_path: str, output_dir: Path) -> None:
    elsewhere: list[str] = []
    problems: list[str] = []

    def offline(route: Route) -> None:  # the machine has no internet: anything not from the app fails
        if route.request.url.startswith(api.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"], headless=True)
        try:
            page = browser.new_page()
            page.route("**/*", offline)
            page.on("console", lambda message: problems.append(message.text) if message.type in {"error", "warning"} else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                                 "console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI))")
            page.goto(api.url + "/docs")
            expect(page.locator(".info .title")).to_contain_text("IVIG for TEN")
            health = page.locator(".opblock", has_text="/api/v1/health").first
            expect(health).to_be_visible()
            assert page.locator(".opblock").count() >= 8  # every operation of the schema
            health.locator(".opblock-summary").click()
            page.get_by_role("button", name="Try it out").click()
            page.get_by_role("button", name="Execute").click()
            expect(health.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
            expect(health.locator(".live-responses-table")).to_contain_text("disclaimer")
            page.screenshot(path=str(output_dir / "docs-offline.png"))
        finally:
            browser.close()
    assert elsewhere == [] and problems == []
