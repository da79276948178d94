"""The staff lookup console (/staff) end to end, in real headless Chromium, against the real app on loopback.

Keyboard first, as a phone-support agent works: `/` to search, type, see ranked results with the matched words
highlighted, Enter to open, both languages side by side with their disclaimers, `c` / `C` to copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import LiveServer
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect, sync_playwright

from app.ops.settings import Settings
from app.web.application import create_app

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
EN_DISCLAIMER_START = "This information is not a substitute for medical advice"
ZH_DISCLAIMER_START = "此信息不能替代医疗建议或治疗"
HANT_DISCLAIMER_START = "此資訊不能替代醫療建議或治療"
OPTIONS = "#results [role=option]"


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer(create_app(Settings(rate_limit="off"))) as live:  # an agent types fast: no rate limit here
        yield live


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Console:
    """A page of the console with everything that went wrong on it recorded."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.page: Page = context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("dialog", lambda dialog: self.problems.append(f"dialog: {dialog.message}"))
        self.page.add_init_script(CSP_VIOLATIONS)
        self.response = self.page.goto(f"{base}/staff")
        expect(self.page.locator("h1")).not_to_be_empty()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            self.problems.append(f"console {message.type}: {message.text}")

    def assert_clean(self) -> None:
        violations = self.page.evaluate("window.__cspViolations")
        assert not self.problems and not violations, (self.problems, violations)


@pytest.fixture
def context(browser: Browser, server: LiveServer) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    yield context
    context.close()


def api(server: LiveServer, path: str, **params: Any) -> Any:
    return httpx.get(f"{server.url}{path}", params=params, timeout=10).json()


def clipboard(page: Page) -> str:
    return str(page.evaluate("navigator.clipboard.readText()"))


def test_type_see_ranked_results_open_both_languages_and_copy(
    context: BrowserContext, server: LiveServer, output_dir: Path
) -> None:
    console = Console(context, server.url)
    page = console.page
    assert console.response is not None
    assert "script-src 'self'" in console.response.headers["content-security-policy"]
    expect(page).to_have_title("Staff lookup console")
    expect(page.locator("#phone-link")).to_have_text("(877) 778-0318")
    expect(page.locator(".escalation-text")).to_contain_text("911")

    # `/` focuses the search from anywhere; results update as the agent types (debounced), best first.
    searches: list[str] = []
    page.on("request", lambda request: searches.append(request.url) if "/api/v1/search?" in request.url else None)
    page.locator(".detail-pane").click()
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("dose", delay=40)
    first = page.locator(OPTIONS).first
    expect(first.locator(".option-question")).to_have_text("What dose of IVIG is used for TEN?")
    assert 1 <= len(searches) < len("dose"), searches  # debounced: not one request per key
    expect(first.locator(".option-question mark")).to_have_text(["dose"])
    expect(page.locator("#status")).to_contain_text("Matching entries:")
    scores = [float(text.split()[-1]) for text in page.locator(f"{OPTIONS} .score").all_inner_texts()]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0.5

    # Enter opens the best result: English and Chinese side by side, each with its disclaimer.
    page.keyboard.press("Enter")
    english, chinese = page.locator("#entry-en"), page.locator("#entry-zh")
    expect(english.locator(".entry-question")).to_have_text("What dose of IVIG is used for TEN?")
    expect(chinese.locator(".entry-question")).to_contain_text("剂量")
    expect(english.locator(".entry-answer")).to_contain_text("3 g/kg")
    expect(chinese.locator(".entry-answer")).to_contain_text("3 g/kg")
    expect(chinese.locator(".entry-answer mark").first).to_have_text("剂量")  # an English query marks Chinese
    expect(english.locator(".entry-disclaimer")).to_be_visible()
    expect(english.locator(".entry-disclaimer")).to_contain_text(EN_DISCLAIMER_START)
    expect(chinese.locator(".entry-disclaimer")).to_be_visible()
    expect(chinese.locator(".entry-disclaimer")).to_contain_text(ZH_DISCLAIMER_START)
    expect(english.locator(".entry-sources a").first).to_have_attribute("href", re.compile(r"^https://"))
    box_en, box_zh = english.bounding_box(), chinese.bounding_box()
    assert box_en and box_zh and box_en["x"] < box_zh["x"] and abs(box_en["y"] - box_zh["y"]) < 2  # side by side
    page.screenshot(path=str(output_dir / "staff-console-en.png"), full_page=False)

    # `c` copies the English answer with its disclaimer, `C` the Chinese one.
    en_entry = api(server, "/api/v1/entries/ivig-dose", lang="en")
    zh_entry = api(server, "/api/v1/entries/ivig-dose", lang="zh")
    page.keyboard.press("c")
    expect(page.locator("#status")).to_have_text("Copied the answer and the disclaimer.")
    assert clipboard(page) == f"{en_entry['entry']['answer']}\n\n{en_entry['disclaimer']}"
    page.keyboard.press("Shift+C")
    page.wait_for_function("async () => (await navigator.clipboard.readText()).includes('此信息不能替代')")
    assert clipboard(page) == f"{zh_entry['entry']['answer']}\n\n{zh_entry['disclaimer']}"
    page.locator("#entry-en button.copy").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).startsWith('According')")

    # Arrow keys move through the results; Enter opens the one selected.
    page.keyboard.press("/")
    page.keyboard.type("how does IVIG work", delay=20)
    expect(page.locator(OPTIONS).first.locator(".option-question")).to_have_text(
        api(server, "/api/v1/search", q="how does IVIG work", lang="en")["results"][0]["question"]
    )
    expect(page.locator(OPTIONS).nth(1)).to_be_attached()
    second = page.locator(OPTIONS).nth(1).locator(".option-question").inner_text()
    page.keyboard.press("ArrowDown")
    expect(page.locator(OPTIONS).nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(page.locator("#entry-en .entry-question")).to_have_text(second)
    console.assert_clean()


def test_empty_query_browses_every_entry_by_section(context: BrowserContext, server: LiveServer) -> None:
    console = Console(context, server.url)
    page = console.page
    listing = api(server, "/api/v1/entries", lang="en")
    expect(page.locator(OPTIONS)).to_have_count(len(listing["entries"]))
    expect(page.locator("#results [role=group] .group-label")).to_have_text(listing["sections"])
    expect(page.locator("#results-heading")).to_have_text("All entries by section")
    page.keyboard.press("End")  # in the search box: moves the caret, not the selection
    page.locator("#results").focus()
    page.keyboard.press("End")
    expect(page.locator(OPTIONS).last).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(page.locator("#entry-zh .entry-question")).to_have_text(
        api(server, f"/api/v1/entries/{listing['entries'][-1]['id']}", lang="zh")["entry"]["question"]
    )
    # Typing then clearing the search comes back to browsing.
    page.keyboard.press("/")
    page.keyboard.type("platelet", delay=20)
    expect(page.locator(OPTIONS)).to_have_count(1)
    page.keyboard.press("Escape")  # clears a search box
    page.keyboard.press("Backspace")
    page.locator("#q").fill("")
    page.locator("#q").dispatch_event("input")
    expect(page.locator(OPTIONS)).to_have_count(len(listing["entries"]))
    console.assert_clean()


def test_nothing_found_and_markup_in_the_query_stay_text(context: BrowserContext, server: LiveServer) -> None:
    console = Console(context, server.url)
    page = console.page
    page.locator("#q").fill("<img src=x onerror=alert(1)> weather today")
    expect(page.locator("#status")).to_have_text(
        "No entry matches these words. Try other words, or clear the search to browse all entries."
    )
    expect(page.locator(OPTIONS)).to_have_count(0)
    assert page.locator("#results img").count() == 0
    console.assert_clean()


def test_chinese_interface_from_the_catalogs(context: BrowserContext, server: LiveServer, output_dir: Path) -> None:
    console = Console(context, server.url)
    page = console.page
    page.locator("#ui-lang").select_option("zh")
    expect(page.locator("h1")).to_have_text("客服查询台")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.locator("#q").focus()
    page.keyboard.type("副作用", delay=40)
    first = page.locator(OPTIONS).first
    expect(first.locator(".option-question")).to_contain_text("副作用")
    expect(first.locator(".option-question mark")).to_have_text(["副作用"])
    expect(page.locator("#status")).to_contain_text("共找到")
    page.keyboard.press("Enter")
    expect(page.locator("#entry-en .entry-question")).to_have_text("What are the side effects of IVIG and how is it monitored?")
    expect(page.locator("#entry-en .entry-answer mark").first).to_have_text("side effects")
    expect(page.locator("#entry-zh .copy")).to_have_text("复制答案和免责声明")
    expect(page.locator("#entry-zh .entry-disclaimer")).to_contain_text(ZH_DISCLAIMER_START)
    expect(page.locator("#entry-en .entry-disclaimer")).to_contain_text(EN_DISCLAIMER_START)
    page.screenshot(path=str(output_dir / "staff-console-zh.png"), full_page=False)
    page.reload()  # the choice is remembered
    expect(page.locator("h1")).to_have_text("客服查询台")
    console.assert_clean()


def test_the_chinese_column_switches_between_simplified_and_traditional(
    context: BrowserContext, server: LiveServer, output_dir: Path
) -> None:
    console = Console(context, server.url)
    page = console.page
    page.locator("#q").fill("platelet")
    expect(page.locator(OPTIONS)).to_have_count(1)
    page.keyboard.press("Enter")
    chinese = page.locator("#entry-zh")
    simplified, traditional = page.get_by_role("button", name="简体中文"), page.get_by_role("button", name="繁體中文")
    expect(page.locator("#script-switch")).to_have_attribute("aria-label", "Chinese script")
    expect(simplified).to_have_attribute("aria-pressed", "true")  # an English interface starts with Simplified
    expect(chinese.locator(".entry-disclaimer")).to_contain_text(ZH_DISCLAIMER_START)

    traditional.click()
    expect(traditional).to_have_attribute("aria-pressed", "true")
    expect(simplified).to_have_attribute("aria-pressed", "false")
    hant = api(server, "/api/v1/entries/ivig-side-effects", lang="zh-Hant")
    expect(chinese.locator(".entry-question")).to_have_text(hant["entry"]["question"])
    expect(chinese.locator(".entry-disclaimer")).to_have_text(hant["disclaimer"])
    expect(chinese).to_have_attribute("lang", "zh-Hant")
    expect(chinese.locator(".entry-answer")).to_contain_text("血小板減少症")
    expect(page.locator("#entry-en .entry-question")).to_have_text("What are the side effects of IVIG and how is it monitored?")
    page.locator("#entry-en").click()  # focus outside the search box, as an agent does after opening an entry
    page.keyboard.press("Shift+C")  # copies the column as shown: Traditional, with the Traditional disclaimer
    page.wait_for_function("async () => (await navigator.clipboard.readText()).includes('此資訊不能替代')")
    assert clipboard(page) == f"{hant['entry']['answer']}\n\n{hant['disclaimer']}"
    page.screenshot(path=str(output_dir / "staff-console-en-traditional-column.png"), full_page=False)

    page.reload()  # the column's script is remembered
    page.locator("#q").fill("platelet")
    expect(page.locator(OPTIONS)).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="繁體中文")).to_have_attribute("aria-pressed", "true")
    expect(chinese.locator(".entry-disclaimer")).to_contain_text(HANT_DISCLAIMER_START)
    simplified = page.get_by_role("button", name="简体中文")
    simplified.click()
    expect(simplified).to_have_attribute("aria-pressed", "true")
    expect(chinese.locator(".entry-disclaimer")).to_contain_text(ZH_DISCLAIMER_START)
    console.assert_clean()


def test_traditional_interface_from_the_catalogs(context: BrowserContext, server: LiveServer, output_dir: Path) -> None:
    console = Console(context, server.url)
    page = console.page
    page.locator("#ui-lang").select_option("zh-Hant")
    expect(page.locator("h1")).to_have_text("客服查詢檯")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    expect(page.locator("#keys")).to_contain_text("Shift+C")
    page.locator("#q").focus()
    page.keyboard.type("副作用", delay=40)
    first = page.locator(OPTIONS).first
    expect(first.locator(".option-question")).to_contain_text("副作用")
    expect(page.locator("#status")).to_contain_text("共找到")
    page.keyboard.press("Enter")
    chinese = page.locator("#entry-zh")
    expect(page.get_by_role("button", name="繁體中文")).to_have_attribute("aria-pressed", "true")  # follows the UI
    expect(chinese).to_have_attribute("lang", "zh-Hant")
    expect(chinese.locator(".entry-answer")).to_contain_text("頭痛")
    expect(chinese.locator(".copy")).to_have_text("複製答案和免責聲明")
    expect(chinese.locator(".entry-disclaimer")).to_contain_text(HANT_DISCLAIMER_START)
    expect(page.locator("#entry-en .entry-disclaimer")).to_contain_text(EN_DISCLAIMER_START)
    page.screenshot(path=str(output_dir / "staff-console-zh-Hant.png"), full_page=False)
    # A Traditional query finds the same entries as a Simplified one.
    page.keyboard.press("/")
    page.keyboard.type("血小板減少", delay=30)
    expect(page.locator(OPTIONS).first.locator(".option-question")).to_contain_text("副作用")
    page.reload()
    expect(page.locator("h1")).to_have_text("客服查詢檯")
    console.assert_clean()


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_axe_finds_no_serious_accessibility_violations(context: BrowserContext, server: LiveServer, lang: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    console = Console(context, server.url)
    page = console.page
    page.locator("#ui-lang").select_option(lang)
    expect(page.locator("html")).to_have_attribute("lang", {"en": "en", "zh": "zh-Hans", "zh-Hant": "zh-Hant"}[lang])
    page.locator("#q").fill("platelet")
    expect(page.locator(OPTIONS)).to_have_count(1)
    page.keyboard.press("Enter")
    start = HANT_DISCLAIMER_START if lang == "zh-Hant" else ZH_DISCLAIMER_START  # the column follows a Chinese UI
    expect(page.locator("#entry-zh .entry-disclaimer")).to_contain_text(start)
    results = Axe().run(page)
    serious = [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    console.assert_clean()
