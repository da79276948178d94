"""The chat widget end to end, in real headless Chromium, against the real app on loopback.

Two origins make cross-origin embedding real: the API (and its own demo page) on ``127.0.0.1:B``, and a host
site on ``localhost:A`` whose page embeds the widget with one script tag, under a strict Content-Security-Policy
(``script-src``/``connect-src`` the API only, ``style-src 'self'``, Trusted Types) and, when asked, hostile CSS.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest
from conftest import LiveServer, free_port
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    Route,
    expect,
    sync_playwright,
)

from app.answering.service import FaqService
from app.ops.settings import Settings
from app.web.application import create_app
from app.web.strings.widget import widget_strings

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
HOSTILE_CSS = """
html { font-size: 6px !important; }
body { font-size: 40px !important; background: #222 !important; }
* { font-family: "Comic Sans MS", cursive !important; color: #ff00ff !important; line-height: 3 !important;
    letter-spacing: 3px !important; text-transform: uppercase !important; box-sizing: content-box !important; }
div, section, form, p, span, ul, ol, li, a, button, input, h2, label { display: inline !important;
    margin: 40px !important; padding: 20px !important; border: 4px dashed red !important;
    background: yellow !important; opacity: 0.6 !important; transform: rotate(3deg) !important; }
faqbot-widget { display: none !important; opacity: 0 !important; position: absolute !important; top: -9999px !important; }
[hidden] { display: block !important; }
button { visibility: hidden !important; }
"""
CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
LAST_REPLY = ".msg.bot:not(.greeting) >> nth=-1"


# -- servers ------------------------------------------------------------------------------------------------------
def host_site(api: str) -> FastAPI:
    """Another website that embeds the widget: its page takes the embedding options as query parameters."""
    site = FastAPI()
    policy = "; ".join([
        "default-src 'none'", f"script-src {api}", f"connect-src {api}", "style-src 'self'", "img-src 'self' data:",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    ])

    @site.get("/{name}.html")
    def page(request: Request, name: str) -> HTMLResponse:
        options = dict(request.query_params)
        html_lang = options.pop("html_lang", "en")
        html_dir = options.pop("html_dir", "")
        hostile = options.pop("hostile", "") == "1"
        attributes = "".join(f' data-{escape(key)}="{escape(value)}"' for key, value in options.items())
        other = "other" if name == "index" else "index"
        body = f"""<!doctype html>
<html{f' lang="{escape(html_lang)}"' if html_lang else ""}{f' dir="{escape(html_dir)}"' if html_dir else ""}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page {name}</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/{'hostile' if hostile else 'plain'}.css"></head>
<body><main><h1>A pharmacy website ({name})</h1>
<p id="host-text">The host page's own text.</p>
<p><a id="next" href="/{other}.html?{escape(str(request.url.query))}">Another page of this site</a></p>
<button id="host-button" type="button">A host button</button></main>
<script src="{api}/widget.js"{attributes} defer></script>
</body></html>"""
        return HTMLResponse(body, headers={"Content-Security-Policy": policy})

    @site.get("/{name}.css")
    def stylesheet(name: str) -> PlainTextResponse:
        css = HOSTILE_CSS if name == "hostile" else "body { font: 16px/1.5 sans-serif; margin: 2rem; }"
        return PlainTextResponse(css, media_type="text/css")

    return site


@pytest.fixture(scope="module")
def host_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def api(host_port: int) -> Iterator[LiveServer]:
    settings = Settings(allowed_origins=[f"http://localhost:{host_port}"], rate_limit="off")
    with LiveServer(create_app(settings)) as server:
        yield server


@pytest.fixture(scope="module")
def host(api: LiveServer, host_port: int) -> Iterator[str]:
    with LiveServer(host_site(api.url), port=host_port):
        yield f"http://localhost:{host_port}"


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright, chromium_path)
        yield chromium
        chromium.close()


def launch(playwright: Playwright, chromium_path: str) -> Browser:
    return playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)


# -- a page under watch -------------------------------------------------------------------------------------------
class Watched:
    """A page whose console errors, uncaught exceptions and CSP violations are collected."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.add_init_script(CSP_VIOLATIONS)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            self.errors.append(f"console.{message.type}: {message.text}")

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("window.__cspViolations || []"))

    def assert_clean(self) -> None:
        assert self.csp_violations() == []
        assert self.errors == []


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    yield ctx
    ctx.close()


@pytest.fixture
def watched(context: BrowserContext) -> Watched:
    return Watched(context.new_page())


@pytest.fixture(scope="module")
def en(service: FaqService) -> dict[str, Any]:
    return widget_strings(service.composer, "en").model_dump()


@pytest.fixture(scope="module")
def zh(service: FaqService) -> dict[str, Any]:
    return widget_strings(service.composer, "zh").model_dump()


@pytest.fixture(scope="module")
def hant(service: FaqService) -> dict[str, Any]:
    return widget_strings(service.composer, "zh-Hant").model_dump()


# -- helpers ------------------------------------------------------------------------------------------------------
def widget(page: Page) -> Locator:
    return page.locator("faqbot-widget")


def open_widget(page: Page, texts: dict[str, Any]) -> None:
    page.get_by_role("button", name=texts["strings"]["launcher"]).click()
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(page.get_by_role("textbox", name=texts["strings"]["input_label"])).to_be_focused()


def replies(page: Page) -> Locator:
    return widget(page).locator(".msg.bot:not(.greeting)")


def ask(page: Page, texts: dict[str, Any], question: str) -> Locator:
    """Type a question and send it with Enter; return the new reply."""
    before = replies(page).count()
    box = page.get_by_role("textbox", name=texts["strings"]["input_label"])
    box.fill(question)
    box.press("Enter")
    expect(replies(page)).to_have_count(before + 1, timeout=15_000)
    return replies(page).nth(before)


def about(texts: dict[str, Any], question: str) -> str:
    return str(texts["strings"]["about"]).replace("{question}", question)


def shadow_focus(page: Page) -> str:
    """A short description of the focused element inside the widget ("" when focus is elsewhere)."""
    return str(page.evaluate(
        """() => {
          const host = document.querySelector("faqbot-widget");
          const el = host && document.activeElement === host ? host.shadowRoot.activeElement : null;
          return el ? el.tagName.toLowerCase() + "." + (el.className || el.id) : "";
        }"""
    ))


def shot(page: Page, output_dir: Path, name: str) -> None:
    page.screenshot(path=str(output_dir / f"widget-{name}.png"))


def shot_reply_end(page: Page, output_dir: Path, name: str) -> None:
    """The panel scrolled to the end of the last reply (its disclaimer)."""
    widget(page).locator(".log").evaluate("e => { e.scrollTop = e.scrollHeight; }")
    page.get_by_role("dialog").screenshot(path=str(output_dir / f"widget-{name}.png"))


# -- tests --------------------------------------------------------------------------------------------------------
def test_demo_page_english_question_gets_the_right_answer_with_disclaimer(
    watched: Watched, api: LiveServer, service: FaqService, en: dict[str, Any], output_dir: Path
) -> None:
    page = watched.page
    page.goto(api.url + "/")
    open_widget(page, en)
    expect(widget(page).locator(".greeting")).to_contain_text(en["strings"]["greeting"])
    expect(widget(page).locator(".greeting .disclaimer")).to_have_text(en["disclaimer"])
    reply = ask(page, en, "What is toxic epidermal necrolysis?")

    entry = service.content.entry("what-is-ten")
    assert entry is not None
    expect(reply.locator(".about")).to_have_text(about(en, entry.entry.question))
    expect(reply).to_contain_text(service.composer.text("en", entry.entry.answer).split(". ")[0])
    expect(reply).to_have_attribute("lang", "en")
    expect(reply.locator(".disclaimer")).to_have_text(service.composer.disclaimer("en"))
    assert reply.locator(".disclaimer").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 12
    # Sources are links that open elsewhere; suggestions are buttons.
    links = reply.locator(".sources a")
    expect(links.first).to_have_attribute("href", re.compile(r"^https://"))
    expect(links.first).to_have_attribute("rel", "noopener noreferrer")
    assert reply.locator(".chip").count() >= 1
    # The About line comes before the answer.
    first = reply.locator("p").first
    expect(first).to_have_class("about")
    shot(page, output_dir, "en")
    shot_reply_end(page, output_dir, "en-disclaimer")
    watched.assert_clean()


def test_switch_to_chinese_gives_a_chinese_answer_with_the_chinese_disclaimer(
    watched: Watched, api: LiveServer, service: FaqService, en: dict[str, Any], zh: dict[str, Any], output_dir: Path
) -> None:
    page = watched.page
    page.goto(api.url + "/")
    open_widget(page, en)
    ask(page, en, "What are the side effects of IVIG?")
    switch = page.get_by_role("button", name="简体中文")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    box = page.get_by_role("textbox", name=zh["strings"]["input_label"])
    expect(box).to_have_attribute("placeholder", zh["strings"]["placeholder"])
    expect(page.get_by_role("dialog")).to_have_attribute("aria-labelledby", "faqbot-title")
    expect(widget(page).locator(".title")).to_have_text(zh["strings"]["title"])
    expect(widget(page).locator(".root")).to_have_attribute("lang", "zh-Hans")

    reply = ask(page, zh, "IVIG 的副作用有哪些")
    entry = service.content.entry("ivig-side-effects")
    assert entry is not None
    expect(reply).to_have_attribute("lang", "zh-Hans")
    expect(reply.locator(".about")).to_have_text(about(zh, service.composer.text("zh", entry.entry.question)))
    expect(reply).to_contain_text("头痛")
    expect(reply.locator(".disclaimer")).to_have_text(service.composer.disclaimer("zh"))
    expect(reply.locator(".label").first).to_have_text(zh["strings"]["sources"])
    expect(replies(page).first).to_have_attribute("lang", "en")  # the earlier English reply stays English
    expect(widget(page).locator(".msg.user").last).to_have_attribute("lang", "zh-Hans")
    shot(page, output_dir, "zh")
    shot_reply_end(page, output_dir, "zh-disclaimer")
    watched.assert_clean()


def test_switch_to_traditional_gives_a_traditional_answer_with_the_traditional_disclaimer(
    watched: Watched, api: LiveServer, service: FaqService, en: dict[str, Any], hant: dict[str, Any], output_dir: Path
) -> None:
    page = watched.page
    page.goto(api.url + "/")
    open_widget(page, en)
    buttons = widget(page).locator(".langs button")
    expect(buttons).to_have_text(["EN", "简", "繁"])
    assert [buttons.nth(i).get_attribute("aria-label") for i in range(3)] == ["English", "简体中文", "繁體中文"]
    switch = page.get_by_role("button", name="繁體中文")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    expect(widget(page).locator(".root")).to_have_attribute("lang", "zh-Hant")
    expect(widget(page).locator(".title")).to_have_text(hant["strings"]["title"])
    expect(widget(page).locator(".greeting")).to_contain_text(hant["strings"]["greeting"])
    expect(widget(page).locator(".greeting .disclaimer")).to_have_text(hant["disclaimer"])
    assert hant["disclaimer"].startswith("此資訊不能替代醫療建議或治療")
    box = page.get_by_role("textbox", name=hant["strings"]["input_label"])
    expect(box).to_have_attribute("placeholder", hant["strings"]["placeholder"])

    reply = ask(page, hant, "靜脈注射免疫球蛋白有什麼副作用？")
    entry = service.content.entry("ivig-side-effects")
    assert entry is not None
    expect(reply).to_have_attribute("lang", "zh-Hant")
    expect(reply.locator(".about")).to_have_text(about(hant, service.composer.text("zh-Hant", entry.entry.question)))
    expect(reply).to_contain_text("頭痛")
    expect(reply.locator(".disclaimer")).to_have_text(service.composer.disclaimer("zh-Hant"))
    expect(reply.locator(".label").first).to_have_text(hant["strings"]["sources"])
    expect(widget(page).locator(".msg.user").last).to_have_attribute("lang", "zh-Hant")
    # Traditional glyphs: the Traditional text is set in a Traditional Chinese font where one is installed.
    font = reply.locator("p").nth(1).evaluate("e => getComputedStyle(e).fontFamily")
    assert "TC" in font, font
    shot(page, output_dir, "zh-Hant")
    shot_reply_end(page, output_dir, "zh-Hant-disclaimer")
    # The choice survives a page change (the tab's sessionStorage), and Simplified questions still work in 繁.
    page.goto(api.url + "/?lang=en")
    expect(page.get_by_role("button", name="繁體中文")).to_have_attribute("aria-pressed", "true")
    reply = ask(page, hant, "丙球打几天")
    expect(reply).to_have_attribute("lang", "zh-Hant")
    expect(reply.locator(".disclaimer")).to_have_text(hant["disclaimer"])
    watched.assert_clean()


def test_errors_in_traditional_carry_the_traditional_disclaimer(
    watched: Watched, host: str, api: LiveServer, hant: dict[str, Any], output_dir: Path
) -> None:
    page = watched.page
    page.goto(host + "/index.html?lang=zh-Hant")
    open_widget(page, hant)
    # The server's own error (a 422 in Traditional, with its disclaimer) is shown as it came.
    page.route(api.url + "/api/v1/ask", lambda route: route.continue_(post_data=json.dumps({"question": "", "lang": "zh-Hant"})))
    box = page.get_by_role("textbox", name=hant["strings"]["input_label"])
    box.fill("劑量")
    box.press("Enter")
    error = widget(page).locator(".msg.error").last
    expect(error).to_contain_text("請輸入您的問題。")
    expect(error.locator(".disclaimer")).to_have_text(hant["disclaimer"])
    # No connection at all: the widget's own message, in Traditional, with the disclaimer it already has.
    page.unroute(api.url + "/api/v1/ask")
    page.route(api.url + "/api/v1/ask", lambda route: route.abort())
    box.fill("劑量")
    box.press("Enter")
    error = widget(page).locator(".msg.error").last
    expect(error).to_contain_text(hant["strings"]["error_network"])
    expect(error.locator(".disclaimer")).to_have_text(hant["disclaimer"])
    expect(error.get_by_role("button", name=hant["strings"]["retry"])).to_be_visible()
    page.get_by_role("dialog").screenshot(path=str(output_dir / "widget-zh-Hant-error.png"))
    # The browser itself logs the failed requests (the 422 and the aborted one); anything else is a problem.
    watched.errors = [e for e in watched.errors if "Failed to load resource" not in e]
    watched.assert_clean()


def test_clicking_a_suggestion_asks_that_entry_in_the_current_language(
    watched: Watched, api: LiveServer, en: dict[str, Any]
) -> None:
    page = watched.page
    page.goto(api.url + "/")
    open_widget(page, en)
    reply = ask(page, en, "Does IVIG help TEN?")
    chip = reply.locator(".chip").first
    question = chip.inner_text()
    chip.click()
    expect(replies(page)).to_have_count(2)
    expect(replies(page).last.locator(".about")).to_have_text(about(en, question))
    expect(widget(page).locator(".msg.user").last).to_have_text(re.compile(re.escape(question) + "$"))
    expect(page.get_by_role("textbox", name=en["strings"]["input_label"])).to_be_focused()
    # Before any question, the greeting offers starter questions that work the same way.
    widget(page).get_by_role("button", name=en["strings"]["new_conversation"]).click()
    starter = widget(page).locator(".greeting .chip").first
    expect(starter).to_have_text(en["starters"][0]["question"])
    starter.click()
    expect(replies(page).last.locator(".about")).to_have_text(about(en, en["starters"][0]["question"]))
    watched.assert_clean()


def test_html_in_a_question_or_a_reply_is_shown_as_text_and_runs_nothing(
    watched: Watched, host: str, api: LiveServer, en: dict[str, Any]
) -> None:
    page = watched.page
    page.goto(host + "/index.html")
    open_widget(page, en)
    question = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><b>bold</b>'
    ask(page, en, question)
    expect(widget(page).locator(".msg.user p")).to_have_text(question)

    evil = '<img src=x onerror="window.pwned=3"><b>hi</b>'
    hostile_reply = {
        "lang": "en", "kind": "answer", "reply": f"Answer {evil}", "confidence": 0.9,
        "entry": {"id": "x", "question": f"Q {evil}", "sources": [
            {"id": 1, "citation": f"Cite {evil}", "url": "javascript:window.pwned=4"},
            {"id": 2, "citation": "Fine", "url": "https://doi.org/10.1/x"},
        ]},
        "suggestions": [{"id": "y", "question": f"S {evil}"}],
        "disclaimer": f"D {evil}",
    }

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(hostile_reply),
                      headers={"Access-Control-Allow-Origin": host})

    page.route(api.url + "/api/v1/ask", fulfil)
    reply = ask(page, en, "anything")
    expect(reply.locator(".about")).to_have_text(about(en, f"Q {evil}"))
    expect(reply.locator(".sources li").first).to_have_text(f"Cite {evil}")
    assert reply.locator(".sources li").first.locator("a").count() == 0  # a javascript: URL is no link
    expect(reply.locator(".sources a")).to_have_attribute("href", "https://doi.org/10.1/x")
    expect(reply.locator(".chip")).to_have_text(f"S {evil}")
    expect(reply.locator(".disclaimer")).to_have_text(f"D {evil}")
    assert widget(page).locator("img, script, b").count() == 0
    assert page.evaluate("window.pwned") is None
    watched.assert_clean()


def test_keyboard_only_flow(watched: Watched, host: str, en: dict[str, Any], zh: dict[str, Any]) -> None:
    page = watched.page
    page.goto(host + "/index.html")
    expect(page.get_by_role("button", name=en["strings"]["launcher"])).to_be_visible()
    for _ in range(8):  # the page's link and button, then the launcher
        page.keyboard.press("Tab")
        if shadow_focus(page) == "button.launcher":
            break
    assert shadow_focus(page) == "button.launcher"
    page.keyboard.press("Enter")
    assert shadow_focus(page) == "input.input"
    page.keyboard.type("How is IVIG dosed?")
    page.keyboard.press("Enter")
    expect(replies(page)).to_have_count(1, timeout=15_000)
    assert shadow_focus(page) == "input.input"

    page.keyboard.press("Shift+Tab")  # back into the transcript: the last suggestion
    assert shadow_focus(page) == "button.chip"
    page.keyboard.press("Enter")
    expect(replies(page)).to_have_count(2, timeout=15_000)
    assert shadow_focus(page) == "input.input"

    # The language switch and "new conversation" are buttons in the panel's header, reached with Tab.
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.querySelector('faqbot-widget').shadowRoot.activeElement?.textContent") == "简":
            break
    page.keyboard.press("Space")
    expect(page.get_by_role("textbox", name=zh["strings"]["input_label"])).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert shadow_focus(page) == "button.launcher"
    expect(page.get_by_role("button", name=zh["strings"]["launcher"])).to_have_attribute("aria-expanded", "false")
    watched.assert_clean()


def test_hostile_css_and_a_strict_csp_on_the_host_page_break_nothing(
    watched: Watched, host: str, api: LiveServer, en: dict[str, Any], output_dir: Path
) -> None:
    page = watched.page
    answers: list[dict[str, str]] = []
    page.on("response", lambda r: answers.append({"url": r.url, **r.headers}) if r.url.endswith("/api/v1/ask") else None)
    page.goto(host + "/index.html?hostile=1")
    host_color_before = page.locator("#host-text").evaluate("e => getComputedStyle(e).color")
    open_widget(page, en)
    reply = ask(page, en, "What causes TEN?")
    expect(reply.locator(".about")).to_be_visible()

    send = page.get_by_role("button", name=en["strings"]["send"])
    expect(send).to_be_visible()
    style = send.evaluate(
        "e => { const s = getComputedStyle(e); return [s.fontFamily, s.color, s.textTransform, s.letterSpacing, s.visibility]; }"
    )
    assert "Comic" not in style[0] and style[1] == "rgb(255, 255, 255)" and style[2] == "none"
    assert style[3] == "normal" and style[4] == "visible"
    panel = page.get_by_role("dialog").bounding_box()
    assert panel is not None and panel["x"] + panel["width"] <= 1280 and panel["y"] + panel["height"] <= 800
    # The widget's styles do not leak into the page either.
    assert page.locator("#host-text").evaluate("e => getComputedStyle(e).color") == host_color_before == "rgb(255, 0, 255)"
    # The answer really crossed origins under CORS.
    assert answers and answers[-1]["url"].startswith(api.url)
    assert answers[-1]["access-control-allow-origin"] == host
    shot(page, output_dir, "hostile-host-page")
    watched.assert_clean()


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_widget_fits_a_360px_phone_screen(
    browser: Browser, host: str, en: dict[str, Any], zh: dict[str, Any], hant: dict[str, Any], output_dir: Path, lang: str
) -> None:
    texts = {"en": en, "zh": zh, "zh-Hant": hant}[lang]
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        watched = Watched(ctx.new_page())
        page = watched.page
        page.goto(f"{host}/index.html?lang={lang}")
        launcher = page.get_by_role("button", name=texts["strings"]["launcher"])
        box = launcher.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
        open_widget(page, texts)
        ask(page, texts, {"en": "What is the dose of IVIG?", "zh": "IVIG 剂量是多少", "zh-Hant": "IVIG 劑量是多少"}[lang])
        panel = page.get_by_role("dialog").bounding_box()
        assert panel is not None and panel["x"] >= 0 and panel["x"] + panel["width"] <= 360
        for control in (page.get_by_role("textbox", name=texts["strings"]["input_label"]),
                        page.get_by_role("button", name=texts["strings"]["send"]),
                        page.get_by_role("button", name=texts["strings"]["close"])):
            rect = control.bounding_box()
            assert rect is not None and rect["x"] >= 0 and rect["x"] + rect["width"] <= 360 and rect["height"] >= 24
        overflow = widget(page).locator(".log").evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow <= 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        shot(page, output_dir, f"360px-{lang}")
        watched.assert_clean()
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_axe_finds_no_serious_accessibility_violations(
    watched: Watched, api: LiveServer, en: dict[str, Any], zh: dict[str, Any], hant: dict[str, Any], lang: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    texts = {"en": en, "zh": zh, "zh-Hant": hant}[lang]
    page = watched.page
    page.goto(f"{api.url}/?lang={lang}")
    open_widget(page, texts)
    questions = {
        "en": ("What are the side effects of IVIG?", "my skin is peeling off in sheets", "What are your opening hours?"),
        "zh": ("IVIG 有什么副作用", "皮肤大片脱落，呼吸困难", "你们几点开门"),
        "zh-Hant": ("IVIG 有什麼副作用", "皮膚大片脫落，呼吸困難", "你們幾點開門"),
    }[lang]
    for question in questions:
        ask(page, texts, question)
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    # The transcript is a polite log; the controls have names.
    log = page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log).to_have_attribute("aria-label", texts["strings"]["transcript"])
    assert watched.errors == []


def test_emergency_reply_comes_first_as_an_alert_and_stands_out(
    watched: Watched, host: str, en: dict[str, Any], output_dir: Path
) -> None:
    page = watched.page
    page.goto(host + "/index.html")
    open_widget(page, en)
    reply = ask(page, en, "My skin is coming off in sheets and I have a high fever with blisters")
    alert = reply.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(en["emergency_number"])
    expect(alert.locator(f'a[href="{en["emergency_href"]}"]').first).to_be_visible()
    # First in the reply: nothing visible comes before the alert.
    assert reply.evaluate("e => [...e.children].find(c => !c.classList.contains('sr')).classList.contains('alert')")
    colours = alert.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).borderLeftColor]")
    normal = reply.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colours[0] != normal and colours[1] == "rgb(179, 38, 30)"
    page.get_by_role("dialog").screenshot(path=str(output_dir / "widget-emergency-en.png"))
    watched.assert_clean()


def test_emergency_in_traditional_offers_a_call_button_for_every_regions_number(
    watched: Watched, host: str, hant: dict[str, Any], output_dir: Path
) -> None:
    """A Traditional reader may be in Hong Kong, Taiwan or mainland China: one button per FAQBOT_EMERGENCY_REGIONS line."""
    page = watched.page
    page.goto(host + "/index.html?lang=zh-Hant")
    open_widget(page, hant)
    reply = ask(page, hant, "我屋企人皮膚大片脫落，仲發高燒，點算？")
    alert = reply.get_by_role("alert")
    expect(alert).to_be_visible()
    lines = hant["emergency_lines"]
    assert [line["number"] for line in lines] == ["911", "999", "119", "120"]
    calls = alert.locator("a.emergency-call")
    expect(calls).to_have_count(len(lines))
    for i, line in enumerate(lines):
        expect(calls.nth(i)).to_have_attribute("href", line["href"])
        expect(calls.nth(i)).to_have_text(hant["strings"]["emergency_call"].replace("{emergency_number}", line["label"]))
        others = [other["number"] for other in lines if other["number"] != line["number"]]
        assert not any(number in calls.nth(i).inner_text() for number in others)  # one number per button
        # The number in the alert's own text is a link too.
        expect(alert.locator(f'p a[href="{line["href"]}"]').first).to_have_text(line["number"])
    expect(reply.locator(".disclaimer")).to_have_text(hant["disclaimer"])
    page.get_by_role("dialog").screenshot(path=str(output_dir / "widget-emergency-zh-Hant.png"))
    watched.assert_clean()


def test_no_match_offers_the_phone_line_as_a_tel_link(watched: Watched, host: str, en: dict[str, Any]) -> None:
    page = watched.page
    page.goto(host + "/index.html")
    open_widget(page, en)
    reply = ask(page, en, "What are your opening hours on Sunday?")
    expect(reply).to_have_class(re.compile(r"kind-no_match"))
    link = reply.locator(f'a[href="{en["phone_href"]}"]')
    expect(link).to_have_text(en["phone"])
    assert reply.locator(".about").count() == 0
    assert reply.locator(".chip").count() >= 1
    watched.assert_clean()


def test_language_comes_from_data_lang_then_html_lang_then_the_browser(
    browser: Browser, host: str, en: dict[str, Any], zh: dict[str, Any], hant: dict[str, Any]
) -> None:
    cases = [
        ("en-US", "html_lang=zh-CN", zh),  # the page's <html lang>
        ("en-US", "html_lang=zh-CN&lang=en", en),  # data-lang wins
        ("zh-CN", "html_lang=", zh),  # no lang on the page: navigator.languages
        ("zh-TW", "html_lang=fr", hant),  # an unsupported page language falls through to the browser's
        ("de-DE", "html_lang=", en),  # nothing supported: English
        ("en-US", "html_lang=zh-TW", hant),  # Taiwan, Hong Kong and Macau pages get Traditional
        ("en-US", "html_lang=zh-HK", hant),
        ("en-US", "html_lang=zh-Hant-MO", hant),
        ("en-US", "html_lang=zh-SG", zh),
        ("zh-CN", "html_lang=en&lang=zh-Hant", hant),  # data-lang="zh-Hant"
        ("zh-HK", "html_lang=", hant),
    ]
    for locale, query, texts in cases:
        ctx = browser.new_context(locale=locale)
        try:
            page = ctx.new_page()
            page.goto(f"{host}/index.html?{query}")
            launcher = page.get_by_role("button", name=texts["strings"]["launcher"])
            expect(launcher, f"{locale} {query}").to_be_visible()
        finally:
            ctx.close()


def test_data_attributes_set_title_and_position(watched: Watched, host: str, en: dict[str, Any]) -> None:
    page = watched.page
    page.goto(host + "/index.html?position=left&title=Pharmacy%20questions")
    launcher = page.get_by_role("button", name=en["strings"]["launcher"])
    box = launcher.bounding_box()
    assert box is not None and box["x"] < 100
    open_widget(page, en)
    expect(page.get_by_role("dialog", name="Pharmacy questions")).to_be_visible()
    panel = page.get_by_role("dialog").bounding_box()
    assert panel is not None and panel["x"] < 100
    watched.assert_clean()


def test_conversation_survives_navigation_in_the_tab_and_new_conversation_clears_it(
    watched: Watched, context: BrowserContext, host: str, en: dict[str, Any]
) -> None:
    page = watched.page
    page.goto(host + "/index.html")
    open_widget(page, en)
    reply = ask(page, en, "What is TEN?")
    about_line = reply.locator(".about").inner_text()
    page.locator("#next").click()
    page.wait_for_url("**/other.html*")
    expect(page.get_by_role("dialog")).to_be_visible()  # it was open: it stays open
    expect(replies(page)).to_have_count(1)
    expect(replies(page).first.locator(".about")).to_have_text(about_line)
    expect(widget(page).locator(".msg.user")).to_contain_text("What is TEN?")

    other_tab = context.new_page()  # sessionStorage belongs to one tab
    other_tab.goto(host + "/index.html")
    expect(other_tab.get_by_role("button", name=en["strings"]["launcher"])).to_be_visible()
    expect(replies(other_tab)).to_have_count(0)
    other_tab.close()

    widget(page).get_by_role("button", name=en["strings"]["new_conversation"]).click()
    expect(replies(page)).to_have_count(0)
    expect(page.get_by_role("textbox", name=en["strings"]["input_label"])).to_be_focused()
    page.reload()
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(replies(page)).to_have_count(0)
    stored = page.evaluate("Object.keys(sessionStorage).filter(k => k.includes(':v1:http')).map(k => sessionStorage.getItem(k))")
    assert all("What is TEN" not in value for value in stored)
    watched.assert_clean()


def test_network_error_shows_a_message_and_retry_works(
    watched: Watched, host: str, api: LiveServer, en: dict[str, Any], output_dir: Path
) -> None:
    page = watched.page
    page.goto(host + "/index.html")
    open_widget(page, en)
    page.route(api.url + "/api/v1/ask", lambda route: route.abort("internetdisconnected"))
    box = page.get_by_role("textbox", name=en["strings"]["input_label"])
    box.fill("What is TEN?")
    box.press("Enter")
    error = widget(page).locator(".msg.error")
    expect(error).to_contain_text(en["strings"]["error_network"])
    expect(error.locator(".disclaimer")).to_have_text(en["disclaimer"])  # an error is a reply: it carries the disclaimer
    expect(widget(page).locator(".typing")).to_be_hidden()
    expect(box).to_be_enabled()
    page.get_by_role("dialog").screenshot(path=str(output_dir / "widget-network-error-en.png"))
    page.unroute(api.url + "/api/v1/ask")
    error.get_by_role("button", name=en["strings"]["retry"]).click()
    expect(replies(page)).to_have_count(1, timeout=15_000)
    expect(error).to_have_count(0)
    expect(widget(page).locator(".msg.user")).to_have_count(1)  # a retry does not repeat the question
    assert all("ERR_INTERNET_DISCONNECTED" in e or "Failed to load resource" in e for e in watched.errors)
    assert watched.csp_violations() == []


def test_slow_answer_shows_typing_then_a_timeout_message_and_the_panel_stays_usable(
    watched: Watched, host: str, api: LiveServer, en: dict[str, Any]
) -> None:
    page = watched.page
    page.goto(host + "/index.html?timeout=1500")
    open_widget(page, en)
    held: list[Route] = []
    page.route(api.url + "/api/v1/ask", lambda route: held.append(route))  # never answered
    box = page.get_by_role("textbox", name=en["strings"]["input_label"])
    box.fill("What is TEN?")
    box.press("Enter")
    typing = page.get_by_role("status")
    expect(typing).to_have_text(en["strings"]["typing"])
    expect(box).to_be_editable()
    expect(widget(page).locator(".msg.error")).to_contain_text(en["strings"]["error_timeout"], timeout=5_000)
    expect(typing).to_be_hidden()
    page.unroute(api.url + "/api/v1/ask")
    widget(page).get_by_role("button", name=en["strings"]["retry"]).click()
    expect(replies(page)).to_have_count(1, timeout=15_000)


def test_server_error_shows_the_servers_message_with_retry(watched: Watched, host: str, api: LiveServer, en: dict[str, Any]) -> None:
    page = watched.page
    page.goto(host + "/index.html")
    open_widget(page, en)
    body = {"lang": "en", "error": {"status": 500, "code": "internal_error", "message": "Broken on purpose."},
            "disclaimer": "The server's own disclaimer."}
    page.route(api.url + "/api/v1/ask", lambda route: route.fulfill(
        status=500, content_type="application/json", body=json.dumps(body), headers={"Access-Control-Allow-Origin": host}))
    box = page.get_by_role("textbox", name=en["strings"]["input_label"])
    box.fill("What is TEN?")
    box.press("Enter")
    error = widget(page).locator(".msg.error")
    expect(error).to_contain_text("Broken on purpose.")
    expect(error.locator(".disclaimer")).to_have_text("The server's own disclaimer.")
    page.unroute(api.url + "/api/v1/ask")
    error.get_by_role("button", name=en["strings"]["retry"]).click()
    expect(replies(page)).to_have_count(1, timeout=15_000)


def test_a_site_outside_the_allow_list_gets_no_answers(watched: Watched, host_port: int, host: str, en: dict[str, Any]) -> None:
    """The same host page on 127.0.0.1:A is another origin, not in FAQBOT_ALLOWED_ORIGINS: CORS stops the widget."""
    page = watched.page
    page.goto(f"http://127.0.0.1:{host_port}/index.html")
    page.wait_for_timeout(1_000)
    assert widget(page).count() == 0  # no strings, no widget: nothing half-working on the page
    assert any("CORS" in error for error in watched.errors)
    assert watched.csp_violations() == []


# -- field reports: right-to-left pages, long pastes, a phone's first view, the demo page's questions ------------
GLYPH_ORDER = """(node) => {
  const text = node.firstChild; const range = document.createRange();
  range.setStart(text, 0); range.setEnd(text, 1); const first = range.getBoundingClientRect().left;
  range.setStart(text, text.length - 1); range.setEnd(text, text.length); const last = range.getBoundingClientRect().left;
  return [first, last, getComputedStyle(node).direction];
}"""


def test_a_right_to_left_host_page_does_not_reorder_the_widgets_text(
    watched: Watched, host: str, en: dict[str, Any], service: FaqService, output_dir: Path
) -> None:
    """Field report: on <html dir="rtl"> the English widget rendered "?What is TEN"."""
    page = watched.page
    page.goto(f"{host}/index.html?html_dir=rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    open_widget(page, en)
    reply = ask(page, en, "What is TEN?")
    for selector in (".root", ".panel", ".greeting p", ".input"):
        assert widget(page).locator(selector).first.evaluate("e => getComputedStyle(e).direction") == "ltr", selector
    for node in (widget(page).locator(".msg.user p").last, reply.locator(".about")):
        first, last, direction = node.evaluate(GLYPH_ORDER)
        assert direction == "ltr" and first < last  # "What ... ?" reads left to right, the "?" at the end
    shot(page, output_dir, "rtl-host-page")
    watched.assert_clean()


def test_a_long_paste_is_never_cut_nor_sent_and_the_limit_shows_as_it_nears(
    watched: Watched, host: str, en: dict[str, Any], output_dir: Path
) -> None:
    """Field report: a long paste was cut to its first 500 characters ("...We w") and that was answered."""
    page = watched.page
    sent: list[str] = []
    page.on("request", lambda request: sent.append(json.loads(request.post_data or "{}").get("question", ""))
            if request.url.endswith("/api/v1/ask") and request.method == "POST" else None)
    page.goto(f"{host}/index.html")
    open_widget(page, en)
    box = page.get_by_role("textbox", name=en["strings"]["input_label"])
    counter = widget(page).locator(".counter")
    story = ("My father was diagnosed with toxic epidermal necrolysis last week and the doctors started IVIG. "
             "We were told it might help, but nobody explained the side effects or how long it takes. ")
    paste = (story * 4)[:600] + " We want to know what to expect."
    box.fill(paste)
    expect(counter).to_be_visible()
    expect(counter).to_contain_text(en["strings"]["too_long"])
    expect(counter).to_contain_text(f"{len(paste)} / 500")
    expect(box).to_have_attribute("aria-invalid", "true")
    box.press("Enter")
    page.wait_for_timeout(500)
    assert sent == [] and replies(page).count() == 0
    assert box.input_value() == paste  # nothing cut: the user shortens it
    shot(page, output_dir, "too-long")

    box.fill("a" * 300)
    expect(counter).to_be_hidden()
    box.fill("𠝹" * 450)  # supplementary-plane characters count once each, as the server counts them
    expect(counter).to_have_text("450 / 500")
    expect(box).not_to_have_attribute("aria-invalid", "true")

    question = paste[:480].rstrip()
    box.fill(question)
    expect(counter).to_have_text(f"{len(question)} / 500")
    box.press("Enter")
    expect(replies(page)).to_have_count(1, timeout=15_000)
    assert sent == [question]  # exactly what the user typed
    expect(counter).to_be_hidden()
    watched.assert_clean()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opening_on_a_360px_phone_shows_the_greeting_from_its_first_line(
    browser: Browser, host: str, en: dict[str, Any], zh: dict[str, Any], output_dir: Path, lang: str
) -> None:
    """Field report: at 360 px the first line of the greeting was hidden under the header when the panel opened."""
    texts = {"en": en, "zh": zh}[lang]
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        watched = Watched(ctx.new_page())
        page = watched.page
        page.goto(f"{host}/index.html?lang={lang}")
        open_widget(page, texts)
        log = widget(page).locator(".log").bounding_box()
        greeting = widget(page).locator(".greeting p").first.bounding_box()
        assert log is not None and greeting is not None
        assert log["y"] <= greeting["y"] and greeting["y"] + greeting["height"] <= log["y"] + log["height"]
        shot(page, output_dir, f"360px-open-{lang}")

        reply = ask(page, texts, "What is the dose of IVIG?" if lang == "en" else "IVIG 剂量是多少")
        page.get_by_role("button", name=texts["strings"]["close"]).click()
        page.get_by_role("button", name=texts["strings"]["launcher"]).click()
        log, start = widget(page).locator(".log").bounding_box(), reply.bounding_box()
        assert log is not None and start is not None
        assert log["y"] - 1 <= start["y"] < log["y"] + log["height"] / 2  # the latest reply, from its start
        watched.assert_clean()
    finally:
        ctx.close()


def test_the_demo_pages_questions_ask_the_widget(watched: Watched, api: LiveServer, zh: dict[str, Any], service: FaqService) -> None:
    page = watched.page
    page.goto(api.url + "/?lang=zh")
    dose, rare = (service.content.entry(entry_id) for entry_id in ("ivig-dose", "ten-how-common"))
    assert dose is not None and rare is not None
    dose_question, rare_question = (service.composer.text("zh", item.entry.question) for item in (dose, rare))
    page.get_by_role("button", name=dose_question, exact=True).click()
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(replies(page)).to_have_count(1, timeout=15_000)
    expect(replies(page).last.locator(".about")).to_have_text(about(zh, dose_question))
    page.get_by_role("button", name=zh["strings"]["close"]).click()
    page.get_by_role("button", name=rare_question, exact=True).focus()
    page.keyboard.press("Enter")  # keyboard users too
    expect(replies(page)).to_have_count(2, timeout=15_000)
    expect(replies(page).last.locator(".about")).to_have_text(about(zh, rare_question))
    watched.assert_clean()
